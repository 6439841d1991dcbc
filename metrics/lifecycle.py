"""Client lifecycle (asiakkuuksien elinkaarianalyysi): pure functions on a frame of client episodes.

An episode frame has one row per episode: client, family (pseudonyms, already hashed), service (a
code of SERVICES), start, end (dates; end NaT = ongoing), municipality, birth_year. Durations are in
days; an ongoing episode is censored at the censoring date (the data's extraction date).

Small groups are not suppressed here: views/ does that on the way out, like every other number.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

# service code -> group: corrective = child-welfare; preventive = low-threshold family services;
# specialised = other specialised services for children and parents
SERVICES: dict[str, str] = {
    "cw_open_care": "corrective",
    "cw_placement": "corrective",
    "family_work": "preventive",
    "home_help": "preventive",
    "family_counselling": "preventive",
    "child_psychiatry": "specialised",
    "parent_mental_health": "specialised",
    "parent_substance": "specialised",
    "other": "other",
}
PLACEMENT = "cw_placement"
EPISODE_COLUMNS = ("client", "family", "service", "start", "end", "municipality", "birth_year")


@dataclass(frozen=True)
class Survival:
    """Kaplan-Meier estimate of episode duration: the curve and its quartiles (None: not reached)."""

    curve: pd.DataFrame  # days, at_risk, events, censored, survival (a step function, first row day 0)
    n: int
    events: int
    q25: float | None  # days by which a quarter of episodes had ended
    median: float | None
    q75: float | None


def durations(episodes: pd.DataFrame, censor: dt.date) -> pd.DataFrame:
    """days (end or censoring date minus start) and ended (True: the episode ended by `censor`)."""
    start = pd.to_datetime(episodes["start"])
    end = pd.to_datetime(episodes["end"])
    limit = pd.Timestamp(censor)
    ended = end.notna() & (end <= limit)
    stop = end.where(ended, limit)
    days = (stop - start).dt.days.astype(float)
    return pd.DataFrame({"days": days.to_numpy(), "ended": ended.to_numpy()}, index=episodes.index)


def kaplan_meier(days: pd.Series, ended: pd.Series) -> Survival:
    """The product-limit estimate S(t) = prod over event times t_i <= t of (1 - d_i / n_i), where n_i
    episodes lasted at least t_i and d_i of them ended at t_i; censored episodes leave the risk set after
    their time. A quantile q is the first time S(t) <= 1 - q."""
    frame = pd.DataFrame({"days": days.astype(float).to_numpy(), "ended": ended.astype(bool).to_numpy()})
    frame = frame[frame["days"] >= 0]
    n = len(frame)
    by_time = frame.groupby("days", sort=True)["ended"].agg(["sum", "size"])
    events = by_time["sum"].astype(int).to_numpy()
    total = by_time["size"].astype(int).to_numpy()
    at_risk = n - (np.cumsum(total) - total)  # still running at the start of each time
    factor = np.where(events > 0, 1.0 - events / np.maximum(at_risk, 1), 1.0)
    survival = np.cumprod(factor)
    curve = pd.concat(
        [
            pd.DataFrame({"days": [0.0], "at_risk": [n], "events": [0], "censored": [0], "survival": [1.0]}),
            pd.DataFrame(
                {
                    "days": by_time.index.to_numpy(dtype=float),
                    "at_risk": at_risk,
                    "events": events,
                    "censored": total - events,
                    "survival": survival,
                }
            ),
        ],
        ignore_index=True,
    )

    def quantile(level: float) -> float | None:
        hit = curve[(curve["events"] > 0) & (curve["survival"] <= level + 1e-12)]
        return float(hit["days"].iloc[0]) if len(hit) else None

    return Survival(curve, n, int(frame["ended"].sum()), quantile(0.75), quantile(0.5), quantile(0.25))


def survival_by_service(episodes: pd.DataFrame, censor: dt.date) -> dict[str, Survival]:
    """Kaplan-Meier per service."""
    spans = durations(episodes, censor)
    return {
        str(service): kaplan_meier(spans.loc[part.index, "days"], spans.loc[part.index, "ended"])
        for service, part in episodes.groupby("service", sort=True)
    }


def clients_by_year(episodes: pd.DataFrame, last_year: int, by: Sequence[str] = ()) -> pd.DataFrame:
    """Distinct clients per service and year (and per each column of `by`, e.g. an area code): active (an
    episode running some time in the year; ongoing ones until `last_year`) and new (the client's first
    episode of that service, within the group, starts in the year). Columns: measure, service, year, *by,
    value; only non-zero counts."""
    keys = ["service", *by]
    start = pd.to_datetime(episodes["start"])
    first = start.dt.year
    last = pd.to_datetime(episodes["end"]).dt.year.fillna(last_year).astype(int)
    years = pd.Series([list(range(a, b + 1)) for a, b in zip(first, last, strict=True)], index=episodes.index)
    spans = episodes[["client", *keys]].assign(year=years)
    active = spans.explode("year").drop_duplicates(["client", *keys, "year"])
    firsts = episodes[["client", *keys]].assign(start=start).groupby(["client", *keys], as_index=False)["start"].min()
    new = firsts.assign(year=firsts["start"].dt.year)
    parts = []
    for measure, rows in (("active", active), ("new", new)):
        counted = rows.groupby([*keys, "year"]).size().reset_index(name="value")
        parts.append(counted.assign(measure=measure))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    out["year"] = out["year"].astype(int)
    return out[["measure", "service", "year", *by, "value"]]


def active_and_new(episodes: pd.DataFrame) -> pd.DataFrame:
    """Per service and year: active clients (an episode overlapping the year) and new clients (their
    first episode of that service starts in the year). Columns: service, year, active, new."""
    if episodes.empty:
        return pd.DataFrame(columns=["service", "year", "active", "new"])
    start = pd.to_datetime(episodes["start"])
    end = pd.to_datetime(episodes["end"])
    last_year = int(max(start.max().year, end.max().year if end.notna().any() else start.max().year))
    counted = clients_by_year(episodes, last_year)
    table = counted.pivot_table(index=["service", "year"], columns="measure", values="value", fill_value=0)
    grid = pd.MultiIndex.from_product(
        [sorted(set(episodes["service"])), range(int(start.min().year), last_year + 1)], names=["service", "year"]
    )
    table = table.reindex(grid, fill_value=0).reindex(columns=["active", "new"], fill_value=0)
    return table.astype(int).reset_index().rename_axis(columns=None)


def simultaneous_sets(episodes: pd.DataFrame) -> dict[str, set[frozenset[str]]]:
    """For each family, the sets of two or more services it used at the same time: at the start of each
    of its episodes, the services whose episodes were then running (ongoing ones included). Only the
    largest sets count: a family that used A+B+C at once is not counted again for A+B."""
    frame = pd.DataFrame(
        {
            "family": episodes["family"].astype(str).to_numpy(),
            "service": episodes["service"].astype(str).to_numpy(),
            "start": pd.to_datetime(episodes["start"]).to_numpy(),
            "end": pd.to_datetime(episodes["end"]).to_numpy(),
        }
    )
    several = frame.groupby("family")["service"].transform("nunique") >= 2
    frame = frame[several].reset_index(drop=True)
    if frame.empty:
        return {}
    frame["moment"] = frame.index
    pairs = frame.merge(frame, on="family", suffixes=("", "_b"))
    running = (pairs["start_b"] <= pairs["start"]) & (pairs["end_b"].isna() | (pairs["end_b"] >= pairs["start"]))
    pairs = pairs[running]
    sets = pairs.groupby(["family", "moment"])["service_b"].agg(frozenset)
    out: dict[str, set[frozenset[str]]] = {}
    for key, services in sets.items():
        if len(services) >= 2:
            out.setdefault(str(key[0]), set()).add(services)  # type: ignore[index]
    return {f: {s for s in found if not any(s < other for other in found)} for f, found in out.items()}


def combinations_count(episodes: pd.DataFrame) -> pd.DataFrame:
    """Service combinations used at the same time, most common first: services (a sorted tuple), families
    (each family counted once per combination), size. Also the pairs inside bigger sets are NOT counted:
    a family's combination is the largest set it used at once."""
    counter: Counter[tuple[str, ...]] = Counter()
    for sets in simultaneous_sets(episodes).values():
        for services in sets:
            counter[tuple(sorted(services))] += 1
    rows = [{"services": key, "families": n, "size": len(key)} for key, n in counter.items()]
    frame = pd.DataFrame(rows, columns=["services", "families", "size"])
    return frame.sort_values(["families", "size", "services"], ascending=[False, False, True]).reset_index(drop=True)


def pair_counts(episodes: pd.DataFrame) -> pd.DataFrame:
    """Every pair of services a family used at the same time (inside any set): service_a, service_b, families."""
    counter: Counter[tuple[str, str]] = Counter()
    for sets in simultaneous_sets(episodes).values():
        pairs = {pair for s in sets for pair in combinations(sorted(s), 2)}
        counter.update(pairs)
    rows = [{"service_a": a, "service_b": b, "families": n} for (a, b), n in counter.items()]
    return pd.DataFrame(rows, columns=["service_a", "service_b", "families"])


def first_service_before_placement(episodes: pd.DataFrame) -> pd.DataFrame:
    """Families who reached a placement: the service of their first episode (the placement itself when it
    came first). Columns: service, families."""
    frame = pd.DataFrame(
        {
            "family": episodes["family"].astype(str).to_numpy(),
            "service": episodes["service"].astype(str).to_numpy(),
            "start": pd.to_datetime(episodes["start"]).to_numpy(),
        }
    )
    placed = frame[frame["service"] == PLACEMENT].groupby("family")["start"].min().rename("placed")
    if placed.empty:
        return pd.DataFrame(columns=["service", "families"])
    before = frame.merge(placed, left_on="family", right_index=True)
    before = before[(before["start"] < before["placed"]) & (before["service"] != PLACEMENT)]
    first = before.sort_values(["family", "start", "service"]).groupby("family")["service"].first()
    services = first.reindex(placed.index).fillna(PLACEMENT)
    counts = Counter(services.tolist())
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pd.DataFrame(rows, columns=["service", "families"])


def days_preventive_to_child_welfare(episodes: pd.DataFrame) -> pd.Series:
    """For families whose first preventive episode came before their first child-welfare episode: the days
    between the two starts (one value a family)."""
    frame = episodes.assign(_start=pd.to_datetime(episodes["start"]), _group=episodes["service"].map(SERVICES))
    first_prev = frame[frame["_group"] == "preventive"].groupby("family")["_start"].min()
    first_cw = frame[frame["_group"] == "corrective"].groupby("family")["_start"].min()
    both = pd.concat([first_prev.rename("prev"), first_cw.rename("cw")], axis=1).dropna()
    both = both[both["prev"] < both["cw"]]
    return (both["cw"] - both["prev"]).dt.days.astype(float)


def reentry(episodes: pd.DataFrame, censor: dt.date, within_days: int = 365) -> pd.DataFrame:
    """Per service: episodes that ended with at least `within_days` of follow-up before `censor`, and how many
    of them were followed by a new episode of the same client in the same service starting within
    `within_days` after the end. Columns: service, ended, reentered, share (%)."""
    frame = pd.DataFrame(
        {
            "client": episodes["client"].astype(str).to_numpy(),
            "service": episodes["service"].astype(str).to_numpy(),
            "start": pd.to_datetime(episodes["start"]).to_numpy(),
            "end": pd.to_datetime(episodes["end"]).to_numpy(),
        }
    )
    horizon = pd.Timestamp(censor) - pd.Timedelta(days=within_days)
    done = frame[frame["end"].notna() & (frame["end"] <= horizon)].reset_index(drop=True)
    done["episode"] = done.index
    # the same client's episodes of the same service that start after the end, within the window
    later = done[["episode", "client", "service", "end"]].merge(
        frame[["client", "service", "start"]], on=["client", "service"]
    )
    window = (later["start"] > later["end"]) & (later["start"] <= later["end"] + pd.Timedelta(days=within_days))
    back = set(later.loc[window, "episode"])
    done["back"] = done["episode"].isin(back)
    rows = []
    for service in sorted(set(frame["service"])):
        part = done[done["service"] == service]
        n, k = len(part), int(part["back"].sum())
        rows.append({"service": service, "ended": n, "reentered": k, "share": 100.0 * k / n if n else float("nan")})
    return pd.DataFrame(rows, columns=["service", "ended", "reentered", "share"])
