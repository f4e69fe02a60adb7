"""Names and titles without invisible control characters.

A name or a title typed by someone is shown to everyone: direction controls (U+202E turns
« fdp.exe » around), zero-width characters and the other format characters (Unicode category
Cf) would let it pass for another one. ``strip_invisible`` removes them, soft hyphen excepted
(a visible hyphenation hint). It is applied where the text comes in:

- ``PlainCharField``, a model ``CharField`` that cleans its value in ``to_python``: any
  ``full_clean`` and every model form (site forms, Wagtail admin) store the text clean; it
  migrates as a plain ``CharField`` (no database change);
- ``PlainCharFormField``, the form field it offers, also used by plain forms;
- ``PlainTitleMixin`` for Wagtail pages, whose ``title`` field belongs to Wagtail."""

import unicodedata

from django import forms
from django.db import models

SOFT_HYPHEN = "\u00ad"
# Listed for the record: all of them are in category Cf, which is removed as a whole.
INVISIBLE = frozenset(
    [chr(code) for code in range(0x200B, 0x2010)]  # zero-width space … right-to-left mark
    + [chr(code) for code in range(0x202A, 0x202F)]  # embeddings and overrides
    + [chr(code) for code in range(0x2066, 0x206A)]  # isolates
    + ["\ufeff", "\u061c", "\u180e", "\u2060"]  # BOM, Arabic letter mark, Mongolian vowel
    # separator, word joiner
)


def _is_invisible(char: str) -> bool:
    return char in INVISIBLE or (char != SOFT_HYPHEN and unicodedata.category(char) == "Cf")


def strip_invisible(value):
    """``value`` without direction controls, zero-width and other format characters; anything
    that is not a string is returned unchanged."""
    if not isinstance(value, str) or value.isascii():
        return value
    return "".join(char for char in value if not _is_invisible(char))


class PlainCharFormField(forms.CharField):
    """A ``CharField`` whose value loses its invisible characters before being validated: a
    text made only of them is empty."""

    def to_python(self, value):
        return super().to_python(strip_invisible(value))


class PlainCharField(models.CharField):
    """A model ``CharField`` for names and titles: see the module docstring."""

    def to_python(self, value):
        return strip_invisible(super().to_python(value))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PlainCharFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        # Same column, same migrations as a plain CharField.
        return name, "django.db.models.CharField", args, kwargs


class PlainTitleMixin:
    """For a Wagtail page model (before ``Page`` in its bases): the title loses its invisible
    characters before each validation, full (page form, publication, revision) or minimal
    (draft save)."""

    def _strip_title(self):
        self.title = strip_invisible(self.title)
        if self.draft_title:
            self.draft_title = strip_invisible(self.draft_title)

    def full_clean(self, *args, **kwargs):
        self._strip_title()
        return super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self._strip_title()
        return super().minimal_clean()
