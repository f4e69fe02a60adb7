"""Quotes of forum posts in Markdown (« > Anne Auteure a écrit : » then the quoted lines), the
same whether « Citer » works in the page (static/js/composer.js) or through the reply form."""

from django.utils.translation import gettext as _


def _blockquote(lines) -> str:
    return "\n".join(f"> {line}".rstrip() for line in lines)


def quote_intro(post) -> str:
    """The quote's first lines, to put before quoted words: « > Anne a écrit : » and « > »."""
    author = str(post.author) if post.author else _("Quelqu’un")
    return _blockquote([_("%(author)s a écrit :") % {"author": author}, ""]) + "\n"


def quote_markdown(post) -> str:
    """The whole post quoted, followed by an empty line."""
    return quote_intro(post) + _blockquote(post.source.splitlines()) + "\n\n"


def with_quote(text: str, quote: str) -> str:
    """``text`` as typed, then ``quote`` after an empty line."""
    text = (text or "").rstrip()
    return f"{text}\n\n{quote}" if text else quote
