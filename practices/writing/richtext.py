"""The rich-text fields of a sheet, written on the site as simple text: paragraphs separated by
a blank line, « - » for a list, « 1. » for a numbered list, « ### » for a heading, **gras**,
*italique*, [lien](https://…).

``to_richtext`` turns that text into Wagtail's rich-text storage format (through an allow-list:
nothing but these elements survives), ``to_text`` the other way, so that a sheet written or
corrected in the admin can still be edited on the site. Links to pages and documents of the site
keep their kind (``page:12``, ``document:3``) both ways."""

import re
from html.parser import HTMLParser

import markdown
import nh3

TAGS = {"p", "br", "b", "i", "strong", "em", "a", "ul", "ol", "li", "h3", "h4"}
INTERNAL = re.compile(r'<a href="(page|document):(\d+)"[^>]*>')


def to_richtext(text: str) -> str:
    """Wagtail rich text (sanitised) from the simple text typed in the form."""
    text = (text or "").strip()
    if not text:
        return ""
    text = re.sub(r"^(#{1,2})(?=\s)", "###", text, flags=re.MULTILINE)  # no h1/h2 in a sheet
    html = markdown.markdown(text, extensions=["sane_lists", "nl2br"], output_format="html")
    html = nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto", "page", "document"},
        link_rel=None,
    )
    html = html.replace("<strong>", "<b>").replace("</strong>", "</b>")
    html = html.replace("<em>", "<i>").replace("</em>", "</i>")
    html = html.replace("<br>", "<br/>")
    return INTERNAL.sub(lambda m: f'<a linktype="{m.group(1)}" id="{m.group(2)}">', html)


class _TextWriter(HTMLParser):
    """Wagtail rich text → the simple text of the form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.line = ""
        self.lists: list[list] = []  # [kind, counter]
        self.href = ""

    def _end_block(self):
        if self.line.strip():
            self.blocks.append(self.line.strip())
        self.line = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("p", "h3", "h4"):
            self._end_block()
            self.line = {"h3": "### ", "h4": "#### "}.get(tag, "")
        elif tag in ("ul", "ol"):
            self._end_block()
            self.lists.append([tag, 0])
        elif tag == "li" and self.lists:
            if self.line.strip():
                self.blocks.append(self.line.rstrip())
            self.lists[-1][1] += 1
            kind, number = self.lists[-1]
            self.line = "  " * (len(self.lists) - 1) + ("- " if kind == "ul" else f"{number}. ")
        elif tag == "br":
            self.line += "\n"
        elif tag in ("b", "strong"):
            self.line += "**"
        elif tag in ("i", "em"):
            self.line += "*"
        elif tag == "a":
            linktype = attrs.get("linktype")
            self.href = f"{linktype}:{attrs.get('id')}" if linktype else attrs.get("href", "")
            self.line += "["

    def handle_endtag(self, tag):
        if tag in ("p", "h3", "h4"):
            self._end_block()
        elif tag in ("ul", "ol") and self.lists:
            if self.line.strip():
                self.blocks.append(self.line.rstrip())
                self.line = ""
            self.lists.pop()
            if not self.lists:
                self._join_list()
        elif tag in ("b", "strong"):
            self.line += "**"
        elif tag in ("i", "em"):
            self.line += "*"
        elif tag == "a":
            self.line += f"]({self.href})"

    def _join_list(self):
        """The items of a list form one block (one line each)."""
        items = []
        while self.blocks and re.match(r"^\s*(- |\d+\. )", self.blocks[-1]):
            items.insert(0, self.blocks.pop())
        self.blocks.append("\n".join(items))

    def handle_data(self, data):
        data = re.sub(r"\s*\n\s*", " ", data)  # HTML white space; only <br/> breaks a line
        if not self.line.strip(" -0123456789.#") or self.line.endswith("\n"):
            data = data.lstrip()
        self.line += data

    def text(self) -> str:
        self._end_block()
        return "\n\n".join(self.blocks)


def to_text(html: str) -> str:
    """The simple text of a Wagtail rich-text value (for the form's text area)."""
    writer = _TextWriter()
    writer.feed(str(html or ""))
    writer.close()
    return writer.text()
