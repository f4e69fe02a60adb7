"""The last two steps of the builder: the clause chosen in each section of the model, then the
variables of those clauses that the first steps do not fill."""

from django import forms
from django.utils.translation import gettext as _

from library.conventions import services
from library.conventions.drafts import model_sections, remaining_variables, section_options
from library.conventions.forms.steps import StepForm


class ClausesStepForm(StepForm):
    """One radio group per section of the model."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = (self.draft.answers or {}).get("clauses") or {}
        self.sections = []
        for model_section in model_sections(self.draft.convention_model):
            previous = (chosen.get(model_section.section) or {}).get("clause")
            options = section_options(model_section, previous)
            name = f"section_{model_section.section}"
            self.fields[name] = forms.TypedChoiceField(
                label=model_section.get_section_display(),
                choices=[(clause.pk, clause.title) for clause in options],
                coerce=int,
                widget=forms.RadioSelect,
                initial=previous or model_section.default_clause_id,
                error_messages={
                    "required": _("Choisissez une clause pour la section « %(s)s ».")
                    % {"s": model_section.get_section_display()},
                    "invalid_choice": _(
                        "Cette clause n’est pas disponible pour la section « %(s)s »."
                    )
                    % {"s": model_section.get_section_display()},
                },
            )
            self.sections.append((model_section, options, name))

    def section_groups(self):
        result = []
        for model_section, options, name in self.sections:
            bound = self[name]
            value = bound.value()
            try:
                value = int(value) if value not in (None, "") else None
            except (TypeError, ValueError):
                value = None
            result.append(
                {
                    "model_section": model_section,
                    "field": bound,
                    "options": [
                        {
                            "clause": clause,
                            "checked": clause.pk == value,
                            "is_default": clause.pk == model_section.default_clause_id,
                            "id": f"id_{name}_{clause.pk}",
                        }
                        for clause in options
                    ],
                }
            )
        return result

    def answers(self):
        return {
            model_section.section: self.cleaned_data[name]
            for model_section, _options, name in self.sections
        }


class VariablesStepForm(StepForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        typed = (self.draft.answers or {}).get("variables") or {}
        self.variable_names = []
        for name, sections in remaining_variables(self.draft):
            label = services.variable_label(name)
            where = ", ".join(f"« {s} »" for s in sections)
            self.fields[f"var_{name}"] = forms.CharField(
                label=label,
                max_length=500,
                initial=typed.get(name, ""),
                help_text=_("Utilisée dans : %(where)s. Variable {{ %(name)s }}.")
                % {"where": where, "name": name},
                error_messages={
                    "required": _(
                        "Renseignez « %(label)s » : cette valeur est utilisée dans %(where)s."
                    )
                    % {"label": label, "where": where},
                },
            )
            self.variable_names.append(name)
        from dsfr.utils import dsfr_input_class_attr

        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def clean(self):
        data = super().clean()
        for name in self.variable_names:
            value = services.clean_value(data.get(f"var_{name}"))
            if f"var_{name}" in data and not value:
                self.add_error(f"var_{name}", self.fields[f"var_{name}"].error_messages["required"])
        return data

    def answers(self):
        typed = dict((self.draft.answers or {}).get("variables") or {})
        for name in self.variable_names:
            typed[name] = self.cleaned_data[f"var_{name}"].strip()
        return {"variables": typed}
