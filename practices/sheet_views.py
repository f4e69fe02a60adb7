"""Context of a sheet page and the actions on it (reuse, contact)."""


def sheet_context(request, sheet) -> dict:
    return {}
