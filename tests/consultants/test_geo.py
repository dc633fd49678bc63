import pytest

from consultants import geo


@pytest.mark.parametrize(
    ("query", "label", "country", "region"),
    [
        ("02138", "02138 (Cambridge, MA)", "US", "MA"),
        ("02138-1234", "02138 (Cambridge, MA)", "US", "MA"),
        ("Melbourne", "Melbourne, Victoria, Australia", "AU", "07"),
        ("Toronto, Canada", "Toronto, Ontario, Canada", "CA", "08"),
        ("Cambridge, MA", "Cambridge, Massachusetts, United States", "US", "MA"),
        ("cambridge, uk", "Cambridge, England, United Kingdom", "GB", "ENG"),
        ("Perth, WA, Australia", "Perth, Western Australia, Australia", "AU", "08"),
        ("Montreal", "Montréal, Quebec, Canada", "CA", "10"),
        ("Hadley, MA", "Hadley, Massachusetts, United States", "US", "MA"),  # A small town, from ZIP data.
    ],
)
def test_places_people_type_are_found(query, label, country, region):
    result = geo.geocode(query)
    assert result.place is not None
    assert (result.place.label, result.place.country, result.place.region) == (label, country, region)


def test_zip_code_coordinates():
    place = geo.geocode("02138").place
    assert place.latitude == pytest.approx(42.377, abs=0.01)
    assert place.longitude == pytest.approx(-71.1256, abs=0.01)


def test_ambiguous_names_offer_a_choice_between_similar_sized_places():
    result = geo.geocode("Cambridge")
    assert result.is_ambiguous
    labels = [place.label for place in result.alternatives]
    assert "Cambridge, Massachusetts, United States" in labels
    assert "Cambridge, England, United Kingdom" in labels


def test_a_much_bigger_namesake_wins_and_the_others_are_offered():
    result = geo.geocode("Melbourne")
    assert result.place.country == "AU"
    assert [place.label for place in result.alternatives] == ["Melbourne, Florida, United States"]


def test_misspelt_names_get_suggestions():
    result = geo.geocode("Springfeild")
    assert result.place is None and not result.is_ambiguous
    assert result.suggestions == ["Springfield"]


def test_a_wrong_qualifier_suggests_the_places_with_that_name():
    result = geo.geocode("Cambridge, Massachusets")
    assert result.place is None
    assert "Cambridge, Massachusetts, United States" in result.suggestions


@pytest.mark.parametrize("query", ["99999", "xyzzyplugh", ",,,", "  "])
def test_unknown_places_find_nothing_without_error(query):
    result = geo.geocode(query)
    assert result.place is None
    assert not result.alternatives


def test_locate_prefers_the_zip_code_then_the_city():
    assert geo.locate(postcode="02138", city="Nowhere", country="US").region == "MA"
    assert geo.locate(city="Melbourne", region="VIC", country="AU").country == "AU"
    assert geo.locate(city="Cambridge", country="GB").region == "ENG"
    assert geo.locate(city="Atlantis", country="GB") is None


def test_reverse_finds_country_and_region_of_a_point():
    place = geo.nearest_place(42.36, -71.06)
    assert (place.country, place.region) == ("US", "MA")
    assert geo.nearest_place(-17.8, 178.2).country == "FJ"  # Near the antimeridian.
    assert geo.nearest_place(0.0, -150.0).country == ""  # Mid-Pacific: no city near.


def test_great_circle_boston_to_new_york():
    assert geo.great_circle_km(42.3601, -71.0589, 40.7128, -74.0060) == pytest.approx(306, abs=2)


def test_bounding_box_splits_across_the_antimeridian_and_opens_at_the_poles():
    min_lat, max_lat, min_lng, max_lng = geo.bounding_box(-17.7, 179.9, 50)
    assert min_lng > max_lng  # Crosses 180°: [min_lng, 180] and [-180, max_lng].
    assert min_lng == pytest.approx(179.43, abs=0.01) and max_lng == pytest.approx(-179.63, abs=0.01)
    assert geo.bounding_box(89.9, 0, 50)[2:] == (None, None)


def test_a_zip_code_is_looked_up_without_keeping_every_zip_code_in_memory(monkeypatch):
    # zipcodes.list_all() would keep 42,789 row dicts in each worker (about 100 MB); each code is matched instead,
    # once per process.
    def every_zip_code(*args, **kwargs):
        raise AssertionError("read every ZIP code into memory")

    matched = []
    matching = geo.zipcodes.matching
    monkeypatch.setattr(geo.zipcodes, "list_all", every_zip_code)
    monkeypatch.setattr(geo.zipcodes, "matching", lambda code: matched.append(code) or matching(code))
    geo._zip_row.cache_clear()

    place = geo.geocode("10001").place
    assert place.label == "10001 (New York, NY)" and place.region == "NY"
    assert geo.geocode("10001").place == place and matched == ["10001"]
    assert geo.geocode("00000").place is None
