"""Reads for the directory: the distance search that the public pages and the benchmark run."""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import math
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from consultants.geo import EARTH_RADIUS_KM, Place, bounding_box
from consultants.models import Credential, CredentialKind, Language, Listing, ServiceFlags, Status, TelehealthArea
from core.prepared import PreparedStatement, column_list, model_instance

SERVICES = {"home": "home_visits", "office": "office_visits", "telehealth": "telehealth"}
DEGREE = math.pi / 180
# What a result card and its map marker show (consultants.templatetags.consultant_cards, map_points): the
# rest of a listing (about, contact details, moderation fields) stays in the table.
CARD_FIELDS = (
    "id", "name", "slug", "practice_name", "city", "region", "latitude", "longitude", "home_visits",
    "office_visits", "telehealth", "telehealth_area", "accepting_clients",
)  # fmt: skip
MAX_PAGE = 100_000  # Beyond this a page number is nonsense, and its OFFSET would overflow on PostgreSQL.

CREDENTIAL_LABELS = dict(CredentialKind.choices)
LISTINGS = Listing._meta.db_table
CREDENTIALS = Credential._meta.db_table
LANGUAGES = Language._meta.db_table
LISTING_LANGUAGES = Listing.languages.through._meta.db_table


@dataclass(frozen=True)
class SearchFilters:
    """What a parent can narrow the results by; empty values mean "any"."""

    credential: str = ""
    services: tuple[str, ...] = ()
    language: str = ""
    accepting_only: bool = False


@dataclass(frozen=True)
class ListedCredential:
    """A credential as cards and profiles show it: its kind, number, expiry and when a moderator verified it."""

    kind: str
    number: str
    expires_on: datetime.date | None
    verified_at: datetime.datetime | None

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    def get_kind_display(self) -> str:
        return CREDENTIAL_LABELS.get(self.kind, self.kind)


@dataclass(eq=False)
class Result(ServiceFlags):
    """One search result: the listing's card fields (CARD_FIELDS) and its distance from the searcher.

    ``credential_list`` and ``language_list`` come with it (``read_details``); the view sets ``url``,
    ``distance_label`` and ``is_remote`` for the card and the map.
    """

    id: int
    name: str
    slug: str
    practice_name: str
    city: str
    region: str
    latitude: float
    longitude: float
    home_visits: bool
    office_visits: bool
    telehealth: bool
    telehealth_area: str
    accepting_clients: bool
    distance_km: float
    credential_list: list[ListedCredential] = field(default_factory=list)
    language_list: list[str] = field(default_factory=list)
    url: str = ""
    distance_label: str = ""
    is_remote: bool = False

    @property
    def pk(self) -> int:
        return self.id


# The search's parameters and their PostgreSQL types (core.prepared.PreparedStatement declares them).
PARAMETER_TYPES = {
    "x0": "double precision", "y0": "double precision", "z0": "double precision",
    "reach": "double precision", "min_lat": "double precision", "max_lat": "double precision",
    "min_lng": "double precision", "max_lng": "double precision", "renewal": "date", "country": "text",
    "region": "text", "credential": "text", "language": "text", "limit": "bigint", "offset": "bigint",
}  # fmt: skip


def chord_sql() -> str:
    """The square of the straight-line distance from the origin to each row's point on the unit sphere (its
    ``sphere_x``, ``sphere_y`` and ``sphere_z``), as SQL; the origin's point comes as ``x0``, ``y0`` and ``z0``.

    It grows with the great-circle distance, so comparing and sorting by it is comparing and sorting by distance,
    for a few multiplications a listing where the haversine formula took trigonometry on both coordinates. Points
    across the antimeridian need no wrapping.
    """
    return (
        "((sphere_x - %(x0)s) * (sphere_x - %(x0)s) + (sphere_y - %(y0)s) * (sphere_y - %(y0)s)"
        " + (sphere_z - %(z0)s) * (sphere_z - %(z0)s))"
    )


def distance_km_sql(chord: str) -> str:
    """The great-circle distance in km of a squared chord (``chord_sql``), as SQL. Rounding can push half the chord
    a hair above 1 for antipodes, outside asin's domain: hence the LEAST (MIN on SQLite)."""
    least = "MIN" if connection.vendor == "sqlite" else "LEAST"
    return f"{2 * EARTH_RADIUS_KM!r} * ASIN({least}(1.0, SQRT({chord}) / 2))"


def sphere_point(latitude: float, longitude: float) -> tuple[float, float, float]:
    """The point on the unit sphere at ``latitude`` and ``longitude``: what the sphere_* fields hold for a listing."""
    lat, lng = latitude * DEGREE, longitude * DEGREE
    return math.cos(lat) * math.cos(lng), math.cos(lat) * math.sin(lng), math.sin(lat)


def chord_reach(radius_km: float) -> float:
    """The squared chord of a great-circle distance of ``radius_km`` (the whole sphere beyond half its girth)."""
    return (2 * math.sin(min(radius_km / EARTH_RADIUS_KM, math.pi) / 2)) ** 2


def within_box_sql(latitude: float, longitude: float, radius_km: float) -> tuple[str, dict]:
    """The indexed prefilter: a latitude/longitude box around the circle, split where it crosses 180°; and its
    parameters."""
    min_lat, max_lat, min_lng, max_lng = bounding_box(latitude, longitude, radius_km)
    box, params = "latitude >= %(min_lat)s AND latitude <= %(max_lat)s", {"min_lat": min_lat, "max_lat": max_lat}
    if min_lng is None:
        return box, params  # The circle covers a pole: every longitude is in reach.
    params.update(min_lng=min_lng, max_lng=max_lng)
    if min_lng <= max_lng:
        return f"{box} AND longitude >= %(min_lng)s AND longitude <= %(max_lng)s", params
    return f"{box} AND (longitude >= %(min_lng)s OR longitude <= %(max_lng)s)", params


def filters_sql(filters: SearchFilters) -> tuple[str, dict]:
    """The filters as conditions on a listing row ``l``, and their parameters."""
    conditions, params = [], {}
    if filters.credential:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {CREDENTIALS} c WHERE c.listing_id = l.id AND c.kind = %(credential)s)"  # noqa: S608 (names from code)
        )
        params["credential"] = filters.credential
    conditions.extend(f"l.{SERVICES[service]}" for service in filters.services)
    if filters.language:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {LISTING_LANGUAGES} ll JOIN {LANGUAGES} lang ON lang.id = ll.language_id"  # noqa: S608 (names from code)
            " WHERE ll.listing_id = l.id AND lang.code = %(language)s)"
        )
        params["language"] = filters.language
    if filters.accepting_only:
        conditions.append("l.accepting_clients")
    return "".join(f" AND {condition}" for condition in conditions), params


@dataclass(frozen=True)
class ConsultantSearch:
    """A distance search, ready to run: ``sql`` selects each result's id, name and chord (``chord_sql``), unordered.

    Its values are ``params``, named in ``sql`` as ``%(name)s`` (PARAMETER_TYPES), never written into it: on
    PostgreSQL the page's statement is prepared once per connection and shape of search (which filters, whether
    the origin has a region), as its planning took half as long again as its run.
    """

    sql: str
    params: dict
    radius_km: float

    def page(self, *, offset: int, limit: int) -> tuple[list[Result], int, int]:
        """(results, how many results in all, how many of them within the radius) for one page, in one query.

        Nearest first, then by name. The counts ride along on the page's own rows (window functions), so
        the distances are computed once; the twenty listings, with their credentials, languages and distances in
        km, are read from the tables only after the sort.
        """
        rows = _search_statement(self._page_sql()).fetchall({**self.params, "limit": limit, "offset": offset})
        if not rows:
            return [], 0, 0
        results = []
        for row in rows:
            result = Result(*row[2:-2])
            read_details(result, *row[-2:])
            results.append(result)
        return results, rows[0][0], rows[0][1]

    def explain(self) -> str:
        """The database's plan for the first page, as ``QuerySet.explain()`` gives it."""
        prefix = connection.ops.explain_query_prefix()
        with connection.cursor() as cursor:
            cursor.execute(f"{prefix} {self._page_sql()}", {**self.params, "limit": 20, "offset": 0})
            return "\n".join(" ".join(str(column) for column in row) for row in cursor.fetchall())

    def _page_sql(self) -> str:
        columns = ", ".join(f"l.{name}" for name in CARD_FIELDS)
        credentials, languages = details_sql("l.id")
        return (
            f"WITH hits AS ({self.sql}), page AS ("  # noqa: S608 (names from code)
            " SELECT id, name, chord, COUNT(*) OVER () AS result_count,"
            " SUM(CASE WHEN chord <= %(reach)s THEN 1 ELSE 0 END) OVER () AS nearby_count"
            " FROM hits ORDER BY chord, name, id LIMIT %(limit)s OFFSET %(offset)s)"
            f" SELECT page.result_count, page.nearby_count, {columns}, {distance_km_sql('page.chord')},"
            f" {credentials}, {languages}"
            f" FROM page JOIN {LISTINGS} l ON l.id = page.id ORDER BY page.chord, page.name, page.id"
        )

    def counts(self) -> tuple[int, int]:
        """How many results within the radius, and how many telehealth from farther away."""
        sql = (
            f"WITH hits AS ({self.sql}) SELECT COUNT(*),"  # noqa: S608 (names from code)
            " COALESCE(SUM(CASE WHEN chord <= %(reach)s THEN 1 ELSE 0 END), 0) FROM hits"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, self.params)
            total, nearby = cursor.fetchone()
        return nearby, total - nearby

    def __iter__(self):
        return iter(self.page(offset=0, limit=MAX_PAGE)[0])


def consultants_near(
    origin: Place,
    radius_km: float,
    *,
    filters: SearchFilters | None = None,
    include_telehealth: bool = True,
    today: datetime.date | None = None,
) -> ConsultantSearch:
    """Published listings within ``radius_km`` of ``origin``, nearest first, each with ``distance_km``.

    With ``include_telehealth``, telehealth consultants farther away who serve the origin's country
    (or its state or province) follow, still by distance. Each part is its own branch, written to match
    its covering index (Listing.Meta.indexes) so PostgreSQL answers it from the index alone; the branches
    never overlap (the telehealth ones are beyond the radius), so they need no de-duplication.
    """
    chord = chord_sql()
    box, params = within_box_sql(origin.latitude, origin.longitude, radius_km)
    conditions, filter_params = filters_sql(filters or SearchFilters())
    x0, y0, z0 = sphere_point(float(origin.latitude), float(origin.longitude))
    params.update(
        filter_params,
        x0=x0,
        y0=y0,
        z0=z0,
        reach=chord_reach(float(radius_km)),
        renewal=(today or timezone.localdate()).isoformat(),
    )
    published = f"l.status = '{Status.PUBLISHED}' AND l.renewal_due >= %(renewal)s"
    select = f"SELECT l.id, l.name, {chord} AS chord FROM {LISTINGS} l WHERE {published}"  # noqa: S608 (names from code)
    branches = [f"{select} AND {box} AND {chord} <= %(reach)s{conditions}"]
    if include_telehealth and origin.country:
        # The area and the region as the partial index expects them.
        serves = [f"l.telehealth_area = '{TelehealthArea.COUNTRY}'"]
        params["country"] = origin.country
        if origin.region:
            serves.append(f"l.telehealth_area = '{TelehealthArea.REGION}' AND l.region_code = %(region)s")
            params["region"] = origin.region
        branches.extend(
            f"{select} AND l.telehealth AND l.country = %(country)s AND {area} AND {chord} > %(reach)s{conditions}"
            for area in serves
        )
    return ConsultantSearch(" UNION ALL ".join(branches), params, float(radius_km))


def details_sql(listing_id: str) -> tuple[str, str]:
    """Two subqueries for a listing row: its credentials and its language names, each as a JSON array.

    ``listing_id`` is the SQL of the row's id. In the row's own SELECT, a page of results or a profile
    reads its listings' details in the same query; ``read_details`` sorts and types them.
    """
    if connection.vendor == "postgresql":
        array, row = "json_agg", "json_build_array"
    else:
        array, row = "json_group_array", "json_array"
    credentials = (
        f"(SELECT {array}({row}(c.kind, c.number, c.expires_on, c.verified_at)) FROM {CREDENTIALS} c"  # noqa: S608 (names from code)
        f" WHERE c.listing_id = {listing_id})"
    )
    languages = (
        f"(SELECT {array}(lang.name) FROM {LISTING_LANGUAGES} ll JOIN {LANGUAGES} lang ON lang.id = ll.language_id"  # noqa: S608 (names from code)
        f" WHERE ll.listing_id = {listing_id})"
    )
    return credentials, languages


def read_details(listing, credentials_json, languages_json) -> None:
    """Set ``credential_list`` (ListedCredential, by kind) and ``language_list`` (names) from ``details_sql``."""
    credentials = _json_list(credentials_json)
    listing.credential_list = [
        ListedCredential(kind, number, _date(expires_on), _timestamp(verified_at))
        for kind, number, expires_on, verified_at in sorted(credentials, key=lambda credential: credential[0])
    ]
    listing.language_list = sorted(_json_list(languages_json))


def _json_list(value) -> list:
    """A JSON array column: psycopg2 parses json itself, SQLite gives text; no rows give NULL on PostgreSQL."""
    if isinstance(value, str):
        value = json.loads(value)
    return value or []


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _timestamp(value: str | None) -> datetime.datetime | None:
    """A timestamp from JSON: ISO 8601 with its offset on PostgreSQL, naive UTC on SQLite."""
    if not value:
        return None
    moment = datetime.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


class ResultsPage(Page):
    """A page of search results that also knows how many were nearby and how many telehealth from afar."""

    nearby_count = 0
    telehealth_count = 0


def results_page(search: ConsultantSearch, *, page, per_page: int = 20) -> ResultsPage:
    """One page of ``consultants_near`` results with their card details; ``page`` may be anything typed in a URL.

    One query; only a page past the end costs more (its counts, then the last page).
    """
    try:
        number = min(max(1, int(page)), MAX_PAGE)
    except (TypeError, ValueError, OverflowError):
        number = 1
    rows, total, nearby = search.page(offset=(number - 1) * per_page, limit=per_page)
    if not rows and number > 1:
        nearby, telehealth = search.counts()
        total = nearby + telehealth
        number = max(1, -(-total // per_page))
        if total:
            rows, total, nearby = search.page(offset=(number - 1) * per_page, limit=per_page)
    paginator = _CountedPaginator(rows, per_page, count=total)
    result = ResultsPage(rows, number, paginator)
    result.nearby_count, result.telehealth_count = nearby, total - nearby
    return result


class _CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Known already: never ask the database.


def detail_url_maker():
    """A function from a slug to its profile's URL: the URL pattern reversed once for a page of results."""
    marker = "--slug--"
    prefix, suffix = reverse("consultants:detail", kwargs={"slug": marker}).split(marker)
    return lambda slug: f"{prefix}{slug}{suffix}"


def map_points(results, radius_km: float) -> list[dict]:
    """Markers for the nearby results, each with its ``url`` set; a home-visit-only one blurred to about 1 km."""
    points = []
    for result in results:
        if result.distance_km > radius_km:
            continue  # Telehealth from afar: a marker would only pull the map away from the searcher.
        digits = 2 if result.home_visits_only else 5
        points.append(
            {
                "name": result.name,
                "url": result.url,
                "lat": round(result.latitude, digits),
                "lng": round(result.longitude, digits),
            }
        )
    return points


@functools.lru_cache(maxsize=64)
def _search_statement(sql: str) -> PreparedStatement:
    """The statement of one shape of search, made once per process (a shape is which filters, whether the origin
    has a region); its name stands for its text: one name, one text, on every connection."""
    name = f"consultant_search_{hashlib.sha1(sql.encode(), usedforsecurity=False).hexdigest()[:16]}"
    return PreparedStatement(name, sql, **PARAMETER_TYPES)


@functools.lru_cache(maxsize=8)
def _profile_statement(using: str) -> PreparedStatement:
    """A published listing by its slug (the slug's unique index): every column, then its details.

    Prepared once per connection: planning it took three times as long as running it.
    """
    columns = column_list("l", Listing._meta.concrete_fields, using=using)
    credentials, languages = details_sql("l.id")
    return PreparedStatement(
        "consultant_profile",
        f"SELECT {columns}, {credentials}, {languages} FROM {LISTINGS} l"  # noqa: S608 (names from code)
        " WHERE l.slug = %(slug)s AND l.status = %(status)s AND l.renewal_due >= %(today)s",
        slug="text",
        status="text",
        today="date",
    )


def listing_profile(slug: str, today: datetime.date | None = None) -> Listing | None:
    """The published listing with ``slug``, its ``credential_list`` and ``language_list`` set; None if there is none.

    One query, where prefetching its credentials and languages took two more. Read from the database the router
    picks for reads, into a Listing typed as a queryset would (``core.prepared.model_instance``) without building
    one, which took as long as the query.
    """
    using = Listing.objects.db
    params = {"slug": slug, "status": Status.PUBLISHED, "today": (today or timezone.localdate()).isoformat()}
    rows = _profile_statement(using).fetchall(params, using=using)
    if not rows:
        return None
    fields = Listing._meta.concrete_fields
    listing = model_instance(Listing, fields, rows[0], using=using)
    read_details(listing, *rows[0][len(fields) :])
    return listing


def language_choices() -> list[tuple[str, str]]:
    """(code, name) of every language, by name: the finder's language filter, as plain rows in one query."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT code, name FROM {LANGUAGES} ORDER BY name")  # noqa: S608 (names from code)
        return cursor.fetchall()
