"""Plain functions of the practices app; other apps call these, not the models."""

from django.db import transaction

from accounts.models import Territory


def get_index():
    from practices.models import PracticeIndexPage

    return PracticeIndexPage.objects.first()


@transaction.atomic
def ensure_index(home):
    """The /fiches/ page under the home page (idempotent)."""
    from practices.models import PracticeIndexPage

    index = PracticeIndexPage.objects.first()
    if index is None:
        index = PracticeIndexPage(
            title="Fiches pratiques",
            slug="fiches",
            intro=(
                "<p>Ce que les territoires ont fait contre le non-recours, pour qui, avec quels "
                "partenaires et quels résultats.</p>"
            ),
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


@transaction.atomic
def ensure_territory_folder(territory: Territory):
    """The folder page holding a territory's sheets (idempotent). None if no index yet."""
    from practices.models import TerritoryFolderPage

    folder = TerritoryFolderPage.objects.filter(territory=territory).first()
    if folder is not None:
        return folder
    index = get_index()
    if index is None:
        return None
    folder = TerritoryFolderPage(title=territory.name, slug=territory.slug, territory=territory)
    index.add_child(instance=folder)
    folder.save_revision().publish()
    return folder
