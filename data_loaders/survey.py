"""Parent survey responses (vanhempien kysely): one row per response or one row per respondent.

Long: municipality, round (year), child's age group, question, answer. Wide (how survey tools such as
Webropol export): one row a respondent, one column a catalogue question (its code or its text in fi, sv or
en). Answers are Likert 1-5 (numbers or the scale's words; "don't know" is no answer) or, for a choice
question, one of its choices. Columns that are neither (open answers, names, e-mail addresses) are
dropped with a warning and never stored; no respondent id is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from data_loaders.parse import clean_text
from data_loaders.readers import Sheet
from data_loaders.records import (
    LoadContext,
    RecordReader,
    area_code,
    blank,
    cell_of,
    column_name,
    extra_columns,
    header_key,
    header_rows,
)
from data_loaders.report import Report
from i18n import LANGUAGES, t
from metrics.survey import CHOICES, QUESTIONS

ROLES: dict[str, tuple[str, ...]] = {
    "municipality": ("kunta", "kotikunta", "kuntanumero", "kommun", "hemkommun", "municipality"),
    "round": ("kierros", "kyselykierros", "vuosi", "omgång", "år", "round", "year"),
    "age_group": (
        "ikäryhmä",
        "lapsen ikä",
        "lapsen ikäryhmä",
        "åldersgrupp",
        "barnets ålder",
        "age group",
        "child's age",
        "child age",
    ),
    "question": ("kysymys", "väittämä", "fråga", "påstående", "question", "item"),
    "answer": ("vastaus", "svar", "answer", "response"),
}
LIKERT_WORDS = {
    "täysin samaa mieltä": 5, "jokseenkin samaa mieltä": 4, "en samaa enkä eri mieltä": 3,
    "jokseenkin eri mieltä": 2, "täysin eri mieltä": 1,
    "helt av samma åsikt": 5, "delvis av samma åsikt": 4, "varken av samma eller annan åsikt": 3,
    "delvis av annan åsikt": 2, "helt av annan åsikt": 1,
    "strongly agree": 5, "agree": 4, "neither agree nor disagree": 3, "disagree": 2, "strongly disagree": 1,
}  # fmt: skip
NO_ANSWER = ("", "eos", "en osaa sanoa", "kan inte säga", "vet inte", "don't know", "dont know", "-", "..")
CHOICE_WORDS = {
    "käynti": "in_person", "paikan päällä": "in_person", "besök": "in_person", "in person": "in_person",
    "puhelin": "phone", "telefon": "phone", "phone": "phone",
    "chat": "online", "verkossa": "online", "sähköinen asiointi": "online", "nätet": "online", "online": "online",
    "muu": "other", "annat": "other", "other": "other",
}  # fmt: skip


def question_lookup() -> dict[str, str]:
    """A question's code and its text in every language (as header keys) -> its code."""
    out = {header_key(code): code for code in QUESTIONS}
    for code in QUESTIONS:
        for lang in LANGUAGES:
            out[header_key(t(f"survey.q.{code}", lang))] = code
    return out


def _header(sheet: Sheet) -> tuple[int, dict[str, int], dict[int, str]] | None:
    """(header row, roles, question columns) of a survey sheet: a municipality and a round, and either
    question and answer columns (long) or at least one catalogue question as a column (wide)."""
    for i, roles, questions in header_rows(sheet, ROLES, ("municipality", "round"), question_lookup()):
        if "question" in roles and "answer" in roles:
            return i, roles, {}
        if questions:
            return i, roles, questions
    return None


def detect(sheet: Sheet) -> bool:
    return _header(sheet) is not None


def _age_group(value: Any) -> str | bool | None:
    """'0-2', '3–6 v', '13-17 år' -> '0-2' ...; None when empty; False when unreadable."""
    text = clean_text(value)
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,2})\s*[-–]\s*(\d{1,2})(?:\s*(?:v|vuotta|år|years|y)\.?)?", text.lower())
    if not m or int(m.group(1)) > int(m.group(2)) or int(m.group(2)) > 17:
        return False
    return f"{int(m.group(1))}-{int(m.group(2))}"


def _answer(question: str, value: Any) -> tuple[int | None, str | None] | None:
    """(Likert answer, choice) of one cell; (None, None) for no answer; None when unreadable."""
    text = clean_text(value).lower().rstrip(".")
    if text in NO_ANSWER:
        return None, None
    if QUESTIONS[question] == "choice":
        choice = CHOICE_WORDS.get(text) or (text if text in CHOICES else None)
        return (None, choice) if choice else None
    if re.fullmatch(r"[1-5](\.0)?", text):
        return int(float(text)), None
    m = re.match(r"([1-5])\s*[=:)\-–]\s*\S", text)  # "5 = täysin samaa mieltä"
    if m:
        return int(m.group(1)), None
    if text in LIKERT_WORDS:
        return LIKERT_WORDS[text], None
    return None


def read_survey(
    sheet: Sheet, report: Report, load: LoadContext, today: dt.date | None = None
) -> list[dict[str, Any]] | None:
    found = _header(sheet)
    if found is None:
        return None
    header, roles, question_columns = found
    headers = sheet.rows[header]
    today = today or dt.date.today()
    used = set(roles.values()) | set(question_columns)
    if question_columns:  # wide: a question column per question; long's own columns are not roles here
        used -= {roles[r] for r in ("question", "answer") if r in roles}
    dropped = extra_columns(headers, used)
    if dropped:  # open answers, names, e-mail addresses: never stored
        report.warn("survey-columns-dropped", "warn.survey-columns-dropped", columns=", ".join(dropped[:10]))
    lookup = question_lookup()
    rows: list[dict[str, Any]] = []
    for i in range(header + 1, len(sheet.rows)):
        cells = sheet.rows[i]
        line = i + 1
        if blank(cells):
            continue
        municipality = area_code(load, cell_of(cells, roles, "municipality"), "municipality", report)
        if municipality is None:
            report.error("unknown-region", "err.survey-municipality", row=line,
                         column=column_name(headers, roles, "municipality"),
                         value=clean_text(cell_of(cells, roles, "municipality"))[:40])  # fmt: skip
            continue
        round_text = clean_text(cell_of(cells, roles, "round")).removesuffix(".0")
        if not (round_text.isdigit() and 2000 <= int(round_text) <= today.year):
            report.error("bad-value", "err.survey-round", row=line, column=column_name(headers, roles, "round"),
                         value=round_text[:10])  # fmt: skip
            continue
        age = _age_group(cell_of(cells, roles, "age_group"))
        if age is False:
            report.error("bad-value", "err.survey-age-group", row=line,
                         column=column_name(headers, roles, "age_group"),
                         value=clean_text(cell_of(cells, roles, "age_group"))[:20])  # fmt: skip
            continue
        if question_columns:
            pairs = [(j, code, cells[j] if j < len(cells) else None) for j, code in question_columns.items()]
        else:
            raw_question = cell_of(cells, roles, "question")
            code = lookup.get(header_key(raw_question))
            if code is None:
                report.error("unknown-indicator", "err.survey-question", row=line,
                             column=column_name(headers, roles, "question"),
                             value=clean_text(raw_question)[:60])  # fmt: skip
                continue
            pairs = [(roles["answer"], code, cell_of(cells, roles, "answer"))]
        for j, code, value in pairs:
            answer = _answer(code, value)
            if answer is None:
                report.error("bad-value", f"err.survey-answer-{QUESTIONS[code]}", row=line,
                             column=clean_text(headers[j]) if j < len(headers) else None,
                             value=clean_text(value)[:40])  # fmt: skip
                continue
            if answer == (None, None):
                continue
            rows.append(
                {
                    "round": int(round_text),
                    "municipality": municipality,
                    "age_group": age,
                    "question": code,
                    "answer": answer[0],
                    "choice": answer[1],
                }
            )
    return rows


def _read(sheet: Sheet, report: Report, load: LoadContext) -> list[dict[str, Any]] | None:
    return read_survey(sheet, report, load)


def _preview(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Answers per municipality, round and question (counts of answers, never the answers)."""
    frame = pd.DataFrame(rows, columns=["municipality", "round", "question"])
    return frame.groupby(["municipality", "round", "question"]).size().reset_index(name="n")


READER = RecordReader("survey", detect, _read, _preview)
