"""Fill the definitions of the result indicators (evaluation kit) from data/taxonomy.yaml and
create the indicators added to it since 0002 (délai moyen, taux d’ouverture, conventions).

``family`` and ``value_kind`` were added by 0003 with a default: take the file's values. The text
fields are only filled where empty. Reversing leaves the data (the fields go with 0003)."""

from django.db import migrations


def fill(apps, schema_editor):
    from taxonomy.loader import complete_vocabulary

    complete_vocabulary(
        apps.get_model("taxonomy", "ResultIndicator"),
        "result_indicators",
        overwrite=("family", "value_kind"),
    )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0003_result_indicator_definitions")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
