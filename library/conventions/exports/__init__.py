"""A ConventionDocument as DOCX (``word``, python-docx) and PDF (``pdf``, reportlab platypus).

Both carry: a title page with the notices, numbered articles (« Article 1 – Objet »), a
signature block with one cell per party (name, representative, date, signature) and three
annexes (data exchanged, security checklist, contacts). The notices are repeated in the footer
of every page. Each format builds these parts in the same order, one function per part; the
texts they share are here."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from library.conventions.document import ConventionDocument


def article_heading(article) -> str:
    return _("Article %(number)s – %(title)s") % {"number": article.number, "title": article.title}


def generated_on(document: ConventionDocument) -> str:
    return formats.date_format(timezone.localtime(document.generated_at), "j F Y")


def annex_titles() -> list[str]:
    return [
        _("Annexe 1 – Liste des données échangées"),
        _("Annexe 2 – Liste de contrôle de la sécurité"),
        _("Annexe 3 – Contacts"),
    ]
