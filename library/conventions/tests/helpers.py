"""Helpers of the conventions' tests: a page's text, the URL of a builder step."""

from django.urls import reverse


def html(response):
    return response.content.decode()


def step_url(draft, step):
    return reverse("conventions:draft_step", kwargs={"pk": draft.pk, "step": step})
