import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import Membership, Region, Territory, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

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
