"""Rich-text editors (Draftail) that screen readers can name.

Wagtail 8 renders a rich-text field as a hidden input, which its label (``for=``) and help text
(``aria-describedby``) point to, and Draftail builds the editable area next to it with no
accessible name: a screen reader only announces « zone de texte modifiable ». Draftail accepts
``ariaLabelledBy``, ``ariaDescribedBy`` and ``ariaLabel`` among its options (Wagtail passes the
widget's options through to it), so:

- ``LabelledDraftailRichTextArea`` (setting ``WAGTAILADMIN_RICH_TEXT_EDITORS``), for the
  ``RichTextField`` of every model: the editable area is labelled by the field's label (Wagtail
  gives it the id ``<input id>-label``) and described by what describes the input (help text,
  errors);
- in a StreamField, a ``RichTextBlock`` has no label element of its own (its heading is the
  block's): its editor is named by the block's label (``aria-label``), through a telepath
  adapter registered here for ``RichTextBlock``."""

import copy
import json

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.admin.telepath import register
from wagtail.blocks import RichTextBlock
from wagtail.blocks.field_block import FieldBlockAdapter


class LabelledDraftailRichTextArea(DraftailRichTextArea):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        input_id = widget_attrs.get("id")
        if input_id:
            options = {**self.options, "ariaLabelledBy": f"{input_id}-label"}
            described_by = widget_attrs.get("aria-describedby", "").split()
            if widget_attrs.get("maxlength"):
                described_by.append(f"{input_id}-length")  # Draftail's own character count
            if described_by:
                options["ariaDescribedBy"] = " ".join(described_by)
            widget_attrs["data-w-init-detail-value"] = json.dumps(options, cls=DjangoJSONEncoder)
        return context


class LabelledRichTextBlockAdapter(FieldBlockAdapter):
    """Wagtail's adapter of field blocks, with the block's label as the editor's name."""

    def js_args(self, block):
        name, widget, meta = super().js_args(block)
        if isinstance(widget, DraftailRichTextArea) and block.label:
            widget = copy.copy(widget)
            widget.options = {**widget.options, "ariaLabel": str(block.label)}
        return [name, widget, meta]


register(LabelledRichTextBlockAdapter(), RichTextBlock)
