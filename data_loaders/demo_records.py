"""Demo family centres, their monthly activity and parent-survey answers: made up, labelled as demo like
the rest of the demo data, and shaped like what the regions collect.

- Pohjois-Karjala (14): four regional family centres opened 2019-2021, with monthly visits and contacts
  by channel that grow after opening, and days from first contact to first service that shorten.
- Keski-Suomi (15): two survey rounds (2023, 2025) of the parent survey the region ran in Keuruu,
  Petäjävesi and Multia, extended to every municipality of the county; answers improve slightly from
  round to round and the smallest municipalities have too few respondents to be shown.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from metrics.survey import CHOICES, QUESTIONS

CENTRES = (
    ("joensuun-seutu", "Joensuun seudun perhekeskus", "14", ("167", "276", "426", "607", "146"),
     dt.date(2019, 9, 2), ("child_health_clinic", "family_counselling", "family_work", "home_help",
                           "meeting_place", "social_work"), "MLL Pohjois-Karjala, Pohjois-Karjalan Martat"),
    ("keski-karjala", "Keski-Karjalan perhekeskus", "14", ("260", "707", "848"), dt.date(2020, 1, 15),
     ("child_health_clinic", "family_work", "home_help", "meeting_place"), "MLL Kitee"),
    ("pielisen-karjala", "Pielisen Karjalan perhekeskus", "14", ("422", "541", "176"), dt.date(2020, 6, 1),
     ("child_health_clinic", "family_counselling", "family_work", "ecec"), "Lieksan seurakunta"),
    ("outokumpu-heinavesi", "Outokummun ja Heinäveden perhekeskus", "14", ("309", "090"), dt.date(2021, 3, 1),
     ("child_health_clinic", "family_work", "meeting_place"), "Outokummun Setlementti"),
)  # fmt: skip
ACTIVITY_YEARS = range(2019, 2026)
SURVEY_COUNTY = "15"
SURVEY_ROUNDS = (2023, 2025)
# the region's pilots answered most; the others a little
SURVEY_RESPONDENTS = {"249": 64, "592": 31, "495": 17}


def centre_rows() -> list[dict[str, Any]]:
    return [
        {
            "centre": ident,
            "name": name,
            "county": county,
            "municipalities": ",".join(munis),
            "opened": opened,
            "services": ",".join(services),
            "partners": partners,
        }
        for ident, name, county, munis, opened, services, partners in CENTRES
    ]


def activity_rows(seed: int = 2025, last: tuple[int, int] = (2025, 10)) -> list[dict[str, Any]]:
    """Monthly visits, contacts by channel, new clients and the median days to first service."""
    rng = np.random.default_rng(seed + 7)
    rows: list[dict[str, Any]] = []
    for ident, _name, county, munis, opened, _services, _partners in CENTRES:
        size = 120 + 40 * len(munis)
        for year in ACTIVITY_YEARS:
            for month in range(1, 13):
                if (year, month) > last or (year, month) < (opened.year, opened.month):
                    continue
                months_open = (year - opened.year) * 12 + month - opened.month
                ramp = min(1.0, 0.35 + months_open / 24)
                season = 0.6 if month == 7 else 1.0  # July is quiet
                visits = int(rng.poisson(size * ramp * season))
                phone = int(rng.poisson(visits * 0.30))
                in_person = int(rng.poisson(visits * 0.20))
                online = int(rng.poisson(visits * (0.03 + 0.004 * months_open)))
                new_clients = int(rng.poisson(size * 0.08 * ramp * season))
                days = max(1.0, round(21 - 0.2 * months_open + float(rng.normal(0, 2)), 0))
                for measure, channel, value in (
                    ("visits", "total", visits),
                    ("contacts", "phone", phone),
                    ("contacts", "in_person", in_person),
                    ("contacts", "online", online),
                    ("contacts", "total", phone + in_person + online),
                    ("new_clients", "total", new_clients),
                    ("days_to_service", "total", days),
                ):
                    rows.append(
                        {
                            "centre": ident,
                            "county": county,
                            "year": year,
                            "month": month,
                            "measure": measure,
                            "channel": channel,
                            "value": float(value),
                        }
                    )
    return rows


def survey_rows(municipalities: dict[str, str], population: dict[str, int], seed: int = 2025) -> list[dict[str, Any]]:
    """Answers of the demo county's municipalities in two rounds (municipalities: code -> county)."""
    rng = np.random.default_rng(seed + 11)
    codes = sorted(code for code, county in municipalities.items() if county == SURVEY_COUNTY)
    likert = [q for q, kind in QUESTIONS.items() if kind == "likert"]
    rows: list[dict[str, Any]] = []
    for k, round_ in enumerate(SURVEY_ROUNDS):
        for code in codes:
            base = SURVEY_RESPONDENTS.get(code, max(3, int(population.get(code, 1000) ** 0.5 / 6)))
            respondents = int(rng.poisson(base))
            for _ in range(respondents):
                age = str(rng.choice(["0-2", "3-6", "7-12", "13-17"]))
                mood = rng.normal(0.25 * k, 1.0)  # a parent's overall experience, better in the later round
                for i, question in enumerate(likert):
                    if rng.random() < 0.04:  # "en osaa sanoa": no answer
                        continue
                    score = 3.4 + mood + (0.3 if i == 4 else -0.2 if i == 2 else 0.0) + rng.normal(0, 0.8)
                    rows.append(
                        {
                            "round": round_,
                            "municipality": code,
                            "age_group": age,
                            "question": question,
                            "answer": int(min(5, max(1, round(score)))),
                            "choice": None,
                        }
                    )
                weights = np.array([0.35, 0.45 - 0.05 * k, 0.12 + 0.05 * k, 0.08])
                rows.append(
                    {
                        "round": round_,
                        "municipality": code,
                        "age_group": age,
                        "question": "first_contact",
                        "answer": None,
                        "choice": str(rng.choice(list(CHOICES), p=weights / weights.sum())),
                    }
                )
    return rows
