"""What the notification e-mails show of each post, and their headers.

Each notification about a post carries the post's text — the Markdown rendered and sanitised
again (``forum.rendering``) for the HTML part, plain text for the text part — shortened after
``EXCERPT_WORDS`` words with « Lire la suite », and the address of the post itself in its
thread (``#message-<pk>``). Nothing is quoted of a deleted or hidden post, of a moderation
decision, or of a thread the person may no longer read.

``headers(user)``: ``List-Unsubscribe`` (the one-click address of ``views.unsubscribe``) and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058), so that mailboxes offer
« Se désabonner » next to the sender."""

import html as html_lib
import re
from dataclasses import dataclass

from django.utils.text import Truncator

from forum import links
from forum.models import Notification
from forum.notifications.addresses import absolute, unsubscribe_url, url_or
from forum.rendering import render_markdown, sanitise_html

EXCERPT_WORDS = 80
_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.S)
_BLOCK_END = re.compile(r"</(p|h[3-6]|blockquote|pre|table|ul|ol)>\n?")
_LINE_END = re.compile(r"(<br\s*/?>|</li>|</tr>)\n?")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\S+")


@dataclass
class Excerpt:
    html: str  # sanitised
    text: str  # plain, each line quoted with « > »
    shortened: bool


def headers(user) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def html_to_text(html: str) -> str:
    """Readable plain text of sanitised HTML: paragraphs and list items on their own lines,
    links followed by their address."""

    def link(match):
        href, label = html_lib.unescape(match.group(1)), match.group(2)
        return label if _TAG.sub("", label).strip() == href else f"{label} ({href})"

    text = _LINK.sub(link, html)
    text = re.sub(r"<li>", "- ", text)
    text = _LINE_END.sub("\n", text)
    text = _BLOCK_END.sub("\n\n", text)
    text = html_lib.unescape(_TAG.sub("", text))
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _shorten_text(text: str, limit: int) -> tuple[str, bool]:
    words = list(_WORD.finditer(text))
    if len(words) <= limit:
        return text, False
    return text[: words[limit - 1].end()].rstrip() + " …", True


def excerpt(post, limit: int = EXCERPT_WORDS) -> Excerpt:
    html = render_markdown(post.source)
    short_html = Truncator(html).words(limit, html=True, truncate=" …")
    text, text_shortened = _shorten_text(html_to_text(html), limit)
    quoted = "\n".join(f"> {line}".rstrip() for line in text.splitlines())
    return Excerpt(
        html=sanitise_html(short_html),
        text=quoted,
        shortened=text_shortened or short_html != html,
    )


def decorate(user, rows) -> None:
    """Set on each notification what its e-mail shows: ``url`` (opens it and marks it read),
    ``post_link`` (the post in its thread) and ``excerpt`` (None: nothing to quote)."""
    from forum import permissions

    for row in rows:
        row.url = absolute(
            url_or("forum:notification_open", f"/forum/notifications/{row.pk}/", pk=row.pk)
        )
        row.post_link, row.excerpt = None, None
        post = row.post
        if post is None or post.is_deleted or post.is_hidden:
            continue
        if not permissions.can_read_thread(user, post.thread):
            continue
        row.post_link = absolute(links.post_url(post))
        if row.kind != Notification.Kind.MODERATION:
            row.excerpt = excerpt(post)
