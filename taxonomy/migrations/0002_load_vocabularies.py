from django.db import migrations


def load(apps, schema_editor):
    from taxonomy.loader import load_vocabularies

    names = {
        "audiences": "Audience",
        "barriers": "Barrier",
        "benefits": "Benefit",
        "action_types": "ActionType",
        "partners": "Partner",
        "document_kinds": "DocumentKind",
        "result_indicators": "ResultIndicator",
    }
    load_vocabularies({section: apps.get_model("taxonomy", name) for section, name in names.items()})


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
