"""Factories shared by every app's tests: people, territories, memberships, and the base of the
Wagtail page factories (``PageFactory``). Each app keeps its own in ``<app>/tests/factories.py``."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Membership, Region, Territory, User


class UserFactory(factory.django.DjangoModelFactory):
    """A verified account. ``old=True``: joined 30 days ago, past the new-account limits
    (FORUM_NEW_ACCOUNT_HOURS: links, files, mentions)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        old = factory.Trait(
            date_joined=factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
        )

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    organisation = "CCAS de test"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "mot-de-passe-test")
        if create:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get_or_create(name=name)[0])


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Territoire test {n}")
    slug = factory.Sequence(lambda n: f"territoire-test-{n}")
    kind = Territory.Kind.COMMUNE
    departement_code = "59"
    region = factory.LazyFunction(lambda: Region.objects.get(code="32"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    territory = factory.SubFactory(TerritoryFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACCEPTED


class PageFactory(factory.django.DjangoModelFactory):
    """A Wagtail page added under its parent (``parent=``, else ``default_parent``), then, as an
    editor would leave it, published (``live=True``, the default) or kept as a draft with one
    revision (``live=False``; the draft is then saved again, so that its row holds what its
    revision holds, relations included). The page returned is read again from the database.

    Subclasses say where their pages go (``default_parent``) and may take keyword arguments that
    are not fields of the page (their names in ``_extras``): ``prepare`` gets them before the
    first revision (relations, tags: they are in the revision), ``complete`` after it.
    ``first_published_at=`` is written after the publication (a page published days ago)."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    live = True
    parent = None
    first_published_at = None

    _extras: tuple[str, ...] = ()

    @classmethod
    def default_parent(cls, fields):
        raise NotImplementedError(f"{cls.__name__} needs a parent")

    @classmethod
    def prepare(cls, page, **extras):
        """Before the first revision."""

    @classmethod
    def complete(cls, page, **extras):
        """After the publication or the draft revision."""

    @classmethod
    def _create(cls, model_class, *args, parent=None, first_published_at=None, **kwargs):
        from wagtail.models import Page

        extras = {name: kwargs.pop(name) for name in cls._extras if name in kwargs}
        parent = parent or cls.default_parent(kwargs)
        # Read again: treebeard places the child from the parent's ``numchild``.
        parent = Page.objects.get(pk=parent.pk)
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        cls.prepare(page, **extras)
        revision = page.save_revision(user=page.owner)
        if page.live:
            revision.publish()
            if first_published_at is not None:
                model_class.objects.filter(pk=page.pk).update(first_published_at=first_published_at)
        else:
            page.save()
        cls.complete(page, **extras)
        return model_class.objects.get(pk=page.pk)
