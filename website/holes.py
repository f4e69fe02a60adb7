"""The personal parts of every page (``website.member_cache``): the user menu (unread
notifications, administration link, log-out form) and the Wagtail user bar of editors."""

from django.conf import settings
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from website import fragment_cache
from website.member_cache import can_access_admin, register_hole

# The user menu of a logged-in person depends only on these (language, administration link,
# number of unread notifications): rendered once per process for each, the token put back.
_menus: dict[tuple, str] = {}


@register_hole("user-menu")
def user_menu(request, _arg: str) -> str:
    admin = can_access_admin(request.user, request)
    personal = _personal_values(request)
    key = (get_language(), admin, tuple(sorted(personal.items())), settings.SITE_NAME)
    html = _menus.get(key)
    if html is None:
        if len(_menus) > 512:
            _menus.clear()
        html = render_to_string(
            "includes/user_menu.html",
            {
                "request": request,
                "user": request.user,
                "csrf_token": fragment_cache.CSRF_PLACEHOLDER,
                "user_can_access_admin": admin,
                **personal,
            },
        )
        _menus[key] = html
    return fragment_cache.with_csrf_token(html, get_token(request))


def _personal_values(request) -> dict:
    """What the apps show in the user menu (the forum's bell…): the functions named by the
    setting ``USER_MENU_CONTEXT`` return plain values, which also key the rendered menus."""
    values = {}
    for path in getattr(settings, "USER_MENU_CONTEXT", ()):
        values.update(import_string(path)(request))
    return values


@register_hole("userbar")
def userbar(request, page_pk: str) -> str:
    """As ``{% cached_wagtailuserbar %}``: from the fragment cache, rendered (and the page
    loaded) only when this editor's bar for this page is not there."""
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar
    from wagtail.models import Page

    from website.templatetags.fragments import USERBAR_POSITION, userbar_html

    if not can_access_admin(request.user, request):
        return ""  # Wagtail shows its user bar to people who may use the administration only

    def render() -> str:
        page = Page.objects.get(pk=int(page_pk)).specific if page_pk.isdigit() else None
        return wagtailuserbar(Context({"request": request, "page": page}), USERBAR_POSITION)

    return str(userbar_html(request, page_pk or None, render))
