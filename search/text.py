"""French text normalisation shared by the index and the queries.

A word goes through: lower case → diacritics removed (``unicodedata``) → French stop words
dropped → French Snowball stem (``snowballstemmer``). Accents are removed *before* stemming, so
that « numérique » and « numerique » give the same stem whatever the user typed. The same
functions run at index time and at query time (SQLite backend); PostgreSQL does the same in its
``french_unaccent`` text search configuration (unaccent, then the French Snowball stemmer)."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Words: letters and digits (after diacritics removal, ASCII only).
WORD_RE = re.compile(r"[a-z0-9]+")
# Elisions: l'accès, d’un, qu'elle → accès, un, elle.
ELISION_RE = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
TAG_RE = re.compile(r"<[^>]*>")
SPACES_RE = re.compile(r"\s+")

# The Snowball French stop list, without diacritics (they are removed before the lookup).
STOP_WORDS = frozenset(
    """
    au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me
    meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes
    toi ton tu un une vos votre vous c d j l a m n s t y ete etee etees etes etant etante etants
    etantes suis es est sommes etes sont serai seras sera serons serez seront serais serait
    serions seriez seraient etais etait etions etiez etaient fus fut fumes futes furent sois
    soit soyons soyez soient fusse fusses fut fussions fussiez fussent ayant ayante ayantes
    ayants eu eue eues eus ai as avons avez ont aurai auras aura aurons aurez auront aurais
    aurait aurions auriez auraient avais avait avions aviez avaient eut eumes eutes eurent aie
    aies ait ayons ayez aient eusse eusses eut eussions eussiez eussent
    """.split()  # noqa: SIM905
)

_stemmer = snowballstemmer.stemmer("french")


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(value: str) -> str:
    """Lower case, no diacritics, « œ » → « oe », elisions removed."""
    value = (value or "").replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae")
    value = ELISION_RE.sub(" ", value)
    return strip_accents(value).lower()


def words(value: str) -> list[str]:
    """Folded words, stop words included (for phrases and the vocabulary)."""
    return WORD_RE.findall(fold(value))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Stem of one folded word (cached: the vocabulary of a corpus is small)."""
    if word.isdigit() or len(word) <= 2:
        return word
    return _stemmer.stemWord(word)


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS


@lru_cache(maxsize=200_000)
def _chunk_terms(chunk: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in words(chunk) if word not in STOP_WORDS)


def terms(value: str) -> list[str]:
    """Index terms of a text: folded, stop words dropped, stemmed. Order kept (phrases).

    Computed per whitespace-separated chunk, with a cache: no step of ``fold`` or ``WORD_RE``
    joins or reads across whitespace, so the terms of a text are those of its chunks in turn,
    and a corpus repeats the same chunks (« droits », « l'accès »). Rebuilding the SQLite index
    spent much of its time here: ~3× faster than folding the whole text (bench data, warm
    caches)."""
    found: list[str] = []
    for chunk in (value or "").split():
        found.extend(_chunk_terms(chunk))
    return found


@lru_cache(maxsize=200_000)
def _chunk_index_text(chunk: str) -> str:
    return " ".join(_chunk_terms(chunk))


def index_text(value: str) -> str:
    """The text as the FTS5 table stores it: stems separated by spaces (``terms`` joined, made
    without a Python loop over the chunks: a full rebuild calls it on every document)."""
    return " ".join(filter(None, map(_chunk_index_text, (value or "").split())))


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment (rich text, rendered Markdown)."""
    if not value:
        return ""
    value = re.sub(r"<(br|/p|/li|/h\d|/blockquote|/tr|/div)\b[^>]*>", " \n", str(value))
    return clean_spaces(html.unescape(TAG_RE.sub(" ", value)))


def clean_spaces(value: str) -> str:
    return SPACES_RE.sub(" ", value or "").strip()
