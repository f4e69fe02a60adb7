"""The national dashboard of the reports (/bilans/tableau-de-bord/), for the facilitators and the
DGCS: which territories reported what for which year (``completeness``), the reminders sent to
the teams (``reminders``), the key totals and their trend (``totals``, ``charts``), the
territories that scaled back, the reuse of practice sheets (``reuse``), the CSV export
(``exports``) and the pages (``views``). Every part reads in a fixed number of queries, whatever
the number of territories."""
