"""Deterministic national demo data: every municipality, 2015-2025, every catalogue indicator.

Magnitudes are anchored on national facts for 2024 (about 1.0 million aged 0-17;
115 000 children with a child-welfare notification, 34 900 in open care, 11 300
placed, 4 900 placed urgently; over 30 000 families in family work). Each
municipality is sized by its real population; small municipalities give small
counts. Some counties (the LAPE pilots below) show a shift from corrective to
preventive work from 2018 on. County, region and country rows are sums of the
municipality rows (metrics.aggregate), never averages of rates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, delete, insert, select

from metrics.aggregate import aggregate_up
from store import catalogue, reference, state
from store.engine import create_upload, init_db, insert_observations
from store.schema import OBSERVATION_COLUMNS, client_episodes, observations, uploads

SEED = 20250101
LAPE_COUNTIES = ("09", "14", "15", "17")  # Päijät-Häme, Pohjois-Karjala, Keski-Suomi, Pohjanmaa
LAPE_START = 2018
DEMO_FORMAT = "demo"
SCALES: dict[str, dict[str, Any]] = {
    "national": {"years": range(2015, 2026), "sexes": True},
    "small": {"years": range(2021, 2026), "sexes": False},
}

# 2024 national level per child aged 0-17, and the 2015 -> 2024 trend (multiplier in 2015).
COUNT_TARGETS: dict[str, tuple[float, float, float | None]] = {
    # code: (per child in 2024, level in 2015 relative to 2024, male share or None for families)
    "cw_notified": (0.115, 0.72, 0.51),
    "cw_open_care": (0.0349, 1.08, 0.53),
    "cw_placed": (0.0113, 1.02, 0.51),
    "cw_urgent": (0.0049, 0.90, 0.50),
    "family_work": (0.032, 0.70, None),
    "home_help": (0.015, 0.75, None),
    "family_counselling": (0.060, 0.90, 0.60),
    "fc_visits": (0.90, 0.30, None),
}
CORRECTIVE = {"cw_notified", "cw_open_care", "cw_placed", "cw_urgent"}


def _trend(years: np.ndarray, start_level: float) -> np.ndarray:
    """Linear path from start_level in 2015 to 1.0 in 2024, continuing after."""
    return start_level + (1.0 - start_level) * (years - 2015) / 9.0


def _lape(years: np.ndarray, in_lape: np.ndarray, corrective: bool) -> np.ndarray:
    since = np.clip(years[None, :] - (LAPE_START - 1), 0, None)
    effect = 1.0 - 0.035 * since if corrective else 1.0 + 0.06 * since
    return np.where(in_lape[:, None], effect, 1.0)


def generate(scale: str = "national", seed: int = SEED) -> pd.DataFrame:
    """Return municipality + aggregate observations as a DataFrame (deterministic for a seed)."""
    cfg = SCALES[scale]
    rng = np.random.default_rng(seed)
    years = np.array(list(cfg["years"]))
    munis = pd.DataFrame([r for r in reference.region_rows() if r["level"] == "municipality"]).sort_values("code")
    codes = munis["code"].to_numpy()
    county = munis["county_code"].to_numpy()
    pop = munis["population"].to_numpy(dtype=float)
    counties = np.unique(county)
    cidx = np.searchsorted(counties, county)
    n = len(codes)
    in_lape = np.isin(county, LAPE_COUNTIES)

    # Children: a county-level share with municipal noise; growth centres grow, the rest shrink.
    share = 0.18 * np.exp(rng.normal(0, 0.06, len(counties)))[cidx] * np.exp(rng.normal(0, 0.08, n))
    logpop = np.log(pop)
    growth = -0.012 + 0.012 * (logpop - logpop.mean()) / logpop.std()
    kids = pop[:, None] * share[:, None] * (1 + growth[:, None]) ** (years[None, :] - 2022)
    idx_2024 = np.where(years == 2024)[0]
    ref_total = kids[:, idx_2024[0]].sum() if len(idx_2024) else kids.sum() / len(years)
    kids = np.round(kids * 1_000_000 / ref_total)
    kids_male = rng.binomial(kids.astype(np.int64), 0.512)
    kids_female = kids - kids_male

    frames: list[pd.DataFrame] = []

    def emit(code: str, sex: str, value: Any, num: Any = None, den: Any = None, mask: Any = None) -> None:
        value = np.asarray(value, dtype=float)
        df = pd.DataFrame(
            {
                "indicator_code": code,
                "region_code": np.repeat(codes, len(years)),
                "year": np.tile(years, n),
                "month": 0,
                "sex": sex,
                "value": value.ravel(),
                "numerator": np.nan if num is None else np.asarray(num, dtype=float).ravel(),
                "denominator": np.nan if den is None else np.asarray(den, dtype=float).ravel(),
            }
        )
        if mask is not None:
            df = df[np.tile(mask, n)]
        frames.append(df)

    emit("pop_total", "total", np.round(pop[:, None] * (1 + growth[:, None] * 0.5) ** (years[None, :] - 2022)))
    emit("pop_0_17", "total", kids)
    if cfg["sexes"]:
        emit("pop_0_17", "male", kids_male)
        emit("pop_0_17", "female", kids_female)

    counts: dict[str, np.ndarray] = {}
    for code, (per_child, start, male_share) in COUNT_TARGETS.items():
        county_f = np.exp(rng.normal(0, 0.18, len(counties)))[cidx]
        muni_f = np.exp(rng.normal(0, 0.22, n))
        lam = kids * per_child * _trend(years, start)[None, :] * (county_f * muni_f)[:, None]
        lam *= _lape(years, in_lape, code in CORRECTIVE)
        if code == "fc_visits":
            lam *= np.where(in_lape[:, None], 1.4, 1.0)
        if len(idx_2024):
            lam *= kids[:, idx_2024[0]].sum() * per_child / lam[:, idx_2024[0]].sum()
        total = rng.poisson(lam)
        counts[code] = total.astype(float)
        mask = years >= 2018 if code == "fc_visits" else None
        emit(code, "total", total, mask=mask)
        if male_share is not None and cfg["sexes"]:
            male = rng.binomial(total, male_share)
            emit(code, "male", male)
            emit(code, "female", total - male)

    def shares(
        code: str,
        p2024: float,
        start: float,
        den_per_child: float,
        mask: np.ndarray | None = None,
        sd: float = 0.2,
        lape_shift: float = 0.0,
        sex_odds: float | None = None,
    ) -> None:
        county_f = rng.normal(0, sd, len(counties))[cidx]
        muni_f = rng.normal(0, sd * 0.7, n)
        p = p2024 * _trend(years, start)[None, :]
        logit = np.log(p / (1 - p)) + (county_f + muni_f)[:, None]
        since = np.clip(years[None, :] - (LAPE_START - 1), 0, None)
        logit = logit + np.where(in_lape[:, None], lape_shift * since, 0.0)
        prob = 1 / (1 + np.exp(-logit))
        if sex_odds is not None and cfg["sexes"]:
            parts = []
            for sex, kid_part, odds in (("male", kids_male, 1 / sex_odds), ("female", kids_female, sex_odds)):
                ps = 1 / (1 + np.exp(-(logit + np.log(odds) / 2)))
                den = rng.binomial(np.round(kid_part * den_per_child).astype(np.int64), 0.85)
                num = rng.binomial(den, ps)
                parts.append((num, den))
                emit(code, sex, 100 * num / np.maximum(den, 1), num, den, mask)
            num = parts[0][0] + parts[1][0]
            den = parts[0][1] + parts[1][1]
        else:
            den = rng.binomial(np.round(kids * den_per_child).astype(np.int64), 0.85)
            num = rng.binomial(den, prob)
        emit(code, "total", 100 * num / np.maximum(den, 1), num, den, mask)

    survey_years = (years % 2) == 1
    shares("ecec_share", 0.78, 0.87, 6 / 18, sd=0.12)
    shares("social_assistance_families", 0.065, 1.25, 0.55, sd=0.3)
    shares("school_health_poor", 0.21, 0.85, 2 / 18, survey_years, sd=0.1, sex_odds=1.9)
    shares("school_bullied", 0.07, 1.05, 2 / 18, survey_years, sd=0.12, sex_odds=0.95)
    shares("parenting_lack", 0.10, 0.95, 2 / 18, survey_years, sd=0.12, lape_shift=-0.03, sex_odds=1.2)
    shares("parent_survey_timely_help", 0.60, 0.85, 0.02, years >= 2019, sd=0.15, lape_shift=0.06)
    shares("school_absence_over_limit", 0.055, 0.7, 0.5, years >= 2021, sd=0.2)

    # Waiting days: mean of first-contact waits, stored as total days / first contacts.
    wait_mask = years >= 2019
    contacts = rng.poisson(np.maximum(kids * 0.02, 1))
    mean_days = 24 * np.exp(rng.normal(0, 0.2, len(counties)))[cidx][:, None] * np.ones_like(kids)
    mean_days *= np.where(in_lape[:, None], 1 - 0.06 * np.clip(years[None, :] - 2018, 0, None), 1.0)
    total_days = np.round(contacts * mean_days * np.exp(rng.normal(0, 0.1, kids.shape)))
    emit("fc_wait_days", "total", total_days / np.maximum(contacts, 1), total_days, contacts, wait_mask)

    # Costs: unit costs with 2 % a year price growth and county-level differences.
    prices = 1.02 ** (years[None, :] - 2024)
    cost_f = np.exp(rng.normal(0, 0.1, len(counties)))[cidx][:, None]
    fc = np.where(years[None, :] >= 2018, counts["fc_visits"], 0.0)
    prev = counts["family_work"] * 4_000 + counts["home_help"] * 3_000 + counts["family_counselling"] * 800 + fc * 30
    # euros at 2024 prices, and the purchased part (ostopalvelut): most placements bought, little preventive work
    euros = {
        "cost_cw_placements": (counts["cw_placed"] * 85_000, 0.45, 0.8),
        "cost_cw_open_care": (counts["cw_open_care"] * 7_000, 0.05, 0.3),
        "cost_preventive": (prev, 0.02, 0.15),
    }
    totals = {code: np.round(base * prices * cost_f) for code, (base, _low, _high) in euros.items()}
    for code, total in totals.items():
        emit(code, "total", total)
    for code, (_base, low, high) in euros.items():
        part = rng.uniform(low, high, len(counties))[cidx][:, None]
        purchased = np.round(totals[code] * part)
        emit(f"{code}_purchased", "total", purchased)
        emit(f"{code}_own", "total", totals[code] - purchased)

    mun_obs = pd.concat(frames, ignore_index=True)
    mun_obs.insert(1, "region_level", "municipality")
    meta = pd.DataFrame(catalogue.indicator_rows())[["code", "unit", "per"]]
    aggregates = aggregate_up(mun_obs, munis[["code", "county_code", "region_code"]], meta)
    index = pd.DataFrame(
        {
            "indicator_code": "price_index_public",
            "region_level": "country",
            "region_code": "SSS",
            "year": years,
            "month": 0,
            "sex": "total",
            "value": np.round(100 * 1.02 ** (years - 2015), 1),
            "numerator": np.nan,
            "denominator": np.nan,
        }
    )
    result = pd.concat([mun_obs, aggregates, index], ignore_index=True)
    result["flag"] = None
    result["year"] = result["year"].astype(int)
    result["month"] = result["month"].astype(int)
    return result


def seed_demo(
    engine: Engine,
    scale: str = "national",
    seed: int = SEED,
    progress: Callable[[float, str], None] | None = None,
) -> int:
    """Replace the demo upload with freshly generated demo data. Returns the upload id.

    Refuses (ValueError) when the store holds data from real uploads, so demo rows
    never mix with a region's own numbers.
    """
    init_db(engine)
    if progress:
        progress(0.05, "generate")
    df = generate(scale, seed)
    digest = hashlib.sha256(f"demo:{scale}:{seed}".encode()).hexdigest()
    with engine.connect().execution_options(immediate=True) as conn, conn.begin():
        # uploads that were rolled back hold nothing: only live real data keeps the demo out
        real = conn.execute(
            select(uploads.c.id).where(uploads.c.format != DEMO_FORMAT, uploads.c.status == "accepted").limit(1)
        ).first()
        if real is not None:
            raise ValueError("store has uploaded data; seed-demo only runs on an empty or demo-only database")
        old = list(conn.execute(select(uploads.c.id).where(uploads.c.format == DEMO_FORMAT)).scalars())
        if old:
            conn.execute(delete(observations).where(observations.c.upload_id.in_(old)))
            from store.records import KINDS

            for kind in KINDS.values():
                conn.execute(delete(kind.table).where(kind.table.c.upload_id.in_(old)))
                conn.execute(delete(kind.archive).where(kind.archive.c.upload_id.in_(old)))
            conn.execute(delete(uploads).where(uploads.c.id.in_(old)))
        upload_id = create_upload(
            conn,
            filename=f"demo-{scale}",
            sha256=digest,
            fmt=DEMO_FORMAT,
            user="seed-demo",
            rows=len(df),
            status="demo",
            report={"scale": scale, "seed": seed},
        )
        if progress:
            progress(0.3, "write")
        df["upload_id"] = upload_id
        records = df[list(OBSERVATION_COLUMNS)].astype(object)
        records = records.where(records.notna(), None)
        insert_observations(conn, records.itertuples(index=False, name=None))
        if scale == "national":  # made-up client episodes for Pohjois-Karjala, from the same demo counts
            from data_loaders.demo_episodes import generate_episodes
            from store.reference import region_rows

            counties = {r["code"]: r["county_code"] for r in region_rows() if r["level"] == "municipality"}
            episodes = generate_episodes(df, counties, seed)
            for start in range(0, len(episodes), 2000):
                part = episodes[start : start + 2000]
                conn.execute(insert(client_episodes), [{**e, "upload_id": upload_id} for e in part])
            # made-up family centres (Pohjois-Karjala) and parent-survey answers (Keski-Suomi)
            from data_loaders.demo_records import absence_rows, activity_rows, centre_rows, ladder_rows, survey_rows
            from store.schema import absence_counts, absence_ladder, centre_activity, family_centres, survey_responses

            population = {r["code"]: int(r["population"] or 0) for r in region_rows() if r["level"] == "municipality"}
            for table, made in (
                (family_centres, centre_rows()),
                (centre_activity, activity_rows(seed)),
                (survey_responses, survey_rows(counties, population, seed)),
                (absence_counts, absence_rows(counties, population, seed)),
                (absence_ladder, ladder_rows()),
            ):
                for start in range(0, len(made), 2000):
                    conn.execute(insert(table), [{**r, "upload_id": upload_id} for r in made[start : start + 2000]])
        state.bump(conn)
    if progress:
        progress(1.0, "done")
    return upload_id
