"""Demo practice sheets: visibly fictional, spread over territories, vocabularies and states.

Idempotent: sheets are keyed by slug inside their territory's folder."""

import random
from datetime import date
from decimal import Decimal

from django.utils.text import slugify

from accounts.models import Membership, Territory, User
from practices.models import PracticeSheetPage, ResultLine, TerritoryFolderPage
from practices.services import ensure_territory_folder
from taxonomy.models import ActionType, Audience, Barrier, Benefit, Partner, ResultIndicator

# title, summary, action types, barriers, audiences, benefits, partners, data sharing
APPROACHES = [
    (
        "Croiser les fichiers CAF et CCAS pour repérer les non-recourants à la prime d’activité",
        "Un croisement trimestriel des fichiers de la CAF et du CCAS identifie les foyers "
        "éligibles qui ne demandent pas la prime d’activité ; une conseillère les appelle un par "
        "un.",
        ["croisement-donnees"],
        ["absence-partage-donnees", "droit-meconnu"],
        ["travailleurs-pauvres", "familles-monoparentales"],
        ["prime-activite", "rsa"],
        ["caf", "ccas"],
        True,
    ),
    (
        "Un bus des droits dans les hameaux",
        "Un minibus aménagé passe chaque semaine dans douze hameaux : accueil sans rendez-vous, "
        "simulation des droits et dépôt des dossiers sur place.",
        ["aller-vers", "rendez-vous-droits"],
        ["mobilite", "fracture-numerique"],
        ["zones-rurales", "personnes-agees"],
        ["aspa", "css", "apa"],
        ["msa", "france-services"],
        False,
    ),
    (
        "Des rendez-vous des droits à la sortie de l’hôpital",
        "Avant la sortie, une assistante sociale vérifie avec chaque patient volontaire ses droits "
        "à la complémentaire santé solidaire et aux aides au logement.",
        ["rendez-vous-droits"],
        ["complexite-administrative", "cloisonnement"],
        ["sortants-institution"],
        ["css", "acces-soins", "aides-logement"],
        ["hopital", "cpam"],
        False,
    ),
    (
        "Former les agents d’accueil municipaux au repérage",
        "Deux demi-journées de formation pour les agents d’accueil de la mairie, des écoles et des "
        "équipements sportifs : reconnaître les signaux et orienter.",
        ["formation-professionnels"],
        ["professionnels-non-informes"],
        ["tous-publics"],
        ["aides-facultatives", "tarifs-sociaux"],
        ["commune", "ccas"],
        False,
    ),
    (
        "Pair-aidance : d’anciens bénéficiaires accompagnent les démarches",
        "Six pairs-aidants rémunérés accompagnent des habitants dans leurs démarches, en binôme "
        "avec une travailleuse sociale.",
        ["pair-aidance"],
        ["decouragement", "stigmatisation"],
        ["quartiers-prioritaires"],
        ["rsa", "aides-logement"],
        ["association", "departement"],
        False,
    ),
    (
        "Un simulateur de droits dans les permanences France services",
        "Les conseillers France services utilisent systématiquement un simulateur de droits lors "
        "de chaque visite, quel qu’en soit le motif.",
        ["simulateur", "accompagnement-numerique"],
        ["droit-meconnu", "fracture-numerique"],
        ["tous-publics"],
        ["prime-activite", "cheque-energie", "css"],
        ["france-services"],
        False,
    ),
    (
        "Campagne d’information sur le chèque énergie avec les bailleurs",
        "Courrier, affiches dans les halls et porte-à-porte des gardiens pour faire connaître le "
        "chèque énergie aux locataires du parc social.",
        ["communication", "aller-vers"],
        ["information-absente"],
        ["quartiers-prioritaires"],
        ["cheque-energie"],
        ["bailleur"],
        False,
    ),
    (
        "Un guichet unique pour les étudiants",
        "Un point d’accueil commun au Crous, à la CAF et à la CPAM sur le campus, ouvert deux "
        "jours par semaine pendant la rentrée.",
        ["guichet-unique"],
        ["complexite-administrative", "information-absente"],
        ["etudiants"],
        ["bourses", "aides-logement", "css"],
        ["education", "caf", "cpam"],
        False,
    ),
    (
        "Repérer les retraités modestes avec la Carsat",
        "La Carsat transmet, dans le cadre d’une convention, la liste des retraités aux faibles "
        "pensions ; le CCAS leur propose un bilan de droits.",
        ["croisement-donnees", "rendez-vous-droits"],
        ["absence-partage-donnees", "droit-meconnu"],
        ["personnes-agees"],
        ["aspa", "css"],
        ["carsat", "ccas"],
        True,
    ),
    (
        "Accompagner les dossiers AAH pour éviter les abandons",
        "Un référent suit chaque dossier d’AAH incomplet jusqu’à la décision et relance les "
        "pièces manquantes avec la personne.",
        ["rendez-vous-droits"],
        ["dossier-incomplet", "abandon-demarche", "delais"],
        ["personnes-handicap"],
        ["aah", "pch"],
        ["departement", "association"],
        False,
    ),
    (
        "Permanences dans les aires d’accueil des gens du voyage",
        "Une permanence mensuelle dans chaque aire d’accueil : domiciliation, affiliation maladie "
        "et ouverture des droits sociaux.",
        ["aller-vers"],
        ["mobilite", "decouragement"],
        ["gens-du-voyage"],
        ["acces-soins", "rsa"],
        ["association", "cpam"],
        False,
    ),
    (
        "Traduire les courriers et accompagner les personnes allophones",
        "Des interprètes bénévoles et des courriers traduits en cinq langues pour les démarches "
        "les plus fréquentes.",
        ["accompagnement-numerique", "communication"],
        ["barriere-linguistique"],
        ["etrangers"],
        ["css", "aides-logement"],
        ["association", "commune"],
        False,
    ),
    (
        "Mesurer le non-recours avec le kit d’évaluation",
        "Mise en place des six indicateurs du kit d’évaluation dans le tableau de suivi partagé "
        "avec les partenaires du comité local.",
        ["evaluation", "gouvernance"],
        ["cloisonnement"],
        ["tous-publics"],
        ["rsa", "prime-activite"],
        ["ddets", "departement", "caf"],
        True,
    ),
]

STATUSES = ["en-projet", "en-cours", "en-cours", "terminee", "generalisee"]
MATURITIES = ["idee", "testee", "testee", "evaluee"]
BUDGETS = ["aucun", "moins-10k", "10k-50k", "50k-150k"]


def _sheet_for(folder, slug):
    return PracticeSheetPage.objects.child_of(folder).filter(slug=slug).first()


def load(count: int = 44) -> dict:
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    indicators = list(ResultIndicator.objects.filter(is_active=True))
    territories = list(Territory.objects.order_by("name"))
    created = 0
    states = {"live": 0, "draft": 0, "in_review": 0}
    for number in range(count):
        approach = APPROACHES[number % len(APPROACHES)]
        territory = territories[number % len(territories)]
        folder = ensure_territory_folder(territory) or TerritoryFolderPage.objects.get(
            territory=territory
        )
        slug = slugify(approach[0])[:60] + f"-{number + 1}"
        if _sheet_for(folder, slug):
            continue
        state = "draft" if number % 11 == 5 else "in_review" if number % 11 == 8 else "live"
        sheet = _new_sheet(rng, number, approach, territory, slug, live=state == "live")
        folder.add_child(instance=sheet)
        _tag(sheet, approach)
        contacts = User.objects.filter(
            memberships__territory=territory, memberships__status=Membership.Status.ACCEPTED
        )
        sheet.contacts.set(contacts)
        if not sheet.results_not_measured:
            _add_results(sheet, approach, indicators)
        _submit(sheet, state, contacts)
        states[state] += 1
        created += 1
    _declare_reuses()
    return {"created": created, **states}


def _declare_reuses() -> None:
    """« Je m’en inspire »: the same approach written up in several territories; the first
    published sheet of an approach is declared reused by the territories that wrote it later,
    their own sheet linked. Kinds alternate; idempotent."""
    from practices.models import Reuse

    kinds = [Reuse.Kind.ADAPT, Reuse.Kind.REUSE, Reuse.Kind.CONSIDER]
    live = PracticeSheetPage.objects.live().select_related("territory").order_by("pk")
    first_by_approach: dict[str, PracticeSheetPage] = {}
    for number, sheet in enumerate(live):
        approach = sheet.slug.rsplit("-", 1)[0]
        source = first_by_approach.setdefault(approach, sheet)
        if source.pk == sheet.pk or source.territory_id == sheet.territory_id:
            continue
        author = User.objects.filter(
            memberships__territory=sheet.territory,
            memberships__status=Membership.Status.ACCEPTED,
        ).first()
        Reuse.objects.get_or_create(
            sheet=source,
            territory=sheet.territory,
            defaults={
                "kind": kinds[number % len(kinds)],
                "user": author,
                "own_sheet": sheet,
                "comment": "Nous avons repris la démarche avec nos partenaires (démo).",
            },
        )


def _new_sheet(rng, number, approach, territory, slug, live) -> PracticeSheetPage:
    """The sheet of ``approach`` in ``territory``, not saved yet; its dates, state, maturity and
    budget follow ``number``."""
    title, summary, _actions, _barriers, _audiences, _benefits, _partners, sharing = approach
    start = date(2023 + number % 3, 1 + number % 12, 1)
    return PracticeSheetPage(
        title=f"{title} ({territory.name})",
        slug=slug,
        summary=summary,
        territory=territory,
        organisation=rng.choice(
            [
                f"CCAS de {territory.name}",
                f"Ville de {territory.name}",
                "Association Droits Devant (démo)",
                "Conseil départemental (démo)",
            ]
        ),
        start_date=start,
        end_date=date(start.year + 1, start.month, 1) if number % 4 == 0 else None,
        action_status=STATUSES[number % len(STATUSES)],
        maturity=MATURITIES[number % len(MATURITIES)],
        context=(
            f"<p>À {territory.name} (territoire fictif), les partenaires constataient que "
            "beaucoup de personnes éligibles ne demandaient pas leurs droits. Ce texte est "
            "un exemple de démonstration.</p>"
        ),
        actions=_what_was_done(rng, summary),
        staff_fte=Decimal(rng.choice(["0.5", "1.0", "1.5", "2.0", "3.0"])),
        budget_range=BUDGETS[number % len(BUDGETS)],
        duration=rng.choice(["6 mois", "1 an", "3 mois de préparation puis en continu"]),
        tools="Tableau de suivi partagé, simulateur de droits",
        data_sharing=sharing,
        data_sharing_details=(
            "Convention de partage signée avec les partenaires ; données pseudonymisées "
            "(exemple de démonstration)."
            if sharing
            else ""
        ),
        lessons_worked="<p>Un interlocuteur unique pour les personnes.</p>",
        lessons_pitfalls="<p>Prévoir le temps de la convention avec chaque partenaire.</p>",
        replication="<p>Un partenaire institutionnel moteur, 1 ETP, six mois.</p>",
        results_not_measured=number % 7 == 3,
        live=live,
    )


def _what_was_done(rng, summary) -> list:
    """The « ce qui a été fait » blocks: the summary, three steps, two key figures."""
    return [
        ("paragraph", f"<p>{summary}</p>"),
        (
            "steps",
            {
                "title": "Les étapes",
                "steps": [
                    {"title": "Réunir les partenaires", "text": "Un comité local mensuel."},
                    {"title": "Organiser le repérage", "text": "Définir qui contacte qui."},
                    {"title": "Accompagner jusqu’à l’ouverture du droit", "text": ""},
                ],
            },
        ),
        (
            "key_figures",
            {
                "figures": [
                    {"value": str(rng.randint(80, 900)), "label": "personnes contactées"},
                    {"value": f"{rng.randint(20, 70)} %", "label": "ont ouvert un droit"},
                ]
            },
        ),
    ]


def _tag(sheet, approach) -> None:
    """The vocabularies of ``approach`` (and its data-sharing partners)."""
    _title, _summary, actions, barriers, audiences, benefits, partners, sharing = approach
    sheet.action_types.set(ActionType.objects.filter(slug__in=actions))
    sheet.barriers.set(Barrier.objects.filter(slug__in=barriers))
    sheet.audiences.set(Audience.objects.filter(slug__in=audiences))
    sheet.benefits.set(Benefit.objects.filter(slug__in=benefits))
    sheet.partners.set(Partner.objects.filter(slug__in=partners))
    if sharing:
        sheet.data_sharing_partners.set(Partner.objects.filter(slug__in=partners))


def _result_slugs(approach) -> list[str]:
    """The indicators a practice of this kind measures: identification and data-sharing
    conventions only where partners share data, the people trained for a training, the chain
    contact → rights otherwise."""
    actions, sharing = approach[2], approach[7]
    if "formation-professionnels" in actions:
        return ["professionnels-formes", "personnes-accompagnees"]
    slugs = ["personnes-reperees", "conventions-partage-donnees"] if sharing else []
    if "rendez-vous-droits" in actions or "guichet-unique" in actions:
        slugs += ["personnes-accompagnees", "taux-droits-ouverts"]
    elif "aller-vers" in actions or "communication" in actions:
        slugs += ["personnes-contactees", "personnes-accompagnees"]
    return list(dict.fromkeys([*slugs, "droits-ouverts"]))[:3]


def _add_results(sheet, approach, indicators) -> None:
    """The sheet's share of its territory's figures for its first year (the same figures as
    the territory's demo reports: a sheet never claims more than its territory)."""
    from taxonomy.demo_figures import sheet_share, territory_figures

    territory = sheet.territory
    year = sheet.start_date.year
    figures = territory_figures(
        territory.slug, territory.population or 20_000, year, territory.cohort or 2023
    )
    by_slug = {indicator.slug: indicator for indicator in indicators}
    for position, slug in enumerate(_result_slugs(approach)):
        indicator = by_slug.get(slug)
        if indicator is None:
            continue
        ResultLine.objects.create(
            sheet=sheet,
            indicator=indicator,
            value=sheet_share(figures[slug], indicator.value_kind, sheet.slug),
            year=year,
            source="Tableau de suivi du projet (démo)",
            sort_order=position,
        )


def _submit(sheet, state, contacts) -> None:
    """A first revision by a contact; published, or sent to the référents' review."""
    revision = sheet.save_revision(user=contacts.first())
    if state == "live":
        revision.publish()
    elif state == "in_review":
        workflow = sheet.get_workflow()
        author = contacts.first()
        if workflow is not None and author is not None:
            workflow.start(sheet, author)
