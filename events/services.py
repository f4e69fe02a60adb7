"""Event rules as plain functions (registrations, waitlist); views call these."""

from django.db import transaction


@transaction.atomic
def ensure_index(home):
    """The /evenements/ page under the home page (idempotent)."""
    from events.models import EventIndexPage

    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(
            title="Événements",
            slug="evenements",
            intro="Webinaires, ateliers et rencontres de la communauté.",
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index
