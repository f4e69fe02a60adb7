"""Markdown → sanitised HTML for user-written text (forum posts, comments).

The source is kept as typed; the HTML is rendered once, on save, through an allow-list (nh3):
no script, no event handler, no style, no ``javascript:`` URL can survive. Links get
``rel="nofollow ugc noopener"``. ``@prenom.nom`` mentions become links to nothing but text."""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "span": {"class"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
MENTION_RE = re.compile(r"(?<![\w@./:=])@([a-z0-9][a-z0-9._-]{1,60}[a-z0-9])", re.IGNORECASE)


def render_markdown(source: str) -> str:
    html = markdown.markdown(
        source or "",
        extensions=["extra", "sane_lists", "nl2br"],
        output_format="html",
    )
    # Headings h1/h2 would break the page outline: demote them.
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", html)
    html = MENTION_RE.sub(r'<span class="czn-mention">@\1</span>', html)
    return sanitise_html(html)


def sanitise_html(html: str) -> str:
    """The allow-list every user-written HTML goes through (also after shortening it)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


def mentioned_handles(source: str) -> set[str]:
    """The @handles written in a text (lower-case)."""
    return {match.lower() for match in MENTION_RE.findall(source or "")}


def contains_link(source: str) -> bool:
    html = render_markdown(source)
    return "<a " in html
