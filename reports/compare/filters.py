"""What « Comparer les territoires » shows, read from the address (a GET form: the address can be
shared). Every parameter is checked; a wrong one is named in plain French and replaced by its
default, so the page always answers. A commissioner arriving without any parameter sees the
territories of the regions they follow."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Region, Territory
from accounts.permissions import is_commissioner
from reports.models import Report, ReportingCampaign
from taxonomy.models import Audience, Barrier, ResultIndicator

VALUES = "valeurs"
PER_INHABITANTS = "habitants"
RATE = "taux"
SORT_NAME = "nom"
SORT_DESC = "valeur-desc"
SORT_ASC = "valeur-asc"
SORT_REGION = "region"
DEFAULT_YEARS = 5
PAGE_SIZE = 50


def _choice(message):
    return {"invalid_choice": message, "invalid_list": message}


class CompareForm(forms.Form):
    indicateur = forms.ChoiceField(
        label=gettext_lazy("Indicateur"),
        required=False,
        error_messages=_choice(
            gettext_lazy("Cet indicateur n’est pas dans le kit : choisissez-en un dans la liste.")
        ),
    )
    de = forms.TypedChoiceField(
        label=gettext_lazy("De l’année"),
        coerce=int,
        required=False,
        error_messages=_choice(
            gettext_lazy(
                "Aucun bilan pour cette année de début : choisissez une année de la liste."
            )
        ),
    )
    a = forms.TypedChoiceField(
        label=gettext_lazy("À l’année"),
        coerce=int,
        required=False,
        error_messages=_choice(
            gettext_lazy("Aucun bilan pour cette année de fin : choisissez une année de la liste.")
        ),
    )
    affichage = forms.ChoiceField(
        label=gettext_lazy("Valeurs montrées"),
        required=False,
        choices=[
            (VALUES, gettext_lazy("Valeurs déclarées")),
            (PER_INHABITANTS, gettext_lazy("Pour 1 000 habitants")),
            (RATE, gettext_lazy("En taux")),
        ],
        error_messages=_choice(
            gettext_lazy("Affichage inconnu : les valeurs déclarées sont montrées.")
        ),
    )
    region = forms.MultipleChoiceField(
        label=gettext_lazy("Régions"),
        required=False,
        error_messages=_choice(
            gettext_lazy("Une des régions demandées n’existe pas : choisissez dans la liste.")
        ),
    )
    departement = forms.ChoiceField(
        label=gettext_lazy("Département"),
        required=False,
        error_messages=_choice(
            gettext_lazy("Aucun territoire dans ce département : choisissez dans la liste.")
        ),
    )
    type = forms.MultipleChoiceField(
        label=gettext_lazy("Types de territoire"),
        required=False,
        choices=Territory.Kind.choices,
        error_messages=_choice(
            gettext_lazy("Type de territoire inconnu : choisissez dans la liste.")
        ),
    )
    vague = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Vague de l’expérimentation"),
        required=False,
        coerce=int,
        choices=Territory.Cohort.choices,
        error_messages=_choice(gettext_lazy("Vague inconnue : choisissez 2023 ou 2024.")),
    )
    public = forms.ChoiceField(
        label=gettext_lazy("Public cible d’une fiche publiée du territoire"),
        required=False,
        error_messages=_choice(
            gettext_lazy("Ce public cible n’existe pas : choisissez dans la liste.")
        ),
    )
    frein = forms.ChoiceField(
        label=gettext_lazy("Frein traité par une fiche publiée du territoire"),
        required=False,
        error_messages=_choice(gettext_lazy("Ce frein n’existe pas : choisissez dans la liste.")),
    )
    tri = forms.ChoiceField(
        label=gettext_lazy("Trier par"),
        required=False,
        choices=[
            (SORT_NAME, gettext_lazy("Nom du territoire")),
            (
                SORT_DESC,
                gettext_lazy("Valeur de la dernière année, de la plus grande à la plus petite"),
            ),
            (
                SORT_ASC,
                gettext_lazy("Valeur de la dernière année, de la plus petite à la plus grande"),
            ),
            (SORT_REGION, gettext_lazy("Région")),
        ],
        error_messages=_choice(gettext_lazy("Tri inconnu : les territoires sont classés par nom.")),
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": gettext_lazy("Numéro de page invalide : la première page est montrée."),
            "min_value": gettext_lazy("Numéro de page invalide : la première page est montrée."),
        },
    )

    def __init__(self, data, *, choices):
        super().__init__(data)
        self.fields["indicateur"].choices = [(i.slug, i.label) for i in choices.indicators]
        years = [(year, str(year)) for year in choices.years]
        self.fields["de"].choices = years
        self.fields["a"].choices = years
        self.fields["region"].choices = [(r.code, r.name) for r in choices.regions]
        self.fields["departement"].choices = [("", _("Tous les départements"))] + [
            (code, code) for code in choices.departements
        ]
        self.fields["public"].choices = [("", _("Tous les publics"))] + [
            (a.slug, a.label) for a in choices.audiences
        ]
        self.fields["frein"].choices = [("", _("Tous les freins"))] + [
            (b.slug, str(b)) for b in choices.barriers
        ]


@dataclass
class Choices:
    """What the form offers: read once per request (a fixed number of queries)."""

    indicators: list
    years: list[int]
    last_validated_year: int | None
    regions: list
    departements: list[str]
    audiences: list
    barriers: list

    @classmethod
    def load(cls):
        years = set(Report.objects.order_by().values_list("year", flat=True).distinct())
        years |= set(ReportingCampaign.objects.values_list("year", flat=True))
        validated = Report.objects.filter(status=Report.Status.VALIDATED).order_by("-year")
        return cls(
            indicators=list(
                ResultIndicator.objects.filter(is_active=True)
                .select_related("rate_of")
                .order_by("position", "label")
            ),
            years=sorted(years) or [timezone.now().year],
            last_validated_year=validated.values_list("year", flat=True).first(),
            regions=list(Region.objects.order_by("name")),
            departements=sorted(
                Territory.objects.order_by().values_list("departement_code", flat=True).distinct()
            ),
            audiences=list(Audience.objects.filter(is_active=True)),
            barriers=list(
                Barrier.objects.filter(is_active=True)
                .select_related("parent")
                .order_by("parent__position", "parent__label", "position", "label")
            ),
        )


@dataclass
class Selection:
    """The comparison asked for, every value checked."""

    indicator: ResultIndicator | None
    years: list[int]
    display: str = VALUES
    regions: list = field(default_factory=list)
    departement: str = ""
    kinds: list[str] = field(default_factory=list)
    cohorts: list[int] = field(default_factory=list)
    audience: Audience | None = None
    barrier: Barrier | None = None
    sort: str = SORT_NAME
    page: int = 1
    landed_on_regions: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def last_year(self) -> int:
        return self.years[-1]

    def params(self, **changes) -> dict:
        """The address parameters of this selection (without the page unless changed)."""
        params = {
            "indicateur": self.indicator.slug if self.indicator else "",
            "de": self.years[0],
            "a": self.years[-1],
            "affichage": self.display,
            "region": [r.code for r in self.regions],
            "departement": self.departement,
            "type": self.kinds,
            "vague": self.cohorts,
            "public": self.audience.slug if self.audience else "",
            "frein": self.barrier.slug if self.barrier else "",
            "tri": self.sort,
        }
        params.update(changes)
        return {key: value for key, value in params.items() if value not in ("", [], None)}

    def query_string(self, **changes) -> str:
        return urlencode(self.params(**changes), doseq=True)


def _display(indicator, wanted: str, errors: list[str]) -> str:
    if wanted == PER_INHABITANTS and not (indicator and indicator.per_inhabitants):
        errors.append(
            _(
                "Cet indicateur ne se ramène pas à la population : "
                "les valeurs déclarées sont montrées."
            )
        )
        return VALUES
    if wanted == RATE and not (indicator and indicator.rate_of_id):
        errors.append(
            _("Cet indicateur ne se montre pas en taux : les valeurs déclarées sont montrées.")
        )
        return VALUES
    return wanted or VALUES


def _years(choices, start, end, errors: list[str]) -> list[int]:
    available = choices.years
    # By default, up to the last year with a validated report (not the campaign under way).
    end = end or choices.last_validated_year or available[-1]
    start = start or max(available[0], end - DEFAULT_YEARS + 1)
    if start > end:
        errors.append(_("L’année de début est après l’année de fin : elles ont été inversées."))
        start, end = end, start
    return [year for year in available if start <= year <= end] or [end]


def _landing_regions(user, data) -> list:
    if data or not is_commissioner(user):
        return []
    return list(user.regions.order_by("name"))


def read(request, choices: Choices | None = None) -> tuple[CompareForm, Selection]:
    choices = choices or Choices.load()
    form = CompareForm(request.GET, choices=choices)
    form.is_valid()
    clean = form.cleaned_data
    errors = [str(message) for messages in form.errors.values() for message in messages]
    by_slug = {i.slug: i for i in choices.indicators}
    indicator = by_slug.get(clean.get("indicateur")) or next(iter(choices.indicators), None)
    regions = [r for r in choices.regions if r.code in set(clean.get("region") or [])]
    landed = False
    if not regions:
        regions = _landing_regions(request.user, request.GET)
        landed = bool(regions)
    selection = Selection(
        indicator=indicator,
        years=_years(choices, clean.get("de"), clean.get("a"), errors),
        display=_display(indicator, clean.get("affichage"), errors),
        regions=regions,
        departement=clean.get("departement") or "",
        kinds=clean.get("type") or [],
        cohorts=clean.get("vague") or [],
        audience=next((a for a in choices.audiences if a.slug == clean.get("public")), None),
        barrier=next((b for b in choices.barriers if b.slug == clean.get("frein")), None),
        sort=clean.get("tri") or SORT_NAME,
        page=clean.get("page") or 1,
        landed_on_regions=landed,
        errors=errors,
    )
    return form, selection
