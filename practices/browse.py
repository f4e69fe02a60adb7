"""Browsing the sheets: list with filters, theme pages, CSV export, feed."""

from django.http import Http404
from django.template.response import TemplateResponse


def sheet_list(request, index):
    return TemplateResponse(request, "practices/index_page.html", {"page": index})


def sheet_csv(request, index):
    raise Http404


def sheet_feed(request, index):
    raise Http404


def theme(request, index, family, slug):
    raise Http404


def theme_index(request, index):
    raise Http404
