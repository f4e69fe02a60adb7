"""Practice sheets (fiches pratiques): Wagtail pages, one folder per territory.

Tree: ``PracticeIndexPage`` (/fiches/) → ``TerritoryFolderPage`` (one per territory, created with
the territory, carrying its team's page permissions) → ``PracticeSheetPage``.

- ``index``: the index page and the territory folders;
- ``sheet``: the sheet page, with its admin form in ``sheet_form``;
- ``results`` (values of the evaluation kit's indicators) and ``attachments``: the sheet's inline
  parts;
- ``reuses`` (« Je m’en inspire ») and ``contact`` (messages to the sheet's contacts);
- ``review``: the comments of a review on the site, section by section;
- ``practices.models_workflow``: the territory team groups and the référent approval task.

Django and Wagtail find the models through this package, which imports them all, in the order
they are registered (the order of the admin and of a sheet's child relations)."""

# isort: off
from practices.models.index import PracticeIndexPage, TerritoryFolderPage
from practices.models.sheet import PracticeSheetPage
from practices.models.results import ResultLine
from practices.models.attachments import SheetAttachment
from practices.models.reuses import Reuse
from practices.models.contact import ContactMessage
from practices.models.review import ReviewComment
from practices.models_workflow import TerritoryReferentApprovalTask, TerritoryTeamGroup

# isort: on

__all__ = [
    "ContactMessage",
    "PracticeIndexPage",
    "PracticeSheetPage",
    "Reuse",
    "ReviewComment",
    "ResultLine",
    "SheetAttachment",
    "TerritoryFolderPage",
    "TerritoryReferentApprovalTask",
    "TerritoryTeamGroup",
]
