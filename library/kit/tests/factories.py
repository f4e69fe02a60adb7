"""Result lines as the kit's tests declare them (the sheets: practices.tests.factories)."""

from practices.tests.factories import ResultLineFactory


class KitResultLineFactory(ResultLineFactory):
    """A result line of 2025, taken from a follow-up table."""

    period = "2025"
    source = "Tableau de suivi"
