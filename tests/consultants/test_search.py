import datetime

import pytest
from django.db import connection
from django.utils import timezone

from consultants.geo import Place, great_circle_km
from consultants.models import Status
from consultants.selectors import SearchFilters, consultants_near, sphere_point
from tests.consultants.factories import ListingFactory

pytestmark = pytest.mark.django_db

BOSTON = Place("Boston", 42.3601, -71.0589, "US", "MA")


def near(origin, radius_km, **kwargs):
    return list(consultants_near(origin, radius_km, **kwargs))


def ids(listings):
    return [listing.pk for listing in listings]


def test_results_are_ordered_by_great_circle_distance():
    new_york = ListingFactory(name="New York", latitude=40.7128, longitude=-74.0060, region_code="NY")
    cambridge = ListingFactory(name="Cambridge")
    providence = ListingFactory(name="Providence", latitude=41.824, longitude=-71.4128, region_code="RI")
    results = near(BOSTON, 400, include_telehealth=False)
    assert ids(results) == ids([cambridge, providence, new_york])
    assert results[2].distance_km == pytest.approx(306, abs=2)
    assert results[0].distance_km == pytest.approx(5.4, abs=0.5)


def test_the_radius_is_inclusive_and_nothing_beyond_it_shows():
    listing = ListingFactory(latitude=40.7128, longitude=-74.0060)
    distance = near(BOSTON, 1000, include_telehealth=False)[0].distance_km
    assert ids(near(BOSTON, distance + 0.01, include_telehealth=False)) == [listing.pk]
    assert near(BOSTON, distance - 0.01, include_telehealth=False) == []


def test_search_across_the_antimeridian():
    fiji_east = ListingFactory(name="East of 180", latitude=-16.8, longitude=179.95)
    fiji_west = ListingFactory(name="West of 180", latitude=-16.8, longitude=-179.9)
    ListingFactory(name="Far", latitude=-16.8, longitude=170.0)
    origin = Place("Taveuni", -16.8, 179.99)
    results = near(origin, 50)
    assert ids(results) == ids([fiji_east, fiji_west])
    assert results[1].distance_km == pytest.approx(11.7, abs=0.1)  # 0.11° of longitude at 16.8° S


def test_search_near_a_pole_reaches_every_longitude():
    other_side = ListingFactory(latitude=89.8, longitude=-170.0)
    origin = Place("Near the pole", 89.8, 10.0)
    assert ids(near(origin, 50)) == [other_side.pk]


def test_pending_rejected_expired_and_overdue_listings_never_show():
    shown = ListingFactory()
    ListingFactory(status=Status.PENDING)
    ListingFactory(status=Status.REJECTED)
    ListingFactory(status=Status.EXPIRED)
    ListingFactory(renewal_due=timezone.localdate() - datetime.timedelta(days=1))
    assert ids(near(BOSTON, 50)) == [shown.pk]


def test_filters_combine():
    match = ListingFactory(home_visits=True, accepting_clients=True, credentials=["IBCLC"], languages=["es"])
    ListingFactory(home_visits=True, accepting_clients=True, credentials=["CLC"], languages=["es"])
    ListingFactory(home_visits=False, accepting_clients=True, credentials=["IBCLC"], languages=["es"])
    ListingFactory(home_visits=True, accepting_clients=False, credentials=["IBCLC"], languages=["es"])
    ListingFactory(home_visits=True, accepting_clients=True, credentials=["IBCLC"], languages=["en"])
    ListingFactory(home_visits=True, accepting_clients=True, credentials=["IBCLC", "RN"], languages=["es", "en"])
    filters = SearchFilters(credential="IBCLC", services=("home",), language="es", accepting_only=True)
    results = near(BOSTON, 50, filters=filters)
    assert match.pk in ids(results) and len(results) == 2  # The one with two credentials and languages counts once.


def test_telehealth_consultants_serving_the_searchers_state_or_country_follow_the_nearby_ones():
    nearby = ListingFactory(name="Nearby")
    same_state = ListingFactory(
        name="Same state", latitude=42.1015, longitude=-72.5898, telehealth=True, region_code="MA"
    )
    whole_country = ListingFactory(
        name="Whole US", latitude=39.74, longitude=-104.99, telehealth=True, telehealth_area="country", region_code="CO"
    )
    ListingFactory(name="Other state", latitude=39.74, longitude=-104.99, telehealth=True, region_code="CO")
    ListingFactory(name="No telehealth", latitude=42.1015, longitude=-72.5898, region_code="MA")
    ListingFactory(
        name="Other country", latitude=45.5, longitude=-73.57, country="CA", telehealth=True, telehealth_area="country"
    )
    assert ids(near(BOSTON, 25)) == ids([nearby, same_state, whole_country])


def _prepared_searches():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements WHERE name LIKE 'consultant_search_%%'")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_on_postgresql_a_search_is_planned_once_per_shape_and_runs_the_same_every_time():
    cambridge = ListingFactory(name="Cambridge")
    far = ListingFactory(
        name="Far away",
        latitude=40.7128,
        longitude=-74.0060,
        region_code="NY",
        telehealth=True,
        telehealth_area="country",
    )
    searches = [
        consultants_near(BOSTON, 50),
        consultants_near(BOSTON, 50, filters=SearchFilters(credential="IBCLC", accepting_only=True)),
    ]
    first = [(ids(search), search.counts()) for search in searches]
    prepared = _prepared_searches()
    # Past the first five runs PostgreSQL may keep one generic plan for every origin: still the same rows.
    for _ in range(7):
        assert [(ids(search), search.counts()) for search in searches] == first
    assert first[0] == ([cambridge.pk, far.pk], (1, 1))
    somerville = Place("Somerville", 42.3876, -71.0995, "US", "MA")
    assert ids(consultants_near(somerville, 50))[0] == cambridge.pk
    assert consultants_near(somerville, 50).page(offset=1, limit=20)[1:] == (2, 1)
    assert _prepared_searches() == prepared  # one statement per shape of search, not per origin or page


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(42.3736, -71.1097), (40.7128, -74.0060), (51.5074, -0.1278), (-33.8688, 151.2093), (-42.0, 109.0)],
)
def test_distances_are_the_great_circle_distances_from_each_listings_point_on_the_sphere(latitude, longitude):
    listing = ListingFactory(latitude=latitude, longitude=longitude)
    listing.refresh_from_db()
    assert (listing.sphere_x, listing.sphere_y, listing.sphere_z) == pytest.approx(
        sphere_point(latitude, longitude), abs=1e-12
    )

    (result,) = near(BOSTON, 20_100, include_telehealth=False)

    assert result.distance_km == pytest.approx(great_circle_km(42.3601, -71.0589, latitude, longitude), abs=1e-6)


def test_listings_at_the_same_distance_follow_their_names():
    second = ListingFactory(name="Beth", latitude=42.3736, longitude=-71.1097)
    first = ListingFactory(name="Anna", latitude=42.3736, longitude=-71.1097)
    assert ids(near(BOSTON, 50, include_telehealth=False)) == ids([first, second])


def test_a_listing_that_moves_is_found_where_it_now_is():
    listing = ListingFactory(latitude=40.7128, longitude=-74.0060)
    listing.latitude, listing.longitude = 42.3736, -71.1097
    listing.save()
    assert ids(near(BOSTON, 50, include_telehealth=False)) == [listing.pk]
