"""Reads for the directory: the distance search that the public pages and the benchmark run."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, FloatField, Func, IntegerField, OuterRef, Q, QuerySet

from consultants.geo import EARTH_RADIUS_KM, Place, bounding_box
from consultants.models import Credential, Listing, Status, TelehealthArea

SERVICES = {"home": "home_visits", "office": "office_visits", "telehealth": "telehealth"}
DEGREE = math.pi / 180
# What a result card and its map marker show (consultants.templatetags.consultant_cards, map_points): the
# rest of a listing (about, contact details, moderation fields) stays in the table.
CARD_FIELDS = (
    "name", "slug", "practice_name", "city", "region", "latitude", "longitude", "home_visits", "office_visits",
    "telehealth", "telehealth_area", "accepting_clients",
)  # fmt: skip
MAX_PAGE = 100_000  # Beyond this a page number is nonsense, and its OFFSET would overflow on PostgreSQL.


@dataclass(frozen=True)
class SearchFilters:
    """What a parent can narrow the results by; empty values mean "any"."""

    credential: str = ""
    services: tuple[str, ...] = ()
    language: str = ""
    accepting_only: bool = False


class GreatCircleKm(Func):
    """Great-circle (haversine) distance in km from a point to each row's latitude and longitude.

    sin² of half the longitude difference has a period of 360°, so pairs across the antimeridian come out
    right without any wrapping. Written as one expression over two columns rather than a tree of a dozen
    arithmetic nodes: a search uses it three times (select, filter, count), and the ORM copies and compiles
    every node of every use on every request.
    """

    output_field = FloatField()
    # Rounding can push the root a hair above 1 for antipodes, outside asin's domain: hence the LEAST.
    template = (
        "%(diameter)s * ASIN({least}(1.0, SQRT(POWER(SIN((%(lat)s - (%(lat0)s)) * %(half_degree)s), 2)"
        " + %(cos_lat0)s * COS(%(lat)s * %(degree)s) * POWER(SIN((%(lng)s - (%(lng0)s)) * %(half_degree)s), 2))))"
    )

    def __init__(self, latitude: float, longitude: float):
        super().__init__(F("latitude"), F("longitude"))
        self.origin = (float(latitude), float(longitude))

    def as_sql(self, compiler, connection, least="LEAST", **extra_context):
        (lat, lat_params), (lng, lng_params) = (compiler.compile(arg) for arg in self.get_source_expressions())
        lat0, lng0 = self.origin
        # Numbers written out by repr(): exact for floats, and never a user's text (the origin is geocoded).
        sql = self.template.format(least=least) % {
            "diameter": repr(2 * EARTH_RADIUS_KM),
            "lat": lat,
            "lng": lng,
            "lat0": repr(lat0),
            "lng0": repr(lng0),
            "half_degree": repr(DEGREE / 2),
            "degree": repr(DEGREE),
            "cos_lat0": repr(math.cos(lat0 * DEGREE)),
        }
        return sql, (*lat_params, *lat_params, *lng_params)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, least="MIN", **extra_context)


def distance_km_expression(latitude: float, longitude: float) -> GreatCircleKm:
    """Great-circle distance in km from a point to each row, as a database expression."""
    return GreatCircleKm(latitude, longitude)


def within_box(latitude: float, longitude: float, radius_km: float) -> Q:
    """The indexed prefilter: a latitude/longitude box around the circle, split where it crosses 180°."""
    min_lat, max_lat, min_lng, max_lng = bounding_box(latitude, longitude, radius_km)
    box = Q(latitude__gte=min_lat, latitude__lte=max_lat)
    if min_lng is None:
        return box  # The circle covers a pole: every longitude is in reach.
    if min_lng <= max_lng:
        return box & Q(longitude__gte=min_lng, longitude__lte=max_lng)
    return box & (Q(longitude__gte=min_lng) | Q(longitude__lte=max_lng))


def apply_filters(listings: QuerySet, filters: SearchFilters) -> QuerySet:
    if filters.credential:
        listings = listings.filter(Exists(Credential.objects.filter(listing=OuterRef("pk"), kind=filters.credential)))
    for service in filters.services:
        listings = listings.filter(**{SERVICES[service]: True})
    if filters.language:
        listings = listings.filter(
            Exists(Listing.languages.through.objects.filter(listing=OuterRef("pk"), language__code=filters.language))
        )
    if filters.accepting_only:
        listings = listings.filter(accepting_clients=True)
    return listings


def consultants_near(
    origin: Place,
    radius_km: float,
    *,
    filters: SearchFilters | None = None,
    include_telehealth: bool = True,
    today: datetime.date | None = None,
) -> QuerySet:
    """Published listings within ``radius_km`` of ``origin``, nearest first, each with ``distance_km``.

    With ``include_telehealth``, telehealth consultants farther away who serve the origin's country
    (or its state or province) follow, still by distance. One query; callers paginate it.
    """
    distance = distance_km_expression(origin.latitude, origin.longitude)
    nearby = within_box(origin.latitude, origin.longitude, radius_km) & Q(distance_km__lte=radius_km)
    if include_telehealth and origin.country:
        # Written to match the partial index listing_telehealth_area, one index range per branch.
        serves_origin = Q(telehealth_area=TelehealthArea.COUNTRY)
        if origin.region:
            serves_origin |= Q(telehealth_area=TelehealthArea.REGION, region_code=origin.region)
        nearby |= Q(status=Status.PUBLISHED, telehealth=True, country=origin.country) & serves_origin
    listings = (
        Listing.objects.published(today)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(distance_km=distance)
        .filter(nearby)
    )
    listings = apply_filters(listings, filters or SearchFilters()).order_by("distance_km", "name", "pk")
    return listings.only(*CARD_FIELDS)


def count_results(listings: QuerySet, radius_km: float) -> tuple[int, int]:
    """How many of a search's results are within the radius, and how many are telehealth from farther away."""
    counts = listings.order_by().aggregate(nearby=Count("pk", filter=Q(distance_km__lte=radius_km)), all=Count("pk"))
    return counts["nearby"], counts["all"] - counts["nearby"]


@dataclass(frozen=True)
class CardCredential:
    """What a result card shows of a credential: its kind and when a moderator verified it."""

    kind: str
    verified_at: datetime.datetime | None

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


def attach_card_details(listings: list[Listing]) -> None:
    """Set each listing's ``credential_list`` (CardCredential, by kind) and ``language_list`` (names).

    Two queries of plain rows for a page of cards: a prefetch would build a model instance for every
    credential and language, and link each back to its listing, only for a card to read one or two fields.
    """
    by_id = {listing.pk: listing for listing in listings}
    for listing in listings:
        listing.credential_list, listing.language_list = [], []
    if not by_id:
        return
    credentials = (
        Credential.objects.filter(listing_id__in=by_id)
        .order_by("listing_id", "kind")
        .values_list("listing_id", "kind", "verified_at")
    )
    for listing_id, kind, verified_at in credentials:
        by_id[listing_id].credential_list.append(CardCredential(kind, verified_at))
    languages = (
        Listing.languages.through.objects.filter(listing_id__in=by_id)
        .order_by("language__name")
        .values_list("listing_id", "language__name")
    )
    for listing_id, name in languages:
        by_id[listing_id].language_list.append(name)


class CountAllRows(Func):
    """``COUNT(*) OVER ()``: on each row, how many rows the query finds before its LIMIT."""

    template = "COUNT(*) OVER ()"
    contains_over_clause = True
    output_field = IntegerField()


class CountRowsWithin(Func):
    """On each row, how many of the query's rows have a distance within ``radius_km``.

    Written as the SQL it is rather than Window(Sum(Case(When(...)))): that tree of expressions, each
    resolved, copied and compiled on every search, cost more than the database's work on the query.
    """

    template = "SUM(CASE WHEN %(expressions)s <= %(radius_km)s THEN 1 ELSE 0 END) OVER ()"
    contains_over_clause = True
    output_field = IntegerField()

    def __init__(self, distance, radius_km: float):
        super().__init__(distance, radius_km=repr(float(radius_km)))


class ResultsPage(Page):
    """A page of search results that also knows how many were nearby and how many telehealth from afar."""

    nearby_count = 0
    telehealth_count = 0


def results_page(listings: QuerySet, radius_km: float, *, page, per_page: int = 20) -> ResultsPage:
    """One page of ``consultants_near`` results; ``page`` may be anything a person typed in the URL.

    The counts ride along on the page's own rows (window functions), so the distances are computed
    once, not again for a separate COUNT query. Only a page past the end costs a second query.
    """
    try:
        number = min(max(1, int(page)), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    counted = listings.annotate(result_count=CountAllRows(), nearby_count=CountRowsWithin(F("distance_km"), radius_km))
    rows = list(counted[(number - 1) * per_page : number * per_page])
    if rows:
        nearby, total = rows[0].nearby_count, rows[0].result_count
    else:
        nearby, telehealth = count_results(listings, radius_km)
        total = nearby + telehealth
        number = max(1, -(-total // per_page))
        rows = list(listings[(number - 1) * per_page : number * per_page]) if total else []
    attach_card_details(rows)
    paginator = _CountedPaginator(listings, per_page, count=total)
    result = ResultsPage(rows, number, paginator)
    result.nearby_count, result.telehealth_count = nearby, total - nearby
    return result


class _CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Known already: never ask the database.


def map_points(listings, radius_km: float) -> list[dict]:
    """Markers for the nearby results, each with its ``url`` set; a home-visit-only one blurred to about 1 km."""
    points = []
    for listing in listings:
        if listing.distance_km > radius_km:
            continue  # Telehealth from afar: a marker would only pull the map away from the searcher.
        digits = 2 if listing.home_visits_only else 5
        points.append(
            {
                "name": listing.name,
                "url": listing.url,
                "lat": round(listing.latitude, digits),
                "lng": round(listing.longitude, digits),
            }
        )
    return points
