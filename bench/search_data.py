"""The data of the search benchmark (``bench/search.py``, whose docstring describes them):
synthetic French documents, the same at every run (same seed), and the queries and facet filters
measured on them."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

POSTS_PER_THREAD = 10

QUERIES = [
    "accompagnement",
    "numérique",
    "repérage jeunes",
    "droits",
    "prime d'activité",
    '"aller vers"',
    "accès aux droits -caf",
    "beneficiaire",
    "hebergement urgence",
    "chèque énergie",
    "fracture numérique seniors",
    "complémentaire santé solidaire",
    '"croisement de fichiers"',
    "mission locale",
    "permanence mairie",
    "non-recours rsa",
    "évaluation indicateurs",
    "familles monoparentales",
    "maraude",
    "convention partenariat caf",
]

# --- Synthetic French texts ---------------------------------------------------------------------

AUDIENCES = [
    "jeunes",
    "seniors",
    "familles monoparentales",
    "personnes âgées",
    "personnes en situation de handicap",
    "travailleurs pauvres",
    "personnes sans domicile",
    "étudiants",
    "agriculteurs",
    "gens du voyage",
]
RIGHTS = [
    "RSA",
    "prime d'activité",
    "chèque énergie",
    "APL",
    "complémentaire santé solidaire",
    "ASPA",
    "allocations familiales",
    "AAH",
    "bourse",
    "aide au logement",
]
PARTNERS = [
    "CAF",
    "CPAM",
    "MSA",
    "France Travail",
    "CCAS",
    "mission locale",
    "département",
    "association",
    "bailleur social",
    "maison France services",
]
ACTIONS = [
    "aller vers",
    "croisement de fichiers",
    "permanence",
    "atelier collectif",
    "accompagnement individuel",
    "formation des professionnels",
    "maraude",
    "campagne d'information",
    "rendez-vous des droits",
    "médiation numérique",
]
BARRIERS = [
    "non-connaissance",
    "complexité administrative",
    "fracture numérique",
    "stigmatisation",
    "coût de la démarche",
    "abandon de la demande",
    "refus de la demande",
    "délais de traitement",
    "non-proposition",
    "barrière de la langue",
]
WORDS = (  # noqa: SIM905
    "les bénéficiaires l'accès aux droits sociaux une démarche un dossier la mairie le "
    "territoire des partenaires l'équipe un référent la convention l'évaluation des indicateurs "
    "le repérage une orientation l'hébergement d'urgence le logement la santé l'emploi un "
    "rendez-vous des permanences un guichet unique l'accueil social les professionnels une "
    "réunion le comité de pilotage les habitants du quartier un questionnaire la relance "
    "téléphonique un courrier un atelier les outils numériques la plateforme en ligne des "
    "formulaires simplifiés le suivi des situations une expérimentation le bilan annuel les "
    "crédits de l'État la coopération le partage des données la protection des données un "
    "accord de confidentialité des visites à domicile les travailleurs sociaux l'insertion "
    "la précarité énergétique la mobilité le transport solidaire la garde d'enfants "
    "l'alimentation la domiciliation les personnes isolées la médiation l'interprétariat"
).split()
FORUM_OPENINGS = [
    "Bonjour à tous,",
    "Merci pour ce retour.",
    "Chez nous,",
    "Question :",
    "Nous avons testé",
    "Avez-vous des retours sur",
    "Petite mise à jour :",
    "Je confirme,",
    "De notre côté,",
    "Bonne idée :",
]


SYLLABLES = [
    "ba",
    "ché",
    "dan",
    "fi",
    "gou",
    "la",
    "mé",
    "nor",
    "pa",
    "quin",
    "ré",
    "sol",
    "tan",
    "vé",
    "zou",
    "bri",
    "cla",
    "dre",
    "fon",
    "gra",
    "lu",
    "mon",
    "né",
    "pli",
    "ron",
    "sé",
    "tri",
    "van",
    "cor",
    "mar",
]
FILLER_SIZE = 20_000


def filler_vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """20,000 made-up words (« barémon », « clafi »…) with Zipf frequencies: real French text has
    a large vocabulary, so that a query word is in a part of the documents, not in all."""
    words = set()
    while len(words) < FILLER_SIZE:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    return ordered, list(itertools.accumulate(1 / (rank + 1) for rank in range(len(ordered))))


_FILLER: tuple[list[str], list[float]] | None = None


def sentence(rng: random.Random, length: int) -> str:
    global _FILLER
    if _FILLER is None:
        _FILLER = filler_vocabulary(random.Random(3))  # noqa: S311
    fillers = rng.choices(_FILLER[0], cum_weights=_FILLER[1], k=length)
    words = [rng.choice(WORDS) if rng.random() < 0.08 else filler for filler in fillers]
    for vocabulary in (AUDIENCES, RIGHTS, PARTNERS, ACTIONS, BARRIERS):
        if rng.random() < 0.08:
            words.insert(rng.randrange(len(words)), rng.choice(vocabulary))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, words: int) -> str:
    out, count = [], 0
    while count < words:
        length = rng.randint(8, 16)
        out.append(sentence(rng, length))
        count += length
    return " ".join(out)


def slug(value: str) -> str:
    from django.utils.text import slugify

    return slugify(value)


def generate(sheets: int, posts: int, seed: int = 11):
    """Yield (kind, title, extra, text, facets, visibility, date) tuples, deterministic: the
    sheets, then one discussion per ``POSTS_PER_THREAD`` posts."""
    rng = random.Random(seed)  # noqa: S311 — benchmark data
    regions = [f"region-{n}" for n in range(13)]
    territories = [(f"territoire-{n}", f"Territoire {n}", regions[n % 13]) for n in range(40)]
    start = datetime(2023, 1, 1, tzinfo=UTC)
    yield from _sheets(rng, sheets, territories, start)
    yield from _threads(rng, posts // POSTS_PER_THREAD, territories, start)


def _sheets(rng: random.Random, count: int, territories: list, start: datetime):
    for number in range(count):
        audience, right, action = rng.choice(AUDIENCES), rng.choice(RIGHTS), rng.choice(ACTIONS)
        partner, barrier = rng.choice(PARTNERS), rng.choice(BARRIERS)
        territory = rng.choice(territories)
        title = (
            rng.choice(
                [
                    f"{action.capitalize()} pour les {audience} : {right}",
                    f"Repérage des {audience} avec {partner}",
                    f"{right} : lutter contre la {barrier} par {action}",
                    f"Accompagnement des {audience} vers le {right}",
                ]
            )
            + f" ({number})"
        )
        facets = {
            "type": ["fiche"],
            "public": [slug(audience)],
            "droit": [slug(right)],
            "action": [slug(action)],
            "partenaire": [slug(partner)],
            "frein": [slug(barrier)],
            "territoire": [territory[0]],
            "region": [territory[2]],
        }
        date = start + timedelta(minutes=rng.randrange(0, 4 * 365 * 24 * 60))
        facets["annee"] = [str(date.year)]
        extra = f"{audience} {right} {action} {partner} {barrier} {territory[1]}"
        yield ("fiche", title, extra, paragraph(rng, 150), facets, "public", date)


def _threads(rng: random.Random, count: int, territories: list, start: datetime):
    for number in range(count):
        subject = rng.choice(AUDIENCES + RIGHTS + ACTIONS)
        title = (
            rng.choice(
                [
                    f"Comment toucher les {rng.choice(AUDIENCES)} ?",
                    f"Retours d'expérience sur {subject}",
                    f"Question sur le {rng.choice(RIGHTS)}",
                    f"Partenariat avec {rng.choice(PARTNERS)} : vos conseils",
                ]
            )
            + f" ({number})"
        )
        roll = rng.random()
        territory = None
        if roll < 0.8:
            visibility = "public"
        elif roll < 0.95:
            visibility = "members"
        else:
            territory = rng.choice(territories)
            visibility = f"territory:{territories.index(territory) + 1}"
        text = " ".join(
            f"{rng.choice(FORUM_OPENINGS)} {paragraph(rng, 40)}" for _ in range(POSTS_PER_THREAD)
        )
        facets = {"type": ["discussion"]}
        if rng.random() < 0.3:
            facets["public"] = [slug(rng.choice(AUDIENCES))]
        if territory:
            facets["territoire"], facets["region"] = [territory[0]], [territory[2]]
        date = start + timedelta(minutes=rng.randrange(0, 4 * 365 * 24 * 60))
        facets["annee"] = [str(date.year)]
        yield ("discussion", title, "Entraide", text, facets, visibility, date)


FILTER_SETS = [
    {"type": ["fiche"]},
    {"type": ["discussion"]},
    {"public": ["jeunes"]},
    {"type": ["fiche"], "region": ["region-3"]},
    {"droit": ["rsa"], "partenaire": ["caf"]},
]
