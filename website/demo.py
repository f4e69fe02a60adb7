"""Demo content of the editorial pages."""

from website.models import FeaturedItem, HomePage


def load() -> None:
    home = HomePage.objects.first()
    if home is None or home.featured_items.exists():
        return
    about = home.get_children().filter(slug="a-propos").first()
    if about:
        FeaturedItem.objects.create(
            home=home,
            page=about,
            title="Découvrir l’expérimentation",
            text="39 territoires, trois priorités : repérer, coopérer, essaimer.",
            sort_order=0,
        )
