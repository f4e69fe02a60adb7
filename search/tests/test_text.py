"""French normalisation, stemming, query parsing and snippets (no database)."""

import pytest

from search import query, snippets, text


@pytest.mark.parametrize(
    ("typed", "indexed"),
    [
        ("numerique", "numérique"),
        ("NUMÉRIQUE", "numériques"),
        ("droit", "droits"),
        ("accompagnement", "accompagner"),
        ("accompagnement", "accompagnés"),
        ("beneficiaire", "bénéficiaires"),
        ("hebergement", "Hébergement"),
        ("precarite", "précarité"),
        ("oeuvre", "œuvre"),
    ],
)
def test_same_terms_at_index_and_query_time(typed, indexed):
    assert text.terms(typed) == text.terms(indexed)
    assert text.terms(typed)  # not dropped


def test_stop_words_and_elisions_are_dropped():
    assert text.terms("l’accès aux droits de la personne") == text.terms("accès droits personne")
    assert text.terms("le la les de des") == []


def _whole_text_terms(value):
    """What ``terms`` computed before it worked chunk by chunk: the whole text folded at once."""
    return [text.stem(word) for word in text.words(value) if word not in text.STOP_WORDS]


@pytest.mark.parametrize(
    "value",
    [
        "L’accès aux droits (l'accès) : qu'elle, jusqu’ici, lorsqu'il",
        "Cœur\u00a0d’œuvre\u2007ÉTÉ « numérique »\tet\nbénéficiaires,droits;aides",
        "e\u0301te\u0301 \u0301accent seul, ΣΟΦΙΑΣ straße x²  ½ ﬁnancement",
        "C'EST D'ACCORD, l'ASPA — s'inscrire 2024-2025 n°12 'quoted' l'",
        "",
        "   ",
    ],
)
def test_terms_by_chunk_equal_terms_of_the_whole_text(value):
    assert text.terms(value) == _whole_text_terms(value)
    assert text.index_text(value) == " ".join(_whole_text_terms(value))


def test_terms_by_chunk_equal_terms_of_the_whole_text_on_generated_french():
    import random

    from bench.search_data import paragraph

    rng = random.Random(5)
    for _ in range(50):
        value = paragraph(rng, 60)
        assert text.terms(value) == _whole_text_terms(value)
        assert text.index_text(value) == " ".join(_whole_text_terms(value))


def test_terms_differ_for_different_words():
    assert text.terms("jeunes") != text.terms("familles")


def test_html_to_text():
    assert text.html_to_text("<p>Un <b>texte</b> &amp; du HTML</p><p>Suite</p>") == (
        "Un texte & du HTML Suite"
    )


def test_parse_words_phrases_and_exclusions():
    parsed = query.parse('accès "croisement de fichiers" -caf -"mission locale" aller-vers')
    assert [clause.words for clause in parsed.clauses] == [
        ("acces",),
        ("croisement", "de", "fichiers"),
        ("aller", "vers"),
    ]
    assert [clause.words for clause in parsed.excluded] == [("caf",), ("mission", "locale")]
    assert parsed.clauses[1].stems == ("crois", "fichi")


@pytest.mark.parametrize(
    "raw",
    [
        '"',
        '"unbalanced quote',
        "((((",
        "*",
        "NEAR(a b)",
        "a AND b OR NOT c",
        "title:x",
        "'; DROP TABLE search_searchdocument; --",
        "\\",
        "-",
        "--",
        "^~!@#$%&",
        "a" * 1000,
        "\x00\x01",
        "é" * 300,
    ],
)
def test_parse_never_fails_and_keeps_only_words(raw):
    parsed = query.parse(raw)
    for clause in [*parsed.clauses, *parsed.excluded]:
        for word in clause.words:
            assert word.isalnum() and word.isascii()
    assert len(parsed.clauses) <= query.MAX_CLAUSES


def test_parse_notices_in_french():
    assert "trop longue" in query.parse("mot " * 100).notices[0]
    assert "guillemet" in query.parse('"abc').notices[0].lower()
    assert "ni lettre ni chiffre" in query.parse("?!*").notices[0]
    assert "trop courants" in query.parse("le la").notices[0]
    assert query.parse("").notices == []


def test_min_should_match():
    assert query.parse("a1").min_should_match == 1
    assert query.parse("accueil social").min_should_match == 1
    assert query.parse("accueil social jeunes").min_should_match == 2
    assert query.parse("accueil social jeunes familles rurales").min_should_match == 3


def test_snippet_marks_matches_and_escapes_the_rest():
    stems = frozenset(text.terms("numérique"))
    html = str(snippets.snippet("<b>Le</b> Numérique & les <script>x</script> numériques", stems))
    assert "<mark>Numérique</mark>" in html
    assert "<mark>numériques</mark>" in html
    assert "<b>" not in html and "<script>" not in html
    assert "&amp;" in html


def test_snippet_cuts_around_the_match():
    body = " ".join(["mot"] * 200 + ["maraude"] + ["mot"] * 200)
    html = str(snippets.snippet(body, frozenset(text.terms("maraudes"))))
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>maraude</mark>" in html
    assert len(html) < 400


def test_snippet_cleans_spaces_and_ends_without_ellipsis_at_the_last_word():
    stems = frozenset(text.terms("maraude"))
    body = "\n  Une   maraude\tle mardi.  \n"
    assert str(snippets.snippet(body, stems)) == "Une <mark>maraude</mark> le mardi."
    long_body = " ".join(["mot"] * 100 + ["maraude", "fin"]) + "   \n"
    html = str(snippets.snippet(long_body, stems))
    assert html.startswith("… mot") and html.endswith("<mark>maraude</mark> fin")
    assert str(snippets.snippet("  !!! ", stems)) == "!!!"
    assert str(snippets.snippet("", stems)) == ""


def test_snippet_window_holds_the_most_distinct_matched_words():
    stems = frozenset(text.terms("maraude hiver"))
    body = " ".join(["maraude"] + ["mot"] * 60 + ["maraude", "d'hiver"] + ["mot"] * 60)
    html = str(snippets.snippet(body, stems))
    assert "<mark>maraude</mark> d&#x27;<mark>hiver</mark>" in html
    assert html.startswith("… ") and html.endswith(" …")


def test_one_matcher_shared_by_several_texts_gives_the_same_snippets():
    stems = frozenset(text.terms("droits numériques"))
    texts = ["Les droits et le numérique.", "Un droit, des Numériques ; rien d'autre.", "Aucun."]
    matcher = snippets.Matcher(stems)
    shared = [str(snippets.snippet(value, stems, matcher=matcher)) for value in texts]
    assert shared == [str(snippets.snippet(value, stems)) for value in texts]
    assert shared[1] == "Un <mark>droit</mark>, des <mark>Numériques</mark> ; rien d&#x27;autre."
    assert str(snippets.highlight("Droits", stems, matcher)) == "<mark>Droits</mark>"


def test_sentinels_in_text_cannot_inject_marks():
    value = f"a{snippets.START}b{snippets.STOP}<i>"
    html = str(snippets.highlight(value, frozenset()))
    assert "<mark>" not in html and "&lt;i&gt;" in html


def test_count_facets_classic_semantics():
    from search.backends.database import count_facets

    rows = [
        # Holding every selected parameter: counts for all its values.
        (" type:fiche public:jeunes annee:2025  type:fiche public:seniors annee:2024 ", None),
        # Missing only « public »: counts for the values of « public » only.
        (" type:discussion public:familles annee:2025 ", "public"),
        ("", None),
    ]
    assert count_facets(rows) == {
        "type": {"fiche": 2},
        "public": {"jeunes": 1, "seniors": 1, "familles": 1},
        "annee": {"2025": 1, "2024": 1},
    }
