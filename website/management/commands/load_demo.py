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
        from accounts import demo as accounts_demo
        from events import demo as events_demo
        from forum import demo as forum_demo
        from library import demo as library_demo
        from library.conventions import demo as conventions_demo
        from library.kit import demo as kit_demo
        from practices import demo as practices_demo
        from website import demo as website_demo
        from website.bootstrap import bootstrap_site

        with transaction.atomic():
            bootstrap_site()
            result = accounts_demo.load()
            website_demo.load()
            sheets = practices_demo.load()
            forum = forum_demo.load()
            events = events_demo.load()
            library = library_demo.load()
            kit = kit_demo.load()
            conventions = conventions_demo.load()
        # The site search: every demo object indexed at once, whatever the signals queued.
        from search import indexing

        documents = indexing.rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo prête : {len(result['territories'])} territoires, "
                f"{len(result['people'])} comptes (mot de passe : {accounts_demo.DEMO_PASSWORD}), "
                f"{sheets['created']} nouvelles fiches, "
                f"{forum['threads']} nouvelles discussions dans le forum, "
                f"{events['created']} nouveaux événements, "
                f"{library.get('created', 0)} nouveaux documents en bibliothèque, "
                f"{kit.get('created', 0)} nouveaux indicateurs du kit, "
                f"{conventions.get('created', 0)} nouvelles clauses, "
                f"{documents} contenus dans l’index de recherche."
            )
        )
