"""Highlighted excerpts built in Python from the original text (SQLite backend, and fallback of
the others). Everything is escaped; only our own ``<mark>`` elements are HTML."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search import text

# A word in the original text (accents included); positions are kept to cut the excerpt.
ORIGINAL_WORD_RE = re.compile(r"\w+", re.UNICODE)
# Sentinels that mark the matches before escaping (private-use characters, stripped from the
# texts first); PostgreSQL's ts_headline uses them too.
START, STOP = "\ue000", "\ue001"
MAX_SCAN_CHARS = 100_000
_SENTINELS_RE = re.compile(f"([{START}{STOP}])")


def strip_sentinels(value: str) -> str:
    return (value or "").replace(START, "").replace(STOP, "")


def sentinels_to_html(value: str) -> SafeString:
    """Escape everything, then turn the sentinels into ``<mark>`` (balanced)."""
    out = []
    open_mark = False
    for part in _SENTINELS_RE.split(escape(value)):
        if part == START:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif part == STOP:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        else:
            out.append(part)
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 — escaped above, only our <mark> added


@lru_cache(maxsize=100_000)
def _token_stems(word: str) -> frozenset[str]:
    """Stems of one original word (cached: texts repeat their words)."""
    return frozenset(text.stem(part) for part in text.WORD_RE.findall(text.fold(word)))


class Matcher(dict):
    """Whether an original word matches one of ``stems``: word → bool, filled on first sight.
    One per search, shared by its snippets and titles: each distinct word is folded and
    stemmed once, and the scan of a text is a dictionary lookup per word."""

    def __init__(self, stems: frozenset[str]):
        super().__init__()
        self.stems = stems

    def __missing__(self, word: str) -> bool:
        matches = self[word] = not _token_stems(word).isdisjoint(self.stems)
        return matches


def highlight(value: str, stems: frozenset[str], matcher: Matcher | None = None) -> SafeString:
    """The whole ``value`` with the words whose stem is in ``stems`` marked."""
    value = strip_sentinels(value)
    if not stems:
        return mark_safe(escape(value))  # noqa: S308
    matcher = matcher if matcher is not None else Matcher(stems)
    pieces, last = [], 0
    for match in ORIGINAL_WORD_RE.finditer(value):
        if matcher[match.group()]:
            pieces.append(value[last : match.start()])
            pieces.append(START + match.group() + STOP)
            last = match.end()
    pieces.append(value[last:])
    return sentinels_to_html("".join(pieces))


def snippet(
    value: str, stems: frozenset[str], words: int = 32, matcher: Matcher | None = None
) -> SafeString:
    """About ``words`` words around the densest group of matches near the start of the text;
    the beginning of the text when nothing matches. Only the excerpt has its spaces cleaned;
    the text is scanned word by word in C (``findall``, then dictionary lookups)."""
    value = strip_sentinels(value or "")[:MAX_SCAN_CHARS]
    found = ORIGINAL_WORD_RE.findall(value)
    if not found:
        return mark_safe(escape(text.clean_spaces(value)[:240]))  # noqa: S308
    hits = []
    if stems:
        matcher = matcher if matcher is not None else Matcher(stems)
        # Indexes of the first 60 matching words (enough to choose a window).
        hits = list(
            itertools.islice(
                itertools.compress(itertools.count(), map(matcher.__getitem__, found)), 60
            )
        )
    if hits:
        # The window of ``words`` words holding the most distinct matched stems.
        best_start, best_score = hits[0], -1
        for first in hits:
            inside = set()
            for i in hits:
                if first <= i < first + words:
                    inside |= _token_stems(found[i]) & stems
            if len(inside) > best_score:
                best_start, best_score = first, len(inside)
        start = max(0, best_start - 6)
    else:
        start = 0
    end = min(len(found), start + words)
    window = list(itertools.islice(ORIGINAL_WORD_RE.finditer(value), start, end))
    char_start = window[0].start() if start else 0
    char_end = window[-1].end() if end < len(found) else len(value)
    excerpt = text.clean_spaces(value[char_start:char_end])
    marked = highlight(excerpt, stems, matcher) if hits else mark_safe(escape(excerpt))  # noqa: S308
    prefix = "… " if char_start > 0 else ""
    suffix = " …" if end < len(found) else ""
    return mark_safe(f"{escape(prefix)}{marked}{escape(suffix)}")  # noqa: S308
