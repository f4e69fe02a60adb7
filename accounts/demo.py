"""Demo people and territories. Visibly fictional; idempotent."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from accounts import roles
from accounts.models import Membership, Region, Territory, User

DEMO_SENIORITY = timedelta(days=180)
DEMO_PASSWORD = "demo-zero-non-recours"  # noqa: S105 - documented in README, refused in production

# name, kind, official code, département, region code, population, cohort (vague)
TERRITORIES = [
    ("Fictiville", "commune", "59999", "59", "32", 48_000, 2023),
    ("Bourg-l’Exemple", "commune", "35999", "35", "53", 12_500, 2024),
    ("Val-d’Essai", "commune", "38999", "38", "84", 31_000, 2023),
    ("Saint-Démo-sur-Mer", "commune", "97499", "974", "04", 22_000, 2024),
    ("Métropole de Fictiville-Lès-Bains", "epci", "299999999", "21", "27", 420_000, 2023),
    ("Communauté de communes du Pays d’Imaginaire", "epci", "299999998", "15", "84", 28_000, 2024),
    ("Agglomération du Val-Témoin", "epci", "299999997", "73", "84", 95_000, 2024),
    ("Département de la Haute-Fiction", "departement", "54", "54", "44", 730_000, 2023),
    ("Département des Pyrénées-Démo", "departement", "64", "64", "75", 680_000, 2024),
    ("Port-Exemple", "commune", "2A999", "2A", "94", 9_000, 2023),
    ("Villeneuve-Maquette", "commune", "93999", "93", "11", 61_000, 2024),
    ("Montessai", "commune", "34999", "34", "76", 18_000, 2024),
    ("Plouvierge-Démo", "commune", "56999", "56", "53", 4_000, 2024),
    ("Saint-Prototype", "commune", "13999", "13", "93", 36_000, 2024),
]

# email, first name, last name, organisation, job title, global role, (territory, role)
PEOPLE = [
    (
        "equipe@example.org",
        "Camille",
        "Exemple",
        "CCAS de Fictiville",
        "Cheffe de projet TZNR",
        None,
        ("fictiville", Membership.Role.MEMBER),
    ),
    (
        "referent@example.org",
        "Dominique",
        "Témoin",
        "Ddets du Nord (démo)",
        "Référent TZNR",
        None,
        ("fictiville", Membership.Role.REFERENT),
    ),
    (
        "commissaire@example.org",
        "Claude",
        "Fictif",
        "Préfecture de région (démo)",
        "Commissaire à la lutte contre la pauvreté",
        roles.COMMISSIONER,
        None,
    ),
    (
        "animateur@example.org",
        "Alex",
        "Démo",
        "Cabinet d’animation (démo)",
        "Animateur de la communauté",
        roles.FACILITATOR,
        None,
    ),
    (
        "moderateur@example.org",
        "Sacha",
        "Modèle",
        "Cabinet d’animation (démo)",
        "Modératrice du forum",
        roles.MODERATOR,
        None,
    ),
    (
        "admin@example.org",
        "Morgane",
        "Essai",
        "DGCS (démo)",
        "Administratrice nationale",
        roles.DGCS_ADMIN,
        None,
    ),
]


def load() -> dict:
    from allauth.account.models import EmailAddress

    regions = {region.code: region for region in Region.objects.all()}
    territories = {}
    for name, kind, code, dep, region_code, population, cohort in TERRITORIES:
        slug = slugify(name.replace("’", "-"))
        territory, _ = Territory.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "official_code": code,
                "departement_code": dep,
                "region": regions[region_code],
            },
        )
        if territory.population is None or territory.cohort is None:
            territory.population = territory.population or population
            territory.cohort = territory.cohort or cohort
            territory.save(update_fields=["population", "cohort"])
        territories[slug] = territory

    people = {}
    for email, first, last, org, job, role, membership in PEOPLE:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "organisation": org,
                "job_title": job,
                # Members for a while: not under the new-account limits of the forum.
                "date_joined": timezone.now() - DEMO_SENIORITY,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
            if role == roles.COMMISSIONER:
                user.regions.add(regions["32"], regions["84"])
        if membership:
            slug, membership_role = membership
            Membership.objects.get_or_create(
                user=user,
                territory=territories[slug],
                defaults={"role": membership_role, "status": Membership.Status.ACCEPTED},
            )
        people[email] = user
    return {"territories": territories, "people": people}
