from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Charge le contenu de démonstration (territoires fictifs, un compte par rôle). "
        "Peut être relancée sans risque ; refusée en production."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError(
                "Le contenu de démonstration est refusé avec ces réglages (production)."
            )
        from website import setup_steps
        from website.bootstrap import bootstrap_site

        with transaction.atomic():
            bootstrap_site()
            parts = [step.run() for step in setup_steps.steps("demo")]
        parts += [step.run() for step in setup_steps.steps("after_demo")]
        summary = ", ".join(part for part in parts if part)
        self.stdout.write(self.style.SUCCESS(f"Démo prête : {summary}."))
