"""StreamField blocks of the editorial pages, each rendered with its own DSFR template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

HEADING_LEVELS = [("h2", _("Titre de niveau 2")), ("h3", _("Titre de niveau 3"))]
CALLOUT_COLORS = [
    ("", _("Par défaut")),
    ("fr-callout--green-emeraude", _("Vert émeraude")),
    ("fr-callout--blue-ecume", _("Bleu écume")),
    ("fr-callout--yellow-tournesol", _("Jaune tournesol")),
    ("fr-callout--pink-tuile", _("Rose tuile")),
]

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Titre"), max_length=200)
    level = blocks.ChoiceBlock(choices=HEADING_LEVELS, default="h2", label=_("Niveau"))

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "website/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Texte alternatif"),
        required=False,
        help_text=_("Décrit l’image pour les personnes qui ne la voient pas. Vide si décorative."),
    )
    caption = blocks.CharBlock(label=_("Légende"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "website/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"))
    author = blocks.CharBlock(label=_("Auteur ou autrice"), required=False)
    source = blocks.CharBlock(label=_("Source ou fonction"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "website/blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False)
    text = blocks.TextBlock(label=_("Texte"), required=False)
    label = blocks.CharBlock(label=_("Libellé du bouton"), max_length=80)
    page = blocks.PageChooserBlock(label=_("Page du site"), required=False)
    url = blocks.URLBlock(label=_("Ou adresse externe"), required=False)

    class Meta:
        icon = "link"
        label = _("Appel à l’action")
        template = "website/blocks/call_to_action.html"

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choisissez une page ou une adresse."))}
            )
        return value


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False)
    text = blocks.RichTextBlock(label=_("Texte"), features=RICH_TEXT_FEATURES)
    color = blocks.ChoiceBlock(
        choices=CALLOUT_COLORS, default="", required=False, label=_("Couleur")
    )

    class Meta:
        icon = "pick"
        label = _("Mise en avant")
        template = "website/blocks/callout.html"


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"))
    content = blocks.RichTextBlock(label=_("Contenu"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Sections"), min_num=1)

    def get_context(self, value, parent_context=None):
        import uuid

        context = super().get_context(value, parent_context)
        context["uid"] = uuid.uuid4().hex[:8]
        return context

    class Meta:
        icon = "list-ul"
        label = _("Accordéons")
        template = "website/blocks/accordion.html"


class BodyStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        features=RICH_TEXT_FEATURES,
        template="website/blocks/paragraph.html",
    )
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    callout = CalloutBlock()
    accordion = AccordionBlock()
