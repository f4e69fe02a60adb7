"""Blocks of the « Ce qui a été fait » section of a practice sheet."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from website.blocks import RICH_TEXT_FEATURES, ImageBlock, QuoteBlock


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False)
    steps = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("title", blocks.CharBlock(label=_("Étape"))),
                ("text", blocks.TextBlock(label=_("Détail"), required=False)),
            ]
        ),
        label=_("Étapes"),
        min_num=1,
    )

    class Meta:
        icon = "list-ol"
        label = _("Étapes numérotées")
        template = "practices/blocks/steps.html"


class KeyFiguresBlock(blocks.StructBlock):
    figures = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("value", blocks.CharBlock(label=_("Chiffre"), max_length=30)),
                ("label", blocks.CharBlock(label=_("Ce qu’il mesure"), max_length=120)),
            ]
        ),
        label=_("Chiffres clés"),
        min_num=1,
        max_num=6,
    )

    class Meta:
        icon = "table"
        label = _("Chiffres clés")
        template = "practices/blocks/key_figures.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Titre affiché"), required=False, help_text=_("Vide : le titre du document.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Lien vers un document")
        template = "practices/blocks/document_link.html"


class ActionsStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        features=RICH_TEXT_FEATURES,
        template="website/blocks/paragraph.html",
    )
    steps = StepsBlock()
    testimony = QuoteBlock(label=_("Témoignage"))
    image = ImageBlock()
    key_figures = KeyFiguresBlock()
    document = DocumentLinkBlock()
