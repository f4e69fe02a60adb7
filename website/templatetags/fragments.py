"""Template tags of the fragment cache (website.fragment_cache).

``{% fragment "name" part1 part2 … [scopes="pages forum"] %}…{% endfragment %}`` caches what it
encloses under the given parts (a page id, a visibility profile…) until what it depends on
changes (``scopes``, see website.cache_rules; without it, the scopes the view named for its
page); what it encloses must be the same for everyone the parts describe (a form's CSRF token is
put back per request). A part that is ``None`` (or a missing variable) means "not cacheable this
time": the content is rendered, not stored.

``{% depends_on "scope" … %}`` says that the page (or the fragment around) depends on scopes.

``{% visibility_profile as profile %}`` names the rights of the person viewing the page.

``{% cached_wagtailuserbar %}`` is Wagtail's ``{% wagtailuserbar %}`` cached per editor and page
until the page tree or rights change (it costs six queries and a dozen templates on every page
an editor views).
"""

from django import template
from django.utils.safestring import mark_safe

from website import fragment_cache

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, scopes=()):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts
        self.scopes = tuple(scopes)

    def render(self, context):
        name = self.name.resolve(context)
        # A missing variable resolves to None: never a shared key by accident.
        parts = [part.resolve(context, ignore_failures=True) for part in self.parts]
        if any(part is None for part in parts):
            return self.nodelist.render(context)
        request = context.get("request")
        if not fragment_cache.enabled() or getattr(request, "is_preview", False):
            return self.nodelist.render(context)

        def render():
            # Forms inside the fragment get a placeholder, never this request's token.
            with context.push(csrf_token=fragment_cache.CSRF_PLACEHOLDER):
                return self.nodelist.render(context)

        html = fragment_cache.cached_html(f"tpl:{name}", parts, render, request, self.scopes)
        return mark_safe(  # noqa: S308 - template output
            fragment_cache.with_csrf_token(html, context.get("csrf_token"))
        )


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    scopes = ()
    if bits[-1].startswith("scopes="):
        scopes = bits.pop()[len("scopes=") :].strip("\"'").split()
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(b) for b in bits[2:]],
        scopes,
    )


@register.simple_tag(takes_context=True)
def depends_on(context, *scopes):
    from website import cache_rules

    cache_rules.depends_on(context.get("request"), *scopes)
    return ""


@register.simple_tag(takes_context=True)
def visibility_profile(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return fragment_cache.visibility_profile(user, request)


USERBAR_POSITION = "bottom-right"


def userbar_html(request, page_pk, render, position=USERBAR_POSITION):
    """The user bar of this editor on the page ``page_pk`` (None: not a page), cached per
    editor and page until the page tree or rights change; ``render()`` makes it when it is not
    cached."""
    parts = [request.user.pk, request.get_host(), position, page_pk if page_pk is not None else "-"]
    return fragment_cache.cached_html("userbar", parts, render, request, ("pages", "accounts"))


@register.simple_tag(takes_context=True)
def cached_wagtailuserbar(context, position=USERBAR_POSITION):
    from wagtail.admin.templatetags.wagtailuserbar import get_page_instance, wagtailuserbar

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    if (
        not fragment_cache.enabled()
        or getattr(request, "in_preview_panel", False)
        or getattr(request, "revision_id", None)
        or getattr(request, "is_preview", False)
    ):
        return wagtailuserbar(context, position)
    page = get_page_instance(context)
    return mark_safe(  # noqa: S308 - Wagtail's own template output
        userbar_html(
            request,
            page.pk if page is not None else None,
            lambda: wagtailuserbar(context, position),
            position,
        )
    )


class HoleNode(template.Node):
    def __init__(self, nodelist, name, arg):
        self.nodelist = nodelist
        self.name = name
        self.arg = arg

    def render(self, context):
        from website import member_cache

        html = self.nodelist.render(context)
        request = context.get("request")
        if request is None:
            return html
        arg = self.arg.resolve(context, ignore_failures=True) if self.arg is not None else ""
        return mark_safe(  # noqa: S308 - template output between two comments
            member_cache.wrap(request, self.name.resolve(context), arg, html)
        )


@register.tag
def hole(parser, token):
    """``{% hole "name" arg %}…{% endhole %}``: a personal part of a page that
    ``website.member_cache`` renders again for each person (``register_hole("name")``)."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("{% hole %} needs a name and at most one argument.")
    nodelist = parser.parse(("endhole",))
    parser.delete_first_token()
    arg = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return HoleNode(nodelist, parser.compile_filter(bits[1]), arg)
