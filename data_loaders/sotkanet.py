"""THL Sotkanet as the national reference: fetch values from Sotkanet's public REST API (1.1)
and load them as one upload through the same checks as any file.

The API (https://sotkanet.fi/rest/1.1, open data CC BY 4.0, cite THL/Sotkanet):
- `/indicators`: [{"id", "title": {"fi", "sv", "en"}, "range": {"start", "end"}?, ...}]
- `/regions`: [{"id", "title": {"fi", "sv", "en"}, "code", "category", "uri"}]; categories KUNTA,
  HYVINVOINTIALUE, MAAKUNTA, MAA and others (SAIRAANHOITOPIIRI, SEUTUKUNTA, ERVA, ELY-KESKUS ...)
- `/json?indicator=ID&years=Y&years=Y2&genders=total`: [{"indicator", "region" (its id), "year",
  "gender", "value", "absValue"}]

Sotkanet gives every year in the current division of municipalities, so a row of a municipality
that no longer exists would count twice once added to its successor: such rows are left out.
Areas of kinds the app does not hold are left out too, with their count in the report. Only the
indicator ids and years asked for leave the machine; nothing is sent anywhere unasked.
"""

from __future__ import annotations

import json
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select, update

from data_loaders.ingest import IngestResult, Progress, ingest_bytes
from data_loaders.report import Report
from store import catalogue, state
from store.engine import init_db
from store.reference import COUNTRY_ALIASES, COUNTRY_CODE, mergers
from store.schema import indicators, regions

BASE_URL = "https://sotkanet.fi/rest/1.1"
TIMEOUT = 60.0
MAX_BYTES = 64 * 1024 * 1024
Opener = Callable[[str, float], bytes]  # (url, timeout) -> body; tests pass recorded responses


class SotkanetUnavailable(Exception):
    """Sotkanet could not be reached or answered with something the API does not give."""

    def __init__(self, key: str, **params: Any):
        super().__init__(key)
        self.key = key
        self.params = params


def default_opener(url: str, timeout: float) -> bytes:
    if not url.startswith(BASE_URL + "/"):  # this command talks to Sotkanet and nothing else
        raise ValueError(url)
    headers = {"User-Agent": "LAPE-seuranta", "Accept": "application/json"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (https to sotkanet.fi only, checked above)
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        body: bytes = response.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        raise SotkanetUnavailable("err.sotkanet-shape", detail=f"more than {MAX_BYTES // 2**20} MB")
    return body


def _get(opener: Opener, path: str, params: list[tuple[str, Any]] | None = None) -> Any:
    url = f"{BASE_URL}/{path}" + (("?" + urllib.parse.urlencode(params)) if params else "")
    try:
        body = opener(url, TIMEOUT)
    except urllib.error.HTTPError as exc:
        raise SotkanetUnavailable("err.sotkanet-http", status=exc.code, url=url) from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise SotkanetUnavailable("err.sotkanet-offline", reason=str(reason)[:120]) from exc
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SotkanetUnavailable("err.sotkanet-shape", detail=type(exc).__name__) from exc


def title_key(text: Any) -> str:
    """A title compared without case, spacing or dash style: "0 - 17-vuotiaat" == "0-17–vuotiaat"."""
    s = unicodedata.normalize("NFKC", str(text or "")).casefold()
    for dash in ("\u2013", "\u2014", "\u2212", "\u2010", "\u2011"):
        s = s.replace(dash, "-")
    s = " ".join(s.split())
    s = s.replace(" - ", "-").replace(" -", "-").replace("- ", "-")
    return s.strip(" .,;:")


@dataclass
class Plan:
    """Which Sotkanet indicators to fetch and what each becomes in the catalogue."""

    ids: dict[int, str | None] = field(default_factory=dict)  # Sotkanet id -> catalogue code (None: new)
    titles: dict[int, str] = field(default_factory=dict)  # Sotkanet id -> its Finnish title
    years: dict[int, list[int]] = field(default_factory=dict)
    found_by_title: dict[str, int] = field(default_factory=dict)  # catalogue code -> id found in the list
    not_found: list[str] = field(default_factory=list)  # catalogue codes Sotkanet's list has no title for
    unknown_ids: list[int] = field(default_factory=list)  # asked-for ids Sotkanet does not have


def plan(
    listing: list[dict[str, Any]],
    wanted: list[str] | None,
    years: list[int],
    stored_ids: dict[str, int | None],
) -> Plan:
    """Decide the ids to fetch. `wanted` None means every catalogue indicator Sotkanet publishes;
    otherwise Sotkanet ids (digits) or catalogue codes. Ids come from the catalogue where checked
    or kept from an earlier run, else from Sotkanet's list by exact title; never guessed."""
    out = Plan()
    by_id: dict[int, dict[str, Any]] = {}
    by_title: dict[str, list[int]] = {}
    for item in listing:
        if not isinstance(item, dict) or not str(item.get("id", "")).isdigit():
            continue
        ident = int(item["id"])
        by_id[ident] = item
        title = item.get("title")
        fi = title.get("fi") if isinstance(title, dict) else title
        by_title.setdefault(title_key(fi), []).append(ident)
    code_of_id = {sid: code for code, sid in stored_ids.items() if sid is not None}
    codes: list[str] = []
    extra: list[int] = []
    if wanted is None:
        codes = list(catalogue.SOTKANET_SOURCES)
    else:
        for asked in wanted:
            if asked.isdigit():
                extra.append(int(asked))
            else:
                codes.append(asked)
    for code in codes:
        src = catalogue.SOTKANET_SOURCES[code]
        sid = stored_ids.get(code) or src.id
        if sid is None:
            hits = sorted({i for t in src.titles for i in by_title.get(title_key(t), [])})
            if len(hits) != 1:  # none, or several with one title: not decided by a guess
                out.not_found.append(code)
                continue
            sid = hits[0]
            out.found_by_title[code] = sid
        out.ids[sid] = code
    for sid in extra:
        if sid not in by_id:
            out.unknown_ids.append(sid)
            continue
        out.ids.setdefault(sid, code_of_id.get(sid))
    for sid in out.ids:
        meta = by_id.get(sid, {})
        title = meta.get("title")
        out.titles[sid] = str((title.get("fi") if isinstance(title, dict) else title) or f"Sotkanet {sid}")
        span = meta.get("range") if isinstance(meta.get("range"), dict) else None
        if span and str(span.get("start", "")).isdigit() and str(span.get("end", "")).isdigit():
            out.years[sid] = [y for y in years if int(span["start"]) <= y <= int(span["end"])]
        else:
            out.years[sid] = list(years)
    return out


@dataclass
class AreaMap:
    """Sotkanet region ids -> (category the loader reads, code the app holds)."""

    areas: dict[int, tuple[str, str]] = field(default_factory=dict)
    former: set[int] = field(default_factory=set)  # municipalities abolished since: left out
    other_kinds: dict[str, set[int]] = field(default_factory=dict)  # category -> ids left out


def area_map(listing: list[dict[str, Any]], county_ids: dict[int, str], municipalities: set[str]) -> AreaMap:
    out = AreaMap()
    abolished = set(mergers())
    country_names = {title_key(n) for n in COUNTRY_ALIASES}
    for item in listing:
        if not isinstance(item, dict) or not str(item.get("id", "")).isdigit():
            continue
        ident = int(item["id"])
        category = str(item.get("category", "")).upper()
        code = str(item.get("code", "")).strip()
        title = item.get("title")
        fi = title.get("fi") if isinstance(title, dict) else title
        if ident in county_ids:  # the 21 wellbeing services counties, Helsinki and Åland
            out.areas[ident] = ("HYVINVOINTIALUE", county_ids[ident])
        elif category == "KUNTA" and code.isdigit():
            muni = code.zfill(3)
            if muni in municipalities:
                out.areas[ident] = ("KUNTA", muni)
            elif muni in abolished:
                out.former.add(ident)
            else:
                out.other_kinds.setdefault(category, set()).add(ident)
        elif category == "MAAKUNTA" and code.isdigit() and 1 <= int(code) <= 21:
            out.areas[ident] = ("MAAKUNTA", code.zfill(2))
        elif category == "MAA" and (title_key(fi) in country_names or code.upper() == COUNTRY_CODE):
            out.areas[ident] = ("MAA", COUNTRY_CODE)
        else:
            out.other_kinds.setdefault(category or "?", set()).add(ident)
    return out


@dataclass
class SotkanetResult:
    ok: bool
    plan: Plan | None
    ingest: IngestResult | None
    report: Report
    left_out: dict[str, int] = field(default_factory=dict)  # why -> rows
    url: str = BASE_URL

    def as_json(self, lang: str = "fi") -> dict[str, Any]:
        base: dict[str, Any] = (
            self.ingest.as_json(lang)
            if self.ingest
            else {"file": "sotkanet", "ok": False, "rows_accepted": 0, "format": "sotkanet-json"}
        )
        base["ok"] = self.ok
        base["errors"] = [*base.get("errors", []), *self.report.error_dicts(lang)]
        base["warnings"] = [*self.report.warning_dicts(lang), *base.get("warnings", [])]
        base["notes"] = [*self.report.note_texts(lang), *base.get("notes", [])]
        base["source"] = self.url
        if self.plan:
            base["indicators"] = {str(k): v for k, v in self.plan.ids.items()}
            base["found_by_title"] = self.plan.found_by_title
            base["not_found"] = self.plan.not_found
        base["left_out"] = self.left_out
        return base


def parse_years(text: str) -> list[int]:
    """ "2015-2025", "2020" or "2015,2017,2019" -> the years; ValueError when not years."""
    out: list[int] = []
    for part in text.replace(" ", "").split(","):
        lo, _, hi = part.partition("-")
        if not lo.isdigit() or (hi and not hi.isdigit()):
            raise ValueError(text)
        a, b = int(lo), int(hi or lo)
        if not (1900 <= a <= b <= 2100):
            raise ValueError(text)
        out.extend(range(a, b + 1))
    return sorted(set(out))


def _stored_ids(engine: Engine) -> dict[str, int | None]:
    with engine.connect() as conn:
        return {
            str(c): (int(s) if s is not None else None)
            for c, s in conn.execute(select(indicators.c.code, indicators.c.sotkanet_id)).all()
        }


def _county_ids(engine: Engine) -> tuple[dict[int, str], set[str]]:
    with engine.connect() as conn:
        rows = conn.execute(select(regions.c.level, regions.c.code, regions.c.sotkanet_id)).all()
    counties = {int(s): str(c) for lvl, c, s in rows if lvl == "county" and s is not None}
    munis = {str(c) for lvl, c, _ in rows if lvl == "municipality"}
    return counties, munis


def keep_ids(engine: Engine, found: dict[str, int]) -> None:
    """Keep the ids found by title in the catalogue, so exports of them load as these indicators."""
    if not found:
        return
    with engine.begin() as conn:
        for code, sid in found.items():
            conn.execute(
                update(indicators)
                .where(indicators.c.code == code, indicators.c.sotkanet_id.is_(None))
                .values(sotkanet_id=sid)
            )
        state.bump(conn)


def fetch_sotkanet(
    engine: Engine,
    wanted: list[str] | None,
    years: Iterable[int],
    *,
    opener: Opener | None = None,
    user: str = "cli",
    replace: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> SotkanetResult:
    """Fetch the indicators from Sotkanet and load them as one upload (or refuse with a report)."""
    opener = opener or default_opener
    year_list = sorted(set(years))
    report = Report()
    result = SotkanetResult(False, None, None, report)

    def step(fraction: float, stage: str) -> None:
        if progress:
            progress(fraction, stage)

    init_db(engine)
    stored = _stored_ids(engine)
    if wanted is not None:
        bad = [w for w in wanted if not w.isdigit() and w not in catalogue.SOTKANET_SOURCES]
        if bad:
            report.error(
                "usage-error",
                "err.sotkanet-not-published",
                value=", ".join(bad)[:120],
                codes=", ".join(catalogue.SOTKANET_SOURCES),
            )
            return result
    try:
        step(0.0, "indicators")
        listing = _get(opener, "indicators")
        step(0.03, "regions")
        region_listing = _get(opener, "regions")
        if not isinstance(listing, list) or not isinstance(region_listing, list):
            raise SotkanetUnavailable("err.sotkanet-shape", detail="not a list")
        chosen = plan(listing, wanted, year_list, stored)
        result.plan = chosen
        for code in chosen.not_found:
            report.warn("sotkanet-not-found", indicator=code, title=catalogue.SOTKANET_SOURCES[code].titles[0])
        if chosen.unknown_ids:
            report.error("usage-error", "err.sotkanet-unknown-id", value=", ".join(map(str, chosen.unknown_ids)))
            return result
        if not chosen.ids:
            report.error("missing-cell", "err.sotkanet-nothing")
            return result
        counties, munis = _county_ids(engine)
        areas = area_map(region_listing, counties, munis)
        rows: list[dict[str, Any]] = []
        left_former = left_kind = 0
        n = len(chosen.ids)
        for i, (sid, _code) in enumerate(chosen.ids.items()):
            step(0.05 + 0.45 * i / n, f"{sid} {chosen.titles[sid][:60]} ({i + 1}/{n})")
            fetch_years = chosen.years[sid]
            if not fetch_years:
                continue
            params: list[tuple[str, Any]] = [("indicator", sid), *(("years", y) for y in fetch_years)]
            params.append(("genders", "total"))
            data = _get(opener, "json", params)
            if not isinstance(data, list):
                raise SotkanetUnavailable("err.sotkanet-shape", detail="data is not a list")
            for r in data:
                if not isinstance(r, dict):
                    raise SotkanetUnavailable("err.sotkanet-shape", detail="row is not an object")
                region = r.get("region")
                raw_id = region.get("id") if isinstance(region, dict) else region
                rid = int(str(raw_id)) if str(raw_id).isdigit() else -1
                if rid in areas.former:
                    left_former += 1
                    continue
                if rid not in areas.areas:
                    left_kind += 1
                    continue
                category, code = areas.areas[rid]
                rows.append(
                    {
                        "indicator": sid,
                        "indicator.title.fi": chosen.titles[sid],
                        "region.code": code,
                        "region.category": category,
                        "year": r.get("year"),
                        "gender": r.get("gender", "total"),
                        "value": r.get("value"),
                        "absValue": r.get("absValue", r.get("absolute.value")),
                    }
                )
    except SotkanetUnavailable as exc:
        report.error("network-error", exc.key, **exc.params)
        return result
    if left_former:
        result.left_out["former_municipalities"] = left_former
        report.warn("sotkanet-former", n=left_former)
    if left_kind:
        result.left_out["other_areas"] = left_kind
        kinds = ", ".join(sorted(k for k in areas.other_kinds))
        report.warn("sotkanet-other-areas", n=left_kind, kinds=kinds or "-")
    if chosen.found_by_title:
        found = ", ".join(f"{c} = {i}" for c, i in chosen.found_by_title.items())
        report.note("note.sotkanet-found-by-title", found=found)
    if not rows:
        report.error("missing-cell", "err.sotkanet-no-rows")
        return result
    first, last = year_list[0], year_list[-1]
    name = f"sotkanet-{first}-{last}.json" if first != last else f"sotkanet-{first}.json"
    payload = json.dumps(rows, ensure_ascii=False).encode("utf-8")
    provenance = {
        "url": BASE_URL,
        "indicators": sorted(chosen.ids),
        "years": [first, last],
        "licence": "THL Sotkanet, CC BY 4.0",
    }
    extra_ids = {sid: code for sid, code in chosen.ids.items() if code is not None}
    ingested = ingest_bytes(
        engine,
        payload,
        name,
        user=user,
        replace=replace,
        dry_run=dry_run,
        progress=lambda f, s: step(0.5 + 0.5 * f, s),
        provenance=provenance,
        sotkanet_ids=extra_ids,
    )
    result.ingest = ingested
    result.ok = ingested.ok and report.ok
    if result.ok and not dry_run:
        keep_ids(engine, chosen.found_by_title)
    return result
