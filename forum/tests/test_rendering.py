"""Markdown → HTML of user posts: examples from the OWASP XSS filter evasion cheat sheet, in
Markdown and in raw HTML. Nothing executable may survive forum.rendering.render_markdown."""

import re
from html.parser import HTMLParser

import pytest

from forum.rendering import contains_link, mentioned_handles, render_markdown

XSS = [
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    '<img src="javascript:alert(1)">',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](jav&#x09;ascript:alert(1))",
    "[clic](jav\tascript:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">clic</a>',
    '<a href="jav\tascript:alert(1)">clic</a>',
    '<a href="jav&#x0A;ascript:alert(1)">clic</a>',
    '<a href=" &#14;javascript:alert(1)">clic</a>',
    '<a href="java&#0000115;cript:alert(1)">clic</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">clic</a>',
    '<a href="javascript:alert(1)">clic</a>',
    '<a href="JaVaScRiPt:alert(1)">clic</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">clic</a>',
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![image](javascript:alert(1))",
    '<svg onload="alert(1)"><circle r="10"/></svg>',
    "<svg/onload=alert(1)>",
    '<iframe src="https://evil.example/"></iframe>',
    "<iframe src=javascript:alert(1)>",
    '<p style="background:url(javascript:alert(1))">texte</p>',
    '<div style="width: expression(alert(1));">texte</div>',
    '<body onload="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a onclick="alert(1)" href="https://example.org">clic</a>',
    '<a href="https://example.org" onmouseover="alert(1)">survol</a>',
    "<b onmouseover=alert(1)>gras</b>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    '<form action="javascript:alert(1)"><button>envoyer</button></form>',
    "<input onfocus=alert(1) autofocus>",
    '<details open ontoggle="alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<base href="javascript:alert(1)//">',
    "<math><mtext><option><FAKEFAKE><option></option><mglyph><svg><mtext><textarea>"
    '<a title="</textarea><img src=# onerror=alert(1)>">',
    "`<script>alert(1)</script>` et\n\n    <script>alert(2)</script>",
    '[a](https://example.org "titre" onclick=alert(1))',
    '<a href="vbscript:msgbox(1)">vb</a>',
    "@<script>alert(1)</script>",
]

EVENT_HANDLER = re.compile(r"\son\w+\s*=", re.IGNORECASE)
FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "svg",
    "object",
    "embed",
    "meta",
    "body",
    "style",
    "link",
    "form",
    "input",
    "base",
    "img",
    "details",
    "math",
    "button",
    "textarea",
}


class _Markup(HTMLParser):
    """The tags and attributes of an HTML fragment, without its text: what a browser would
    execute or load. (Text such as « &lt;IMG SRC=javascript:… &gt; » is shown, not run.)"""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag

    def serialised(self):
        return " ".join(self.tags + [f"{name}={value}" for name, value in self.attributes])


@pytest.mark.parametrize("source", XSS)
def test_nothing_executable_survives(source):
    html = render_markdown(source)
    markup = _Markup(html)
    active = markup.serialised().lower()
    # What the browser would parse as markup: no script, no handler, no dangerous URL.
    assert "<script" not in html.lower()
    assert not EVENT_HANDLER.search(" " + active), html
    assert not any(name.lower().startswith("on") for name, _value in markup.attributes), html
    assert "style" not in {name.lower() for name, _value in markup.attributes}
    assert not FORBIDDEN_TAGS & set(markup.tags), html
    for name, value in markup.attributes:
        # As a browser reads a URL (WHATWG URL standard): leading and trailing controls and
        # spaces are stripped, tabs and new lines removed anywhere. (Markdown turns a typed tab
        # into spaces: « jav  ascript:… » is then a harmless relative link.)
        compact = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21))))).lower()
        assert not compact.startswith(("javascript:", "vbscript:", "data:")), (name, value)
    assert "javascript:" not in active
    assert "data:" not in active


def test_code_is_shown_escaped():
    html = render_markdown("`<script>alert(1)</script>`")
    assert "&lt;script&gt;" in html


def test_links_get_rel_nofollow_ugc_noopener():
    html = render_markdown("Voir [le guide](https://example.org/guide) et <https://example.org>")
    assert html.count('rel="nofollow ugc noopener"') == 2
    assert 'href="https://example.org/guide"' in html


def test_markdown_basics_survive():
    html = render_markdown("# Titre\n\n**gras** *italique*\n\n> citation\n\n- un\n- deux")
    assert "<h3>Titre</h3>" in html  # h1 demoted: the page keeps one h1
    assert "<strong>gras</strong>" in html and "<em>italique</em>" in html
    assert "<blockquote>" in html and "<li>un</li>" in html


def test_mentions():
    source = "Merci @lea.martin et @paul-dupont ! (pas un e-mail : lea@example.org)"
    assert mentioned_handles(source) == {"lea.martin", "paul-dupont"}
    assert '<span class="czn-mention">@lea.martin</span>' in render_markdown(source)


def test_contains_link():
    assert contains_link("voir https://example.org") or contains_link("[x](https://example.org)")
    assert not contains_link("pas de lien ici")
