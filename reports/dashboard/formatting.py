"""French dates and numbers for the dashboard's cells, its e-mails and its CSV: the site's
shared helpers (:mod:`website.french`)."""

from website.french import french_date, french_number

__all__ = ["french_date", "french_number"]
