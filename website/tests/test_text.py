from django import forms

from website.text import PlainCharField, PlainCharFormField, strip_invisible

SPOOFED = "Atelier\u202e fdp.exe\u200b"


def test_strip_invisible_removes_direction_and_zero_width_controls():
    controls = (
        "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068"
        "\u2069\ufeff\u061c\u180e\u2060\U000e0041"
    )
    assert strip_invisible(f"Cha{controls}rlotte") == "Charlotte"
    assert strip_invisible(SPOOFED) == "Atelier fdp.exe"
    # Soft hyphens, accents and ordinary text are kept.
    assert strip_invisible("anti\u00adconstitutionnellement — Élise") == (
        "anti\u00adconstitutionnellement — Élise"
    )
    assert strip_invisible(None) is None


def test_form_field_cleans_before_validation():
    class NameForm(forms.Form):
        name = PlainCharFormField(max_length=10)

    form = NameForm({"name": " \u202eAlice\u200b "})
    assert form.is_valid() and form.cleaned_data["name"] == "Alice"
    form = NameForm({"name": "\u200b\u202e"})
    assert not form.is_valid() and "name" in form.errors


def test_model_field_cleans_and_migrates_as_a_plain_charfield():
    field = PlainCharField(max_length=20)
    assert field.clean(SPOOFED, None) == "Atelier fdp.exe"
    assert isinstance(field.formfield(), PlainCharFormField)
    _name, path, _args, kwargs = field.deconstruct()
    assert path == "django.db.models.CharField" and kwargs == {"max_length": 20}
