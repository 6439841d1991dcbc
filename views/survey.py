"""Parent survey results as a person may see them: the answers to each question in an area as diverging
bars (disagree | neutral | agree) with n, compared with the county and the previous round.

Protection: an area is shown from LAPE_SURVEY_MIN_N respondents (default 15, as THL uses for its school
survey) and only when none of its three answer groups, nor their complements, is under the small-number
threshold; a county minus its shown municipalities must itself be showable, else more municipalities are
hidden (metrics.survey). The decision is made over the whole county at once, so every page and download
shows the same areas.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd
from sqlalchemy import select

from i18n import SUPPRESSED
from metrics.survey import CHOICES, GROUPS, QUESTIONS, choice_shares, protected_groups
from store.settings import get_int
from views import charts
from views.cache import memo
from views.common import has_demo, municipality_counties, parent_at
from views.context import Context, engine_for
from views.labels import area_name, data_date, question_text, sources_line
from views.model import Chart, Table

GROUP_COLOURS = {"disagree": "#c2410c", "neutral": "#9ca3af", "agree": "#1d4ed8"}


@memo(maxsize=8)
def _responses(url: str, version: int) -> pd.DataFrame:
    from store.schema import survey_responses

    c = survey_responses.c
    with engine_for(url).connect() as conn:
        rows = conn.execute(select(c.round, c.municipality, c.age_group, c.question, c.answer, c.choice)).all()
    return pd.DataFrame(rows, columns=["round", "municipality", "age_group", "question", "answer", "choice"])


def min_n() -> int:
    return get_int("LAPE_SURVEY_MIN_N")


@memo(maxsize=64)
def _protected(ctx: Context, county: str, round_: int, smallest: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(Likert groups, choice shares) of one county's round for the county and each municipality."""
    frame = _responses(*ctx.data_key)
    county_of = municipality_counties(ctx)
    mine = frame[(frame["round"] == round_) & (frame["municipality"].map(county_of) == county)]
    both = pd.concat([mine.assign(area=mine["municipality"]), mine.assign(area=county)], ignore_index=True)
    parent = {m: county for m in set(mine["municipality"])}
    likert = protected_groups(both, parent, smallest, ctx.threshold)
    choice = choice_shares(both, parent, smallest, ctx.threshold)
    return likert, choice


@dataclass(frozen=True)
class SurveyView:
    title: str
    intro: str
    empty: str = ""
    rounds: tuple[int, ...] = ()
    round: int | None = None
    chart: Chart | None = None
    table: Table | None = None
    choices: Table | None = None
    hidden: str = ""
    sources: str = ""


@memo(maxsize=256)
def rounds_for(ctx: Context, level: str, code: str) -> tuple[int, ...]:
    """The survey rounds with answers in the area's county, newest first."""
    county = parent_at(ctx, (level, code), "county")
    frame = _responses(*ctx.data_key)
    if county is None or frame.empty:
        return ()
    mine = frame[frame["municipality"].map(municipality_counties(ctx)) == county]
    return tuple(sorted({int(r) for r in mine["round"]}, reverse=True))


def _share(ctx: Context, value: float, shown: bool) -> str:
    return ctx.fmt(value, 0) if shown and value == value else SUPPRESSED


def survey(ctx: Context, level: str, code: str, round_: int | None = None) -> SurveyView:
    """Everything the survey page shows for an area and round (None: the newest), with the minimum n in
    force (LAPE_SURVEY_MIN_N)."""
    return _survey(ctx, level, code, round_, min_n())


@memo(maxsize=256)
def _survey(ctx: Context, level: str, code: str, round_: int | None, smallest: int) -> SurveyView:
    t = ctx.t
    name = area_name(ctx, level, code)
    title = t("survey.title", area=name)
    intro = t("survey.intro", n=smallest, k=ctx.threshold)
    county = parent_at(ctx, (level, code), "county")
    if county is None:
        return SurveyView(title, intro, t("survey.choose_county"))
    rounds = rounds_for(ctx, level, code)
    if not rounds:
        return SurveyView(title, intro, t("survey.no_data"))
    chosen = round_ if round_ in rounds else rounds[0]
    likert, choice = _protected(ctx, county, chosen, smallest)
    own = likert[likert["area"] == code]
    if own.empty:
        return SurveyView(title, intro, t("survey.no_data_area", round=chosen), rounds, chosen)
    county_rows = likert[likert["area"] == county].set_index("question")
    previous = [r for r in rounds if r < chosen]
    before = None
    if previous:
        before_likert, _ = _protected(ctx, county, previous[0], smallest)
        before = before_likert[before_likert["area"] == code].set_index("question")
    order = [q for q in QUESTIONS if QUESTIONS[q] == "likert" and q in set(own["question"])]
    own = own.set_index("question").loc[order]
    county_name = area_name(ctx, "county", county)
    sources = sources_line(ctx, has_demo(ctx))

    # the chart: the area and (for a municipality) its county, question by question
    parts = [(name, own)]
    if level == "municipality" and len(county_rows):
        parts.append((county_name, county_rows.reindex(order)))
    rows_out: list[dict[str, object]] = []  # one data set: bar segments and the n labels ("kind")
    for area_label, frame in parts:
        for question, row in frame.iterrows():
            text = question_text(ctx, str(question))
            base = {"question": text, "area": area_label}
            if not bool(row["shown"]):  # n too: the hidden areas' respondents only ever show as one sum
                rows_out.append(
                    {**base, "kind": "label", "x": -100, "label": SUPPRESSED + " " + t("survey.hidden_short")}
                )
                continue
            s = {g: float(row[f"s_{g}"]) for g in GROUPS}
            left = -s["disagree"] - s["neutral"] / 2
            n_text = t("survey.n", n=ctx.fmt(row["n"], 0))
            for g in GROUPS:
                rows_out.append(
                    {
                        **base,
                        "kind": "bar",
                        "group": t(f"survey.group.{g}"),
                        "order": GROUPS.index(g),
                        "x": left,
                        "x2": left + s[g],
                        "share": ctx.fmt(s[g], 0) + " %",
                        "n": n_text,
                    }
                )
                left += s[g]
            rows_out.append({**base, "kind": "label", "x": left, "label": n_text})
    chart = None
    questions = [question_text(ctx, q) for q in order]
    areas = [p[0] for p in parts]
    if rows_out:
        data = pd.DataFrame(rows_out)
        for column in ("group", "order", "x2", "share", "n", "label"):
            if column not in data:
                data[column] = None
        y = alt.Y("area:N", sort=areas, title=None, axis=alt.Axis(labelLimit=240) if len(areas) > 1 else None)
        group_names = [t(f"survey.group.{g}") for g in GROUPS]
        base_chart = alt.Chart().encode(y=y)
        layer = alt.layer(
            base_chart.mark_bar()
            .encode(
                x=alt.X(
                    "x:Q",
                    title=t("survey.axis"),
                    scale=alt.Scale(domain=[-100, 100]),
                    axis=alt.Axis(labelExpr=charts.number_expr(ctx.lang, 0)),
                ),
                x2="x2:Q",
                color=alt.Color(
                    "group:N",
                    title=None,
                    scale=alt.Scale(domain=group_names, range=[GROUP_COLOURS[g] for g in GROUPS]),
                    legend=alt.Legend(orient="bottom"),
                ),
                order=alt.Order("order:Q"),
                tooltip=[
                    alt.Tooltip("question:N", title=t("survey.col.question")),
                    alt.Tooltip("area:N", title=t("col.area")),
                    alt.Tooltip("group:N", title=t("survey.col.answer")),
                    alt.Tooltip("share:N", title=t("survey.col.share")),
                    alt.Tooltip("n:N", title="n"),
                ],
            )
            .transform_filter(alt.datum.kind == "bar"),
            base_chart.mark_text(align="left", dx=4, color="#111111")
            .encode(x="x:Q", text="label:N")
            .transform_filter(alt.datum.kind == "label"),
            base_chart.mark_rule(color="#111111").encode(x=alt.datum(0)).transform_filter(alt.datum.kind == "bar"),
            data=data,
        ).properties(height=alt.Step(24), width=520)
        spec = layer.facet(
            row=alt.Row(
                "question:N",
                sort=questions,
                title=None,
                header=alt.Header(
                    labelAngle=0,
                    labelAlign="left",
                    labelAnchor="start",
                    labelOrient="top",
                    labelFontSize=14,
                    labelColor="#111111",
                    labelLimit=0,
                ),
            ),
            spacing=14,
        )
        chart_title = t("survey.chart_title", area=name, round=chosen)
        alt_text = t("survey.chart_alt", area=name, round=chosen, n=len(order))
        rows = []
        own_rows = own.to_dict("index")
        county_d = county_rows.to_dict("index")
        before_d = before.to_dict("index") if before is not None else {}
        for question in order:
            cells = own_rows[question]
            shown = bool(cells["shown"])
            line = {
                t("survey.col.question"): question_text(ctx, question),
                "n": ctx.fmt(cells["n"], 0) if shown else SUPPRESSED,
                **{t(f"survey.group.{g}") + " %": _share(ctx, float(row[f"s_{g}"]), shown) for g in GROUPS},
            }
            if level == "municipality" and question in county_d:
                other = county_d[question]
                line[t("survey.col.county_agree", county=county_name)] = _share(
                    ctx, float(other["s_agree"]), bool(other["shown"])
                )
            if before is not None:
                if question in before_d:
                    old = before_d[question]
                    both_shown = shown and bool(old["shown"])
                    change = float(cells["s_agree"]) - float(old["s_agree"]) if both_shown else float("nan")
                    line[t("survey.col.previous", round=previous[0])] = _share(ctx, float(old["s_agree"]), both_shown)
                    line[t("survey.col.change")] = ctx.fmt(change, 0) if both_shown else SUPPRESSED
                else:
                    line[t("survey.col.previous", round=previous[0])] = ""
                    line[t("survey.col.change")] = ""
            rows.append(line)
        table = Table(pd.DataFrame(rows), None, t("survey.table_note", n=smallest, k=ctx.threshold))
        chart = Chart(
            charts.titled(spec.to_dict(validate=False), chart_title, description=alt_text),
            alt_text,
            table,
            sources,
            title=chart_title,
            date=data_date(ctx),
        )
    hidden = ""
    if (~own["shown"]).any():
        hidden = t("survey.hidden", n=smallest, k=ctx.threshold)
    # the choice question (how the family first got in touch)
    mine = choice[choice["area"] == code]
    choice_table = None
    if len(mine):
        lines = []
        for _, row in mine.iterrows():
            lines.append(
                {
                    t("survey.col.question"): question_text(ctx, str(row["question"])),
                    "n": ctx.fmt(row["n"], 0) if bool(row["shown"]) else SUPPRESSED,
                    **{
                        t(f"survey.choice.{c}") + " %": _share(ctx, float(row[f"s_{c}"]), bool(row["shown"]))
                        for c in CHOICES
                    },
                }
            )
        choice_table = Table(pd.DataFrame(lines), None, t("survey.table_note", n=smallest, k=ctx.threshold))
    return SurveyView(
        title,
        intro,
        rounds=rounds,
        round=chosen,
        chart=chart,
        table=chart.table if chart else None,
        choices=choice_table,
        hidden=hidden,
        sources=sources,
    )
