"""The steps of the guided form: for each, how to build its form from the draft or the request,
and how to write its answers onto the draft. The views (``practices.writing.views``) only
dispatch. Slugs and labels come from ``practices.sections`` (shared with the review)."""

from django.utils.translation import gettext_lazy as _

from practices.sections import SECTIONS
from practices.writing.forms import ActionForm, DoneForm, ReproduceForm
from practices.writing.forms_files import FilesForm
from practices.writing.forms_results import (
    NotMeasuredForm,
    ResultFormSet,
    apply_results,
    initial_lines,
    offered_indicators,
)
from practices.writing.forms_tags import TagsForm

SEND = "relire-et-envoyer"
SEND_LABEL = _("Relire et envoyer")


class Step:
    form_class = None
    template = "practices/writing/step.html"
    intro = ""

    def __init__(self, section):
        self.slug, self.label = section.slug, section.label

    def form(self, request, draft):
        kwargs = self.form_kwargs(request, draft)
        if request.method == "POST":
            return self.form_class(request.POST, request.FILES, **kwargs)
        return self.form_class(initial=self.form_class.initial_from(draft), **kwargs)

    def form_kwargs(self, request, draft) -> dict:
        return {}

    def is_valid(self, form) -> bool:
        return form.is_valid()

    def apply(self, form, draft, request) -> None:
        form.apply(draft)

    def extra_context(self, draft) -> dict:
        return {}


class ActionStep(Step):
    form_class = ActionForm
    intro = _(
        "Ce que vous avez fait, en quelques lignes : c’est ce que liront d’abord les autres "
        "territoires."
    )


class TagsStep(Step):
    form_class = TagsForm
    template = "practices/writing/step_tags.html"
    intro = _(
        "Cochez ce qui correspond à l’action : c’est ainsi que les autres territoires la "
        "trouveront en cherchant par public, par frein ou par droit."
    )

    def form(self, request, draft):
        kwargs = self.form_kwargs(request, draft)
        if request.method != "POST":
            return TagsForm(initial=TagsForm.initial_from(draft), **kwargs)
        data = request.POST.copy()
        name, _sep, value = data.get("retirer_terme", "").partition(":")
        if name in data:  # a chosen tag's « Retirer » button (without JavaScript)
            data.setlist(name, [v for v in data.getlist(name) if v != value])
        return TagsForm(data, **kwargs)

    def form_kwargs(self, request, draft):
        return {
            "used": TagsForm.initial_from(draft),
            "filter_text": request.POST.get("filtre") or request.GET.get("filtre", ""),
        }


class DoneStep(Step):
    form_class = DoneForm

    def extra_context(self, draft) -> dict:
        kept = {str(b.block.label) for b in draft.actions if b.block_type != "paragraph"}
        return {"other_blocks": sorted(kept)}

    intro = _(
        "Racontez l’action comme à un collègue d’un autre territoire qui voudrait la reprendre."
    )


class ResultsStep(Step):
    template = "practices/writing/step_results.html"
    intro = _(
        "Les chiffres se donnent avec les indicateurs du kit d’évaluation, pour que les "
        "territoires puissent se comparer. Une ligne par indicateur et par période."
    )

    def form(self, request, draft):
        lines = initial_lines(draft)
        indicators = offered_indicators([line["indicator"] for line in lines])
        if request.method == "POST":
            data = request.POST.copy()
            if "ajouter" in data:
                total = int(data.get("resultats-TOTAL_FORMS") or 0)
                data["resultats-TOTAL_FORMS"] = str(total + 1)
            formset = ResultFormSet(data, prefix="resultats", initial=lines, indicators=indicators)
            other = NotMeasuredForm(data)
        else:
            formset = ResultFormSet(
                prefix="resultats", initial=lines or None, indicators=indicators
            )
            if not lines:
                formset.extra = 1
            other = NotMeasuredForm(initial={"results_not_measured": draft.results_not_measured})
        return {"formset": formset, "other": other}

    def is_valid(self, form) -> bool:
        return form["formset"].is_valid() and form["other"].is_valid()

    def apply(self, form, draft, request) -> None:
        apply_results(
            draft, form["formset"], form["other"].cleaned_data.get("results_not_measured")
        )


class ReproduceStep(Step):
    form_class = ReproduceForm
    intro = _("Ce qu’il faut savoir pour refaire l’action ailleurs. Tout est facultatif.")


class FilesStep(Step):
    form_class = FilesForm
    template = "practices/writing/step_files.html"
    intro = _(
        "Des documents utiles (bilan, affiche, trame d’entretien) et les personnes à contacter."
    )

    def form_kwargs(self, request, draft):
        return {
            "territory_id": draft.territory_id,
            "attachment_count": len(draft.attachments.all()),
        }

    def apply(self, form, draft, request) -> None:
        from wagtail.models import Collection

        from practices.models import TerritoryTeamGroup

        team = TerritoryTeamGroup.objects.filter(territory_id=draft.territory_id).first()
        collection = (team.collection if team else None) or Collection.get_first_root_node()
        form.apply(draft, request.user, collection)


STEP_CLASSES = (ActionStep, TagsStep, DoneStep, ResultsStep, ReproduceStep, FilesStep)
STEPS = {section.slug: cls(section) for section, cls in zip(SECTIONS, STEP_CLASSES, strict=True)}
ORDER = (*STEPS, SEND)
LABELS = {**{slug: step.label for slug, step in STEPS.items()}, SEND: SEND_LABEL}


def neighbours(slug: str) -> tuple[str | None, str | None]:
    index = ORDER.index(slug)
    previous = ORDER[index - 1] if index > 0 else None
    following = ORDER[index + 1] if index + 1 < len(ORDER) else None
    return previous, following
