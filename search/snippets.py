"""Highlighted excerpts built in Python from the original text (SQLite backend, and fallback of
the others). Everything is escaped; only our own ``<mark>`` elements are HTML."""

from __future__ import annotations

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


def _word_matches(word: str, stems: frozenset[str]) -> bool:
    return not _token_stems(word).isdisjoint(stems)


def highlight(value: str, stems: frozenset[str]) -> SafeString:
    """The whole ``value`` with the words whose stem is in ``stems`` marked."""
    value = strip_sentinels(value)
    if not stems:
        return mark_safe(escape(value))  # noqa: S308
    pieces, last = [], 0
    for match in ORIGINAL_WORD_RE.finditer(value):
        if _word_matches(match.group(), stems):
            pieces.append(value[last : match.start()])
            pieces.append(START + match.group() + STOP)
            last = match.end()
    pieces.append(value[last:])
    return sentinels_to_html("".join(pieces))


def snippet(value: str, stems: frozenset[str], words: int = 32) -> SafeString:
    """About ``words`` words around the densest group of matches near the start of the text;
    the beginning of the text when nothing matches."""
    value = strip_sentinels(text.clean_spaces(value))[:MAX_SCAN_CHARS]
    if not value:
        return SafeString("")
    tokens = list(ORIGINAL_WORD_RE.finditer(value))
    if not tokens:
        return mark_safe(escape(value[:240]))  # noqa: S308
    hits = []
    if stems:
        for index, token in enumerate(tokens):
            if _word_matches(token.group(), stems):
                hits.append(index)
                if len(hits) >= 60:  # enough to choose a window
                    break
    if hits:
        # The window of ``words`` tokens holding the most distinct matched stems.
        best_start, best_score = hits[0], -1
        for first in hits[:200]:
            inside = set()
            for i in hits:
                if first <= i < first + words:
                    inside |= _token_stems(tokens[i].group()) & stems
            if len(inside) > best_score:
                best_start, best_score = first, len(inside)
        start = max(0, best_start - 6)
    else:
        start = 0
    end = min(len(tokens), start + words)
    char_start = tokens[start].start() if start else 0
    char_end = tokens[end - 1].end() if end < len(tokens) else len(value)
    excerpt = value[char_start:char_end]
    marked = highlight(excerpt, stems)
    prefix = "… " if char_start > 0 else ""
    suffix = " …" if char_end < len(value) else ""
    return mark_safe(f"{escape(prefix)}{marked}{escape(suffix)}")  # noqa: S308
