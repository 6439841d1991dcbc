"""Costs and resources of family services: own production and purchased services, per child aged 0-17 and
per client, the corrective share, at constant prices. Pure functions on gated rows: a hidden (NaN) input
makes every figure built on it NaN, never a 0.

obs columns: indicator_code, region_level, region_code, year, value (euros, counts, pop_0_17).
Real euros = nominal * index[price_year] / index[year].
"""

from __future__ import annotations

import pandas as pd

SERVICE_AREAS = ("cost_cw_placements", "cost_cw_open_care", "cost_preventive")
CORRECTIVE_AREAS = ("cost_cw_placements", "cost_cw_open_care")
# the clients a service area's euros are spent on
CLIENTS: dict[str, tuple[str, ...]] = {
    "cost_cw_placements": ("cw_placed",),
    "cost_cw_open_care": ("cw_open_care",),
    "cost_preventive": ("family_work", "home_help", "family_counselling"),
}
KEYS = ["region_level", "region_code", "year"]
INPUTS = (
    "pop_0_17",
    *SERVICE_AREAS,
    *(f"{a}_purchased" for a in SERVICE_AREAS),
    *(f"{a}_own" for a in SERVICE_AREAS),
    *sorted({c for codes in CLIENTS.values() for c in codes}),
)


def _wide(obs: pd.DataFrame) -> pd.DataFrame:
    sub = obs[obs["indicator_code"].isin(INPUTS)]
    wide = sub.groupby([*KEYS, "indicator_code"])["value"].sum(min_count=1).unstack("indicator_code")
    return wide.reindex(columns=list(INPUTS))


def _factor(years: pd.Series, price_index: pd.Series | None, price_year: int | None) -> pd.Series:
    if price_index is None or price_year is None or price_year not in price_index.index:
        return pd.Series(float("nan"), index=years.index)
    return price_index[price_year] / years.map(price_index)


def service_costs(
    obs: pd.DataFrame, price_index: pd.Series | None = None, price_year: int | None = None
) -> pd.DataFrame:
    """Per area, year and service area: total, own and purchased euros (nominal), the purchased share (%),
    the real factor, and real euros per child aged 0-17 and per client. The own part is the file's own
    figure, else total minus purchased. Columns: region_level, region_code, year, service_area, total, own,
    purchased, purchased_share, factor, per_child_nominal, per_child_real, per_client_real, clients."""
    wide = _wide(obs).reset_index()
    factor = _factor(wide["year"], price_index, price_year)
    frames = []
    for area in SERVICE_AREAS:
        total = wide[area]
        purchased = wide[f"{area}_purchased"]
        own = wide[f"{area}_own"].where(wide[f"{area}_own"].notna(), total - purchased)
        clients = wide[list(CLIENTS[area])].sum(axis=1, min_count=len(CLIENTS[area]))
        kids = wide["pop_0_17"].where(wide["pop_0_17"] > 0)
        frames.append(
            pd.DataFrame(
                {
                    **{k: wide[k] for k in KEYS},
                    "service_area": area,
                    "total": total,
                    "own": own,
                    "purchased": purchased,
                    "purchased_share": 100 * purchased / total.where(total > 0),
                    "factor": factor,
                    "per_child_nominal": total / kids,
                    "per_child_real": total * factor / kids,
                    "per_client_real": total * factor / clients.where(clients > 0),
                    "clients": clients,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def corrective_share(obs: pd.DataFrame) -> pd.DataFrame:
    """Per area and year: the corrective share (%) of family-service costs (placements and open care of
    placements + open care + preventive). Prices cancel out within a year, so the share is the same at
    any year's prices. Columns: region_level, region_code, year, corrective_share, total."""
    wide = _wide(obs).reset_index()
    corrective = wide[list(CORRECTIVE_AREAS)].sum(axis=1, min_count=len(CORRECTIVE_AREAS))
    total = wide[list(SERVICE_AREAS)].sum(axis=1, min_count=len(SERVICE_AREAS))
    return pd.DataFrame(
        {
            **{k: wide[k] for k in KEYS},
            "corrective_share": 100 * corrective / total.where(total > 0),
            "total": total,
        }
    )


def per_child_total(obs: pd.DataFrame, price_index: pd.Series | None, price_year: int | None) -> pd.DataFrame:
    """Per area and year: all family-service costs per child aged 0-17 at price_year's prices (NaN without
    an index for both years). Columns: region_level, region_code, year, per_child_real."""
    wide = _wide(obs).reset_index()
    total = wide[list(SERVICE_AREAS)].sum(axis=1, min_count=len(SERVICE_AREAS))
    kids = wide["pop_0_17"].where(wide["pop_0_17"] > 0)
    factor = _factor(wide["year"], price_index, price_year)
    return pd.DataFrame({**{k: wide[k] for k in KEYS}, "per_child_real": total * factor / kids})
