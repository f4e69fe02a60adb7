"""Template filters of the guided form."""

from django import template

register = template.Library()


def _form_items(form, prefix_label=""):
    for error in form.non_field_errors():
        yield ("", "", f"{prefix_label}{error}")
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        bound = form[name]
        label = f"{prefix_label}{bound.label}"
        for error in errors:
            yield (bound.id_for_label or bound.auto_id, label, error)


@register.filter
def error_items(form):
    """(field id, label, message) for the error summary, for a form or the results step's
    {formset, other}."""
    if isinstance(form, dict):
        from django.utils.translation import gettext as _

        items = []
        formset = form["formset"]
        for error in formset.non_form_errors():
            items.append(("", "", error))
        for number, line in enumerate(formset.forms, start=1):
            items.extend(_form_items(line, _("Résultat %(n)s, ") % {"n": number}))
        items.extend(_form_items(form["other"]))
        return items
    return list(_form_items(form))
