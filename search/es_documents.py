"""The Elasticsearch index of the site search: analyzers and mapping (elasticsearch-dsl).

One index (written and read through the alias ``czn-search``, concrete indices
``czn-search-<timestamp>``) mirrors the ``SearchDocument`` table: one Elasticsearch document per
row, ``_id`` = the row's id.

Analysis:
- ``czn_french`` (title, weighted text, text): standard tokenizer → elision (French articles,
  « l' », « d' », « qu' »…, both apostrophes) → lowercase → French stop words (``_french_``) →
  ASCII folding → ``light_french`` stemmer. Stop words are removed *before* the folding because
  the ``_french_`` list is accented (« été », « même »); the folding comes *before* the stemmer so
  that « numérique » and « numerique » give the same term, as on the database backends.
- ``czn_prefix`` (``title.suggest``, a ``search_as_you_type`` field for suggestions): the same
  without stop words and stemming, so that what is typed matches the beginning of title words.
"""

from __future__ import annotations

from elasticsearch.dsl import (
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    MetaField,
    Object,
    SearchAsYouType,
    Text,
    analyzer,
    token_filter,
)

from search.backends.base import FACET_PARAMS

FRENCH_ARTICLES = [
    "l",
    "m",
    "t",
    "qu",
    "n",
    "s",
    "j",
    "d",
    "c",
    "jusqu",
    "quoiqu",
    "lorsqu",
    "puisqu",
]

french_elision = token_filter(
    "czn_french_elision", type="elision", articles_case=True, articles=FRENCH_ARTICLES
)
french_stop = token_filter("czn_french_stop", type="stop", stopwords="_french_")
french_stemmer = token_filter("czn_french_stemmer", type="stemmer", language="light_french")

french = analyzer(
    "czn_french",
    tokenizer="standard",
    filter=[french_elision, "lowercase", french_stop, "asciifolding", french_stemmer],
)
prefix = analyzer(
    "czn_prefix",
    tokenizer="standard",
    filter=[french_elision, "lowercase", "asciifolding"],
)

# Relative weights of the fields (as on the database backends: title > weighted text > text).
TITLE_BOOST = 10
EXTRA_BOOST = 4
TEXT_FIELDS = [f"title^{TITLE_BOOST}", f"extra^{EXTRA_BOOST}", "text"]
SUGGEST_FIELDS = ["title.suggest", "title.suggest._2gram", "title.suggest._3gram"]
EXCERPT_CHARS = 400


class IndexedDocument(Document):
    """The mapping (``dynamic: strict``: a field not declared here is refused)."""

    doc_id = Integer()
    type = Keyword()
    title = Text(
        analyzer=french,
        fields={"suggest": SearchAsYouType(analyzer=prefix, max_shingle_size=3)},
    )
    extra = Text(analyzer=french)
    text = Text(analyzer=french)
    # The beginning of the text, returned (not searched) for results without a highlight.
    excerpt = Text(index=False)
    url = Keyword(index=False, doc_values=False)
    facets = Object(properties={param: Keyword() for param in FACET_PARAMS})
    territory_slug = Keyword()
    territory_name = Keyword(index=False, doc_values=False)
    region_slug = Keyword()
    date = Date()
    year = Integer()
    visibility = Keyword()
    content_type_id = Integer()
    object_id = Integer()

    class Meta:
        dynamic = MetaField("strict")


def index_definition(name: str, replicas: int = 0, refresh_interval: str | None = "1s") -> Index:
    index = Index(name)
    settings = {"number_of_shards": 1, "number_of_replicas": replicas}
    if refresh_interval is not None:
        settings["refresh_interval"] = refresh_interval
    index.settings(**settings)
    index.document(IndexedDocument)
    return index


def index_body(name: str = "czn-search", **kwargs) -> dict:
    """The body of ``indices.create``: settings (with the analysis) and mappings."""
    return index_definition(name, **kwargs).to_dict()
