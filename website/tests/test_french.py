"""French typography helpers (website.french and the ``french`` template filters)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from website import french

PARIS = ZoneInfo("Europe/Paris")


def test_first_of_the_month_is_written_1er():
    assert french.french_date(datetime.date(2026, 10, 1)) == "1er octobre 2026"
    assert french.french_date(datetime.date(2026, 12, 7)) == "7 décembre 2026"


def test_weekday_and_no_year():
    assert french.french_date(datetime.date(2026, 12, 1), weekday=True, year=False) == (
        "mardi 1er décembre"
    )


def test_one_time_format_with_non_breaking_spaces():
    assert french.french_time(datetime.time(14, 30)) == "14\u00a0h\u00a030"
    assert french.french_time(datetime.time(9, 0)) == "9\u00a0h"
    assert french.french_time(datetime.time(0, 5)) == "0\u00a0h\u00a005"


def test_aware_datetimes_are_shown_in_local_time():
    utc = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC)
    assert french.french_datetime(utc) == "1er juillet 2026 à 14\u00a0h"


@pytest.mark.parametrize(
    "name, expected",
    [("Alex", "d’Alex"), ("Élodie", "d’Élodie"), ("Hélène", "d’Hélène"), ("Bruno", "de Bruno")],
)
def test_de_is_elided_before_a_vowel(name, expected):
    assert french.of(name) == expected


def test_numbers_are_grouped_with_a_decimal_comma():
    assert french.french_number(Decimal("1200.5")) == "1\u00a0200,5"
    assert french.french_number(20000) == "20\u00a0000"


def test_template_filters():
    rendered = Template(
        "{% load french %}{{ d|fr_date:'jour' }} · {{ d|fr_time }} · {{ name|de }}"
    ).render(Context({"d": datetime.datetime(2026, 10, 1, 9, 5, tzinfo=PARIS), "name": "Inès"}))
    assert rendered == "jeudi 1er octobre 2026 · 9\u00a0h\u00a005 · d’Inès"
