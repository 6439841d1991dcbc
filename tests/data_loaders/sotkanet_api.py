"""Recorded THL Sotkanet REST answers in the API's documented shape (rest/1.1: indicators, regions,
json), made by the test suite. The numbers are small and chosen so that every stored value can be
checked by hand; region ids are Sotkanet's for the counties (rOpenGov/sotkanet's key) and made up
for the rest, as the loader must not depend on them."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
from typing import Any

# Sotkanet's indicator list: ids, trilingual titles, year ranges. 127 and 1086 are checked ids;
# "Kodin ulkopuolelle sijoitetut ..." is written with an en dash and no spaces, as titles vary.
INDICATORS: list[dict[str, Any]] = [
    {
        "id": 127,
        "title": {"fi": "Väestö 31.12.", "sv": "Befolkning 31.12.", "en": "Population 31 Dec"},
        "organization": {"id": 2, "title": {"fi": "Tilastokeskus"}},
        "range": {"start": 1990, "end": 2024},
    },
    {
        "id": 1086,
        "title": {
            "fi": "0 - 17-vuotiaat lapset, joista on tehty lastensuojeluilmoitus, % vastaavan ikäisestä väestöstä",
            "sv": "0-17-åringar som varit föremål för barnskyddsanmälan, % av befolkningen i samma ålder",
            "en": "Children aged 0-17 subject to a child welfare notification, % of total population of same age",
        },
        "organization": {"id": 1, "title": {"fi": "THL"}},
        "range": {"start": 2015, "end": 2024},
    },
    {
        "id": 5001,
        "title": {
            "fi": "Kodin ulkopuolelle sijoitetut 0–17-vuotiaat, % vastaavanikäisestä väestöstä",
            "sv": "Barn placerade utom hemmet",
            "en": "Children placed outside the home",
        },
        "range": {"start": 2015, "end": 2024},
    },
    # two indicators with one title: the loader must not pick one of them
    {"id": 5002, "title": {"fi": "Kodinhoitoapua saaneet lapsiperheet, % lapsiperheistä"}},
    {"id": 5003, "title": {"fi": "Kodinhoitoapua saaneet lapsiperheet, % lapsiperheistä"}},
    {"id": 9999, "title": {"fi": "Joku muu mittari"}, "range": {"start": 2000, "end": 2024}},
]

HOLLOLA, HEINOLA, HONKAJOKI, PH_COUNTY, PH_OLD, PH_REGION, COUNTRY, HOSPITAL = 201, 202, 203, 975, 895, 307, 658, 401
REGIONS: list[dict[str, Any]] = [
    {"id": HOLLOLA, "title": {"fi": "Hollola", "sv": "Hollola"}, "code": "98", "category": "KUNTA"},
    {"id": HEINOLA, "title": {"fi": "Heinola", "sv": "Heinola"}, "code": "111", "category": "KUNTA"},
    {"id": HONKAJOKI, "title": {"fi": "Honkajoki"}, "code": "099", "category": "KUNTA"},  # joined Kankaanpää 2021
    {"id": PH_COUNTY, "title": {"fi": "Päijät-Hämeen hyvinvointialue"}, "code": "9", "category": "HYVINVOINTIALUE"},
    {"id": PH_OLD, "title": {"fi": "Päijät-Hämeen HVA (vanha)"}, "code": "5", "category": "HYVINVOINTIALUE"},
    {"id": PH_REGION, "title": {"fi": "Päijät-Häme"}, "code": "07", "category": "MAAKUNTA"},
    {"id": COUNTRY, "title": {"fi": "Koko maa", "sv": "Hela landet"}, "code": "", "category": "MAA"},
    {"id": HOSPITAL, "title": {"fi": "Päijät-Hämeen shp"}, "code": "07", "category": "SAIRAANHOITOPIIRI"},
]


def _row(ind: int, region: int, year: int, value: float | None, abs_value: float | None) -> dict[str, Any]:
    row: dict[str, Any] = {"indicator": ind, "region": region, "year": year, "gender": "total"}
    if value is not None:
        row["value"] = value
    if abs_value is not None:
        row["absValue"] = abs_value
    return row


DATA: dict[int, list[dict[str, Any]]] = {
    127: [
        _row(127, HOLLOLA, 2022, 23_512, None),
        _row(127, HEINOLA, 2022, 18_467, None),
        _row(127, PH_COUNTY, 2022, 204_635, None),
        _row(127, COUNTRY, 2022, 5_563_970, None),
        _row(127, HONKAJOKI, 2022, 1_650, None),
        _row(127, HOLLOLA, 2023, 23_401, None),
        _row(127, HOSPITAL, 2023, 204_000, None),
    ],
    1086: [
        _row(1086, HOLLOLA, 2022, 5.1, 231),
        _row(1086, HEINOLA, 2022, 6.0, 153),
        _row(1086, PH_COUNTY, 2022, 5.6, 2250),
        _row(1086, PH_OLD, 2022, 5.6, 2250),
        _row(1086, PH_REGION, 2022, 5.6, 2250),
        _row(1086, COUNTRY, 2022, 5.5, 58_862),
        _row(1086, HOLLOLA, 2023, 5.3, None),  # a percentage without its count
    ],
    5001: [
        _row(5001, HOLLOLA, 2022, 1.1, 50),
        _row(5001, COUNTRY, 2022, 1.3, 13_981),
    ],
    9999: [_row(9999, HOLLOLA, 2022, 12.5, 3)],
}


class RecordedSotkanet:
    """An opener answering like sotkanet.fi/rest/1.1; remembers every URL asked for."""

    def __init__(self, fail: str | None = None, data: dict[int, list[dict[str, Any]]] | None = None):
        self.urls: list[str] = []
        self.fail = fail
        self.data = DATA if data is None else data

    def __call__(self, url: str, timeout: float) -> bytes:
        self.urls.append(url)
        if self.fail == "offline":
            raise urllib.error.URLError(OSError(-3, "Temporary failure in name resolution"))
        if self.fail == "http":
            raise urllib.error.HTTPError(url, 503, "Service Unavailable", {}, None)  # type: ignore[arg-type]
        if self.fail == "html":
            return b"<html><body>Huoltokatko / maintenance</body></html>"
        parsed = urllib.parse.urlparse(url)
        assert parsed.scheme == "https" and parsed.netloc == "sotkanet.fi", url
        path = parsed.path.removeprefix("/rest/1.1/")
        query = urllib.parse.parse_qs(parsed.query)
        if path == "indicators":
            return json.dumps(INDICATORS).encode()
        if path == "regions":
            return json.dumps(REGIONS).encode()
        if path == "json":
            ind = int(query["indicator"][0])
            years = {int(y) for y in query.get("years", [])}
            genders = set(query.get("genders", ["total"]))
            rows = [r for r in self.data.get(ind, []) if r["year"] in years and r["gender"] in genders]
            return json.dumps(rows).encode()
        raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)  # type: ignore[arg-type]
