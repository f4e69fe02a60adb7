"""Reading what a person typed in the search box, without ever passing it raw to a backend.

The query becomes a list of *clauses* (a word, or a phrase between quotes or joined by hyphens)
and a list of excluded clauses (``-mot``, ``-"une expression"``). Each clause holds folded
words (lower case, no diacritics, only letters and digits): whatever the input (SQL, FTS5 or
Lucene syntax, unbalanced quotes, 1,000 characters), nothing else reaches a backend."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from search import text

MAX_QUERY_LENGTH = 200
MAX_CLAUSES = 10
MAX_PHRASE_WORDS = 8
OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR", "ET", "OU", "SAUF"})
QUOTES_RE = re.compile(r"[\"«»“”„]")
# A quoted part, possibly preceded by a minus sign; or a bare token.
TOKEN_RE = re.compile(r"(-?)\"([^\"]*)\"|(\S+)")


@dataclass(frozen=True)
class Clause:
    """Folded words (stop words included); one word or a phrase."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def stems(self) -> tuple[str, ...]:
        """Index terms of the clause (stop words dropped, stemmed)."""
        return tuple(text.stem(word) for word in self.words if not text.is_stop_word(word))

    @property
    def label(self) -> str:
        joined = " ".join(self.words)
        return f"« {joined} »" if self.is_phrase else joined


@dataclass
class ParsedQuery:
    raw: str = ""
    clauses: list[Clause] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.clauses and not self.excluded

    @property
    def min_should_match(self) -> int:
        """Documents must hold most of the clauses: all of 1, 1 of 2, 2 of 3 or 4, 3 of 5…"""
        count = len(self.clauses)
        return max(1, (count + 1) // 2) if count else 0

    def all_words(self) -> list[str]:
        return [word for clause in self.clauses for word in clause.words]


def _clause(raw_words: list[str]) -> Clause | None:
    folded = [word for word in raw_words if word][:MAX_PHRASE_WORDS]
    if not folded:
        return None
    clause = Clause(tuple(folded))
    if not clause.stems:  # only stop words (« le », « de la »)
        return None
    return clause


def parse(raw: str) -> ParsedQuery:
    raw = " ".join((raw or "").split())
    parsed = ParsedQuery(raw=raw)
    if len(raw) > MAX_QUERY_LENGTH:
        parsed.notices.append(
            _(
                "Votre recherche était trop longue : seuls ses %(n)s premiers caractères ont été "
                "utilisés."
            )
            % {"n": MAX_QUERY_LENGTH}
        )
        raw = raw[:MAX_QUERY_LENGTH]
    normalised = QUOTES_RE.sub('"', raw)
    if normalised.count('"') % 2:
        parsed.notices.append(_("Un guillemet n’était pas refermé : il a été ignoré."))
        last = normalised.rfind('"')
        normalised = normalised[:last] + " " + normalised[last + 1 :]
    had_words = False
    for match in TOKEN_RE.finditer(normalised):
        minus, quoted, bare = match.groups()
        if quoted is not None:
            negative = bool(minus)
            words = text.words(quoted)
        else:
            if bare in OPERATORS:
                continue
            negative = bare.startswith("-") and len(bare) > 1
            words = text.words(bare[1:] if negative else bare)
        if words:
            had_words = True
        clause = _clause(words)
        if clause is None:
            continue
        target = parsed.excluded if negative else parsed.clauses
        if clause not in target:
            target.append(clause)
    if len(parsed.clauses) > MAX_CLAUSES:
        parsed.notices.append(
            _("Seuls les %(n)s premiers mots de votre recherche ont été utilisés.")
            % {"n": MAX_CLAUSES}
        )
        parsed.clauses = parsed.clauses[:MAX_CLAUSES]
    parsed.excluded = parsed.excluded[:MAX_CLAUSES]
    if raw and parsed.is_empty:
        if had_words:
            parsed.notices.append(
                _(
                    "Votre recherche ne contient que des mots trop courants (« le », « de »…) : "
                    "voici les contenus récents."
                )
            )
        else:
            parsed.notices.append(
                _("Votre recherche ne contient ni lettre ni chiffre : voici les contenus récents.")
            )
    return parsed
