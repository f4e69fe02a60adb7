"""How the kit's indicators compare between territories: per 1,000 inhabitants for the counts
and amounts of people reached, as a rate of another indicator where it makes sense, and the
contacts followed quarter by quarter. Only sets what is still at its default."""

from django.db import migrations

PER_INHABITANTS = (
    "personnes-reperees",
    "personnes-contactees",
    "personnes-accompagnees",
    "droits-ouverts",
    "montant-droits",
)
RATE_OF = {"personnes-contactees": "personnes-reperees", "droits-ouverts": "personnes-accompagnees"}
QUARTERLY = ("personnes-contactees",)


def fill(apps, schema_editor):
    indicator = apps.get_model("taxonomy", "ResultIndicator")
    indicator.objects.filter(slug__in=PER_INHABITANTS).update(per_inhabitants=True)
    indicator.objects.filter(slug__in=QUARTERLY).update(quarterly=True)
    by_slug = {i.slug: i for i in indicator.objects.filter(slug__in=[*RATE_OF, *RATE_OF.values()])}
    for slug, denominator in RATE_OF.items():
        if slug in by_slug and denominator in by_slug and by_slug[slug].rate_of_id is None:
            by_slug[slug].rate_of = by_slug[denominator]
            by_slug[slug].save(update_fields=["rate_of"])


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0005_indicator_comparison")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
