import pytest

from references.models import Reference
from tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


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
