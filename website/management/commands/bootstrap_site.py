from django.core.management.base import BaseCommand

from website.bootstrap import bootstrap_site


class Command(BaseCommand):
    help = "Crée (sans rien écraser) les groupes de rôles, la page d’accueil et les pages légales."

    def handle(self, *args, **options):
        home = bootstrap_site()
        self.stdout.write(self.style.SUCCESS(f"Site prêt : page d’accueil « {home.title} »."))
