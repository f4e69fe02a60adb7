"""The 18 French regions (official INSEE codes): reference data, editable in the admin."""

from django.db import migrations

REGIONS = [
    ("84", "Auvergne-Rhône-Alpes", "auvergne-rhone-alpes"),
    ("27", "Bourgogne-Franche-Comté", "bourgogne-franche-comte"),
    ("53", "Bretagne", "bretagne"),
    ("24", "Centre-Val de Loire", "centre-val-de-loire"),
    ("94", "Corse", "corse"),
    ("44", "Grand Est", "grand-est"),
    ("32", "Hauts-de-France", "hauts-de-france"),
    ("11", "Île-de-France", "ile-de-france"),
    ("28", "Normandie", "normandie"),
    ("75", "Nouvelle-Aquitaine", "nouvelle-aquitaine"),
    ("76", "Occitanie", "occitanie"),
    ("52", "Pays de la Loire", "pays-de-la-loire"),
    ("93", "Provence-Alpes-Côte d’Azur", "provence-alpes-cote-d-azur"),
    ("01", "Guadeloupe", "guadeloupe"),
    ("02", "Martinique", "martinique"),
    ("03", "Guyane", "guyane"),
    ("04", "La Réunion", "la-reunion"),
    ("06", "Mayotte", "mayotte"),
]


def load(apps, schema_editor):
    Region = apps.get_model("accounts", "Region")
    for code, name, slug in REGIONS:
        Region.objects.get_or_create(code=code, defaults={"name": name, "slug": slug})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
