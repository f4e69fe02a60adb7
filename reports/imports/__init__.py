"""The filled collection template uploaded into a report: read (``reading``), checked row by row
(``checks``), kept until the person confirms (``models.ReportImport``, ``confirm``), then saved
in one transaction; the downloads of the report and of the template pre-filled with last year's
values (``downloads``)."""
