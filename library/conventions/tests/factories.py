"""Clauses (with their first recorded version) and convention models with their sections."""

import factory

from library.conventions import clauses
from library.conventions.models import Clause, ConventionModel, ModelSection, Section


class ClauseFactory(factory.django.DjangoModelFactory):
    """A validated clause titled after its slug, its first version recorded."""

    class Meta:
        model = Clause
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"clause-{n}")
    title = factory.LazyAttribute(lambda clause: clause.slug.replace("-", " ").capitalize())
    section = Section.OBJET
    text = "Texte"
    status = Clause.Status.VALIDATED

    @factory.post_generation
    def version(self, create, extracted, **kwargs):
        if create:
            clauses.record_version(self)


class ConventionModelFactory(factory.django.DjangoModelFactory):
    """A model; ``sections=[(section, default clause, [alternative clauses]), …]`` in order."""

    class Meta:
        model = ConventionModel
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Modèle test {n}")
    slug = factory.Sequence(lambda n: f"modele-test-{n}")

    @factory.post_generation
    def sections(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for position, (section, default, alternatives) in enumerate(extracted):
            model_section = ModelSection.objects.create(
                convention_model=self, section=section, position=position, default_clause=default
            )
            for alternative in alternatives:
                clauses.add_alternative(model_section, alternative)
