from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Territory


@receiver(post_save, sender=Territory, dispatch_uid="practices_territory_folder")
def create_territory_folder(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    from practices.services import ensure_territory_folder

    ensure_territory_folder(instance)
