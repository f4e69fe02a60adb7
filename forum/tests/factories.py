"""Forum categories, and threads written through forum.services (so that the counters, read
marks and subscriptions behave as in production)."""

import factory

from forum.models import Category, Thread
from tests.factories import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    """A public category named after its slug (``"espace-referents"``: « Espace referents »)."""

    class Meta:
        model = Category

    slug = factory.Sequence(lambda n: f"categorie-{n}")
    name = factory.LazyAttribute(lambda category: category.slug.replace("-", " ").capitalize())
    visibility = Category.Visibility.PUBLIC
    territory = None


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread opened by ``author`` (an account older than the new-account limits) with
    ``forum.services.create_thread``: its first post is ``text``."""

    class Meta:
        model = Thread

    author = factory.SubFactory(UserFactory, old=True)
    category = factory.SubFactory(CategoryFactory)
    title = "Comment toucher les familles ?"
    text = "Premier message de la discussion."
    kind = Thread.Kind.QUESTION

    @classmethod
    def _create(cls, model_class, author, category, title, text, **kwargs):
        from forum import services

        return services.create_thread(author, category, title, text, **kwargs)
