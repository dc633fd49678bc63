import pytest
from django.db import connection

from references.models import Reference, has_word_join
from tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

requires_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own SQL functions")


def keys(rows):
    return [key for key, _html in rows]


def test_first_matching_holds_every_required_word_and_no_excluded_one_in_key_order():
    ReferenceFactory(key="b-both", authors="Jenner, C.", title="Galactagogues and milk supply")
    ReferenceFactory(key="a-both", authors="Kvist, L.", title="Milk SUPPLY after birth")
    ReferenceFactory(key="c-one", authors="Jenner, C.", title="Milk only")
    ReferenceFactory(key="d-excluded", authors="Jenner, C.", title="Milk supply with herbs")

    rows = Reference.objects.first_matching(required=["milk", "Supply"], excluded=["herbs"], limit=10)

    assert keys(rows) == ["a-both", "b-both"]
    assert rows[0][1] == Reference.objects.get(key="a-both").formatted_html


def test_first_matching_stops_at_the_limit_and_needs_a_required_word():
    for n in range(5):
        ReferenceFactory(key=f"kvist{n}", authors="Kvist, L.")
    assert len(Reference.objects.first_matching(required=["kvist"], limit=3)) == 3
    assert Reference.objects.first_matching(required=[], excluded=["kvist"], limit=3) == []


@pytest.mark.parametrize("text", ["100%", "a_b", "back\\slash"])
def test_first_matching_takes_like_wildcards_literally(text):
    ReferenceFactory(key="literal", title=f"Words with {text} in them")
    ReferenceFactory(key="other", title="Words with 100 and aXb and backslash in them")
    assert keys(Reference.objects.first_matching(required=[text], limit=10)) == ["literal"]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("milk supply", ["breastmilk", "exact", "twice"]),  # inside longer words, any case, either field
        ("MILK SUPPLY AFTER", ["exact"]),
        ("of milk", ["short"]),  # a word of two letters: no join, the plain substring test
        ("y af", ["exact"]),
        ("supply milk", []),
        ("100% milk", ["percent"]),
    ],
)
def test_first_matching_finds_a_phrase_as_a_substring_whatever_its_words(phrase, expected):
    ReferenceFactory(key="breastmilk", title="Breastmilk supplying in the first week")
    ReferenceFactory(key="exact", title="Milk supply after birth")
    ReferenceFactory(key="twice", title="Pumping", container_title="J Milk Supply")
    ReferenceFactory(key="short", title="The volume of milk")
    ReferenceFactory(key="apart", title="Milk and supply")
    ReferenceFactory(key="percent", title="Only 100% milk")
    assert keys(Reference.objects.first_matching(required=[phrase], limit=10)) == expected


def test_first_matching_combines_phrases_with_words_and_exclusions():
    ReferenceFactory(key="a", authors="Kvist, L.", title="Milk supply after birth")
    ReferenceFactory(key="b", authors="Hale, T.", title="Milk supply after birth")
    ReferenceFactory(key="c", authors="Kvist, L.", title="Milk supply and herbs")
    rows = Reference.objects.first_matching(required=["milk supply", "kvist"], excluded=["herbs"], limit=10)
    assert keys(rows) == ["a"]


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("milk supply", True),
        ("of milk", False),
        ("a b c", False),
        ("fed by milk", False),
        ("fed with milk", True),
        ("x", False),
    ],
)
def test_has_word_join(text, joined):
    assert has_word_join(text) is joined


@requires_postgres
def test_postgres_word_joins_are_each_meeting_of_two_words_of_three_letters_or_more():
    with connection.cursor() as cursor:
        cursor.execute("SELECT reference_word_joins(%s)", ["AN ABM MILK SUPPLY, OF\nTHE WEEK"])
        assert sorted(cursor.fetchone()[0]) == ["ABM MIL", "ILK SUP", "LY, OF\n", "THE WEE"]


@requires_postgres
def test_postgres_finds_a_phrase_through_the_index_of_word_joins():
    ReferenceFactory(key="exact", title="Milk supply after birth")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as on a large library
        cursor.execute(
            "EXPLAIN SELECT key FROM references_reference"
            " WHERE reference_word_joins(search_text) @> reference_word_joins(UPPER(%s))",
            ["milk supply"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "reference_word_joins_gin" in plan
