"""School absences for every area (308 municipalities, 23 counties, 19 regions, the country) through views/,
the outsider who collects every share and pupil count the absence pages show and tries to work a hidden
municipality's or school's small group out of its parent (and the same attack succeeding when differencing
is not closed), and the county's ladder: edited by its uploader or an admin only, with its history."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import Engine

import views.absences as absence_views
from data_loaders.demo_records import ABSENCE_COUNTIES, ABSENCE_TERMS, DEMO_LADDER
from metrics.absences import _safe
from tests.views.outsider import parse_number
from tests.views.test_every_area import areas, check_chart, check_table
from views.absences import LadderError, absences, ladder, min_n, save_ladder
from views.access import Forbidden, Identity
from views.cache import clear_all
from views.context import Context, open_context
from views.gate import all_regions


def test_every_area(ctx: Context) -> None:
    regs = all_regions(ctx)
    county_of = dict(zip(regs["code"], regs["county_code"], strict=True))
    with_data = 0
    for level, code in areas(ctx):
        view = absences(ctx, level, code)
        where = f"{level} {code}"
        if level == "region":
            assert view.message == ctx.t("absences.choose_county"), where
            continue
        mine = level == "country" or (code if level == "county" else county_of.get(code)) in ABSENCE_COUNTIES
        if not mine:
            assert view.message == ctx.t("absences.no_data") and view.trend is None, where
            assert view.ladder is not None and view.example_ladder, where  # the example ladder, said so
            continue
        with_data += 1
        assert view.message is None and len(view.terms) == len(ABSENCE_TERMS), where
        assert view.term == (2025, "spring"), where
        assert view.sources == ctx.t("common.source", sources=ctx.t("source.demo")), where
        assert view.trend is not None and view.ladder is not None
        check_chart(view.trend, 1, where)
        check_table(view.ladder, where)
        if view.areas is not None:
            check_table(view.areas, where)
    assert with_data == 1 + 2 + 14 + 10  # the country, Pohjanmaa and Päijät-Häme, their 14 and 10 municipalities


def test_pohjanmaa_sees_its_own_ladder_in_swedish(ctx: Context) -> None:
    sv = open_context("sv", ctx.url)
    steps, example = ladder(sv, "17")
    assert not example
    assert [(s.hours, s.text) for s in steps] == [(h, text) for h, _fi, text, _en in DEMO_LADDER]
    view = absences(sv, "county", "17")
    assert view.ladder is not None
    assert list(view.ladder.frame.columns) == ["Gräns", "Vem agerar", "Över gränsen, %", "Elever"]
    assert view.ladder.frame["Gräns"].tolist() == ["över 30 h", "över 50 h", "över 80 h", "över 120 h"]


Parents = list[tuple[str, str]]


def _parents(ctx: Context, counties: tuple[str, ...]) -> Parents:
    regs = all_regions(ctx)
    munis = regs[(regs["level"] == "municipality") & regs["county_code"].isin(counties)]
    return [("country", "SSS"), *[("county", c) for c in counties], *[("municipality", str(m)) for m in munis["code"]]]


def _published(
    ctx: Context, parents: Parents, terms: tuple[tuple[int, str], ...]
) -> dict[tuple[str, int, str], dict[str, tuple[int, dict[int, float | None]]]]:
    """What an outsider collects from every absence page: per parent area and term, each child's pupils and
    shares over each limit (None where withheld), and the parent's own ('' as the child key)."""
    out: dict[tuple[str, int, str], dict[str, tuple[int, dict[int, float | None]]]] = {}
    for level, code in parents:
        for term in terms:
            view = absences(ctx, level, code, term)
            if view.ladder is None or view.areas is None or view.term != term:
                continue
            limits = [int(str(x).split()[1]) for x in view.ladder.frame[ctx.t("absences.col.limit")]]
            own = view.ladder.frame
            pupils = int(parse_number(own[ctx.t("absences.col.pupils")].iloc[0]) or 0)
            shares = dict(zip(limits, [parse_number(v) for v in own[ctx.t("absences.col.share")]], strict=True))
            kids: dict[str, tuple[int, dict[int, float | None]]] = {"": (pupils, shares)}
            for _, row in view.areas.frame.iterrows():
                n = int(parse_number(row[ctx.t("absences.col.pupils")]) or 0)
                kid = {h: parse_number(row[ctx.t("absences.over_hours", hours=h)]) for h in limits}
                kids[str(row[ctx.t("col.area")])] = (n, kid)
            out[(f"{level}:{code}", *term)] = kids
    return out


def _bounds(share: float, n: int) -> tuple[int, int]:
    """The whole counts a share rounded to 0.1 % of n pupils can stand for."""
    low, high = (share - 0.05) * n / 100, (share + 0.05) * n / 100
    return max(0, math.ceil(low - 1e-9)), min(n, math.floor(high + 1e-9))


def _attack(ctx: Context, parents: Parents, terms: tuple[tuple[int, str], ...]) -> list[tuple[str, int, str, int, str]]:
    """Parent minus shown children, with the rounding of every share taken as an interval: where all the
    counts the hidden children can have together over a limit (or under it) lie in 1..threshold-1, the
    outsider has learnt that a small group exists. Returns (parent, year, term, limit, which) per success."""
    found = []
    for (parent, year, term), kids in _published(ctx, parents, terms).items():
        n_parent, own = kids[""]
        children = [v for k, v in kids.items() if k]
        hidden = [v for v in children if all(s is None for s in v[1].values())]
        shown = [v for v in children if v not in hidden]
        if not hidden or any(s is None for s in own.values()):
            continue
        m = sum(v[0] for v in hidden)
        for limit, share in own.items():
            if share is None or any(v[1][limit] is None for v in shown):
                continue
            p_low, p_high = _bounds(share, n_parent)
            lows, highs = (
                zip(*[_bounds(v[1][limit] or 0.0, v[0]) for v in shown], strict=True) if shown else ((0,), (0,))
            )
            low, high = max(0, p_low - sum(highs)), min(m, p_high - sum(lows))
            for which, (a, b) in (("over", (low, high)), ("under", (m - high, m - low))):
                if low <= high and a >= 1 and b <= ctx.threshold - 1:
                    found.append((parent, year, term, limit, which))
    return found


def test_the_outsider_learns_no_small_group(ctx: Context) -> None:
    parents = _parents(ctx, ABSENCE_COUNTIES)
    published = _published(ctx, parents, ABSENCE_TERMS)
    hidden = sum(
        1 for kids in published.values() for k, v in kids.items() if k and all(s is None for s in v[1].values())
    )
    assert hidden > 0  # small municipalities and schools are withheld
    assert _attack(ctx, parents, ABSENCE_TERMS) == []


# Vaasa's two schools: B has 3 pupils over 80 hours (a small group), A and Vaasa itself are safe
SCHOOLS = (
    "Kunta;Koulu;Lukukausi;Oppilaat;Yli 30 h;Yli 50 h;Yli 80 h\n"
    "Vaasa;A;syksy 2024;300;40;20;10\n"
    "Vaasa;B;syksy 2024;200;30;12;3\n"
    "Mustasaari;;syksy 2024;900;100;40;15\n"
)


@pytest.fixture()
def schools(empty_engine: Engine) -> Context:
    from data_loaders.ingest import ingest_bytes

    assert ingest_bytes(empty_engine, SCHOOLS.encode(), "vaasa.csv").ok
    return open_context("fi", empty_engine.url.render_as_string(hide_password=False))


def test_the_outsider_learns_nothing_of_school_b(schools: Context) -> None:
    view = absences(schools, "municipality", "905")
    assert view.areas is not None and (view.areas.frame["yli 80 h"] == "..").all()  # A is hidden with B
    assert view.sources == "Lähde: hyvinvointialueen omat tiedot"  # real absence figures, not the demo's
    assert _attack(schools, [("municipality", "905"), ("county", "17")], ((2024, "autumn"),)) == []


def _primary_only(table: pd.DataFrame, min_n: int, threshold: int) -> pd.DataFrame:
    """Protection without closing differencing: what the outsider would get."""
    table = table.reset_index(drop=True).copy()
    table["shown"] = [_safe(list(b), int(n), min_n, threshold) for b, n in zip(table["bands"], table["n"], strict=True)]
    table["shares"] = [
        tuple(round(100.0 * o / n, 6) for o in overs) if ok else tuple(None for _ in overs)
        for overs, n, ok in zip(table["overs"], table["n"], table["shown"], strict=True)
    ]
    return table


@pytest.fixture()
def unprotected(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    clear_all()
    monkeypatch.setattr(absence_views, "protect", _primary_only)
    yield
    clear_all()


def test_control_the_same_attack_works_without_differencing_closed(schools: Context, unprotected: None) -> None:
    # without the differencing rule, Vaasa minus school A is school B: 3 pupils over 80 hours
    found = _attack(schools, [("municipality", "905"), ("county", "17")], ((2024, "autumn"),))
    assert ("municipality:905", 2024, "autumn", 80, "over") in found


PASSWORD = "poissaolo-portaikko-2026"


def test_the_ladder_is_edited_by_its_county_only(empty_engine: Engine) -> None:
    from store.users import add_user

    url = empty_engine.url.render_as_string(hide_password=False)
    add_user(empty_engine, "pohjanmaa", PASSWORD, "uploader", ["17"])
    add_user(empty_engine, "admin", PASSWORD, "admin", [])
    ctx = open_context("fi", url)
    them = Identity("pohjanmaa", "uploader", ("17",))
    steps: list[dict[str, object]] = [
        {"hours": 30, "step_fi": "Opettaja", "step_sv": "Läraren", "step_en": ""},
        {"hours": 60.0, "step_fi": "", "step_sv": "Elevhälsan", "step_en": ""},
        {"hours": None, "step_fi": "", "step_sv": "", "step_en": ""},  # the editor's empty line
    ]
    first = save_ladder(ctx, them, "17", steps)
    with pytest.raises(LadderError) as refused:
        save_ladder(ctx, them, "09", steps)  # Päijät-Häme is not theirs
    assert refused.value.key == "err.ladder-scope"
    with pytest.raises(Forbidden):
        save_ladder(ctx, None, "17", steps)
    with pytest.raises(LadderError) as twice:
        save_ladder(ctx, them, "17", [*steps, {"hours": 30, "step_fi": "x"}])
    assert twice.value.key == "err.ladder-hours"
    with pytest.raises(LadderError) as nobody:
        save_ladder(ctx, them, "17", [{"hours": 40, "step_fi": " ", "step_sv": "", "step_en": ""}])
    assert nobody.value.key == "err.ladder-step"
    second = save_ladder(ctx, Identity("admin", "admin"), "17", [{"hours": 25, "step_fi": "Opettaja soittaa"}])
    ctx = open_context("sv", url)
    steps_now, example = ladder(ctx, "17")
    assert not example and [(s.hours, s.text) for s in steps_now] == [(25, "Opettaja soittaa")]  # fi where no sv
    import sqlite3

    with sqlite3.connect(str(empty_engine.url.database)) as conn:
        archived = conn.execute("SELECT threshold, step_sv, upload_id, replaced_by FROM ladder_archive").fetchall()
        who = conn.execute("SELECT id, uploaded_by, format FROM uploads ORDER BY id").fetchall()
    assert sorted(archived) == [(30, "Läraren", first, second), (60, "Elevhälsan", first, second)]
    assert who == [(first, "pohjanmaa", "ladder"), (second, "admin", "ladder")]
    assert min_n() == 10
