"""``{% load forum_thread %}``: the personal parts of a thread's page as the view renders them
(the same functions render them again from the cache: ``forum.thread_holes``)."""

from django import template

from forum import thread_holes

register = template.Library()


@register.simple_tag(takes_context=True)
def post_actions(context, post):
    return thread_holes.actions_html(
        context["request"],
        post,
        bool(context.get("reply_form")),
        bool(context.get("is_moderator")),
    )


@register.simple_tag
def post_new_badge(post):
    return thread_holes.new_badge(bool(getattr(post, "is_unread", False)))


@register.simple_tag(takes_context=True)
def thread_nav(context):
    return thread_holes.nav_html(context.get("first_unread_url"), bool(context.get("reply_form")))
