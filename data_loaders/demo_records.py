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


# Made-up school absences for Pohjanmaa and Päijät-Häme, with a few schools in Vaasa and Lahti (invented
# names), and a made-up ladder for Pohjanmaa in Finnish, Swedish and English (the demo's, not the county's).
ABSENCE_COUNTIES = ("17", "09")
ABSENCE_TERMS = ((2022, "autumn"), (2023, "spring"), (2023, "autumn"), (2024, "spring"), (2024, "autumn"),
                 (2025, "spring"))  # fmt: skip
DEMO_SCHOOLS = {
    "905": ("Keskuskoulu – Centrumskolan", "Länsirannan koulu", "Vikinga skola", "Huutoniemen koulu"),
    "398": ("Kivimaan koulu", "Jalkarannan koulu", "Kärpäsen koulu"),
}
DEMO_LADDER = (
    (30, "Luokanvalvoja ottaa yhteyttä huoltajaan", "Klassföreståndaren kontaktar vårdnadshavaren",
     "The class teacher contacts the guardian"),
    (50, "Opiskeluhuollon asiantuntijaryhmä (kuraattori, terveydenhoitaja)",
     "Expertgruppen för elevhälsa (kurator, hälsovårdare)",
     "The student welfare expert group (school social worker, nurse)"),
    (80, "Monialainen palaveri: perhekeskus ja sosiaalityö mukaan",
     "Mångprofessionellt möte: familjecentret och socialarbetet med",
     "A multi-professional meeting with the family centre and social work"),
    (120, "Arvioidaan lastensuojelun tarve", "Behovet av barnskydd bedöms", "The need for child welfare is assessed"),
)  # fmt: skip


def ladder_rows() -> list[dict[str, Any]]:
    return [
        {"county": "17", "threshold": h, "step_fi": fi, "step_sv": sv, "step_en": en, "set_by": "demo"}
        for h, fi, sv, en in DEMO_LADDER
    ]


def absence_rows(municipalities: dict[str, str], population: dict[str, int], seed: int = 2025) -> list[dict[str, Any]]:
    """Pupils and pupils over 30, 50, 80 and 120 hours per term: shares rising to spring 2024, then easing."""
    rng = np.random.default_rng(seed + 23)
    codes = sorted(code for code, county in municipalities.items() if county in ABSENCE_COUNTIES)
    shares = (0.12, 0.05, 0.02, 0.008)
    rows: list[dict[str, Any]] = []
    for k, (year, term) in enumerate(ABSENCE_TERMS):
        trend = 1.0 + 0.08 * min(k, 3) - 0.06 * max(0, k - 3) + (0.05 if term == "spring" else 0.0)
        for code in codes:
            pupils_all = max(8, int(population.get(code, 1000) * 0.105))
            schools = DEMO_SCHOOLS.get(code)
            parts = (
                [(s, w) for s, w in zip(schools, rng.dirichlet(np.full(len(schools), 6.0)), strict=True)]
                if schools
                else [("", 1.0)]
            )
            for school, weight in parts:
                pupils = max(5, int(rng.poisson(pupils_all * weight)))
                previous = pupils
                for hours, share in zip((30, 50, 80, 120), shares, strict=True):
                    over = min(previous, int(rng.binomial(pupils, min(0.9, share * trend * rng.uniform(0.7, 1.3)))))
                    rows.append({"municipality": code, "school": school, "year": year, "term": term,
                                 "threshold": hours, "pupils": pupils, "over": over})  # fmt: skip
                    previous = over
    return rows
