from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_handle")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="deleted_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="Compte anonymisé à la demande de la personne ou pour inactivité.",
                null=True,
                verbose_name="compte supprimé le",
            ),
        ),
    ]
