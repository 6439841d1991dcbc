"""Parent survey results: pure functions on one row per response (area, question, answer 1-5).

Protection is part of the result, as for every count: an area with fewer than `min_n` respondents to a
question is not shown at all (THL uses 15 for its school survey), and a share is hidden when its count or
its complement (the respondents who did not give that answer) is under the small-number threshold.
"""

from __future__ import annotations

import pandas as pd

LIKERT = (1, 2, 3, 4, 5)
DISAGREE = (1, 2)
AGREE = (4, 5)
GROUPS = ("disagree", "neutral", "agree")
# The question catalogue (texts in i18n as survey.q.<code>): Likert 1-5 statements about getting help, and
# one choice question.
QUESTIONS: dict[str, str] = {
    "knew_where": "likert",
    "help_found": "likert",
    "help_in_time": "likert",
    "one_place": "likert",
    "heard": "likert",
    "situation_better": "likert",
    "first_contact": "choice",
}
CHOICES = ("in_person", "phone", "online", "other")


def likert_table(responses: pd.DataFrame, min_n: int = 15, threshold: int = 5) -> pd.DataFrame:
    """Per area and question: n, the count and share (%) of each answer 1-5, of disagreeing (1-2) and
    agreeing (4-5), and for each share whether it is hidden. Columns: area, question, n, shown (False: too
    few respondents), then c1..c5, s1..s5, h1..h5, c_disagree, s_disagree, h_disagree, c_agree, s_agree,
    h_agree."""
    frame = responses[responses["answer"].isin(LIKERT)]
    counts = frame.groupby(["area", "question", "answer"]).size().unstack("answer", fill_value=0)
    counts = counts.reindex(columns=list(LIKERT), fill_value=0)
    out = pd.DataFrame(index=counts.index)
    n = counts.sum(axis=1)
    out["n"] = n
    out["shown"] = n >= min_n

    def add(name: str, count: pd.Series) -> None:
        out[f"c_{name}"] = count
        out[f"s_{name}"] = (100.0 * count / n).where(n > 0)
        small = ((count > 0) & (count < threshold)) | ((n - count > 0) & (n - count < threshold))
        out[f"h_{name}"] = small | ~out["shown"]

    for answer in LIKERT:
        add(str(answer), counts[answer])
    add("disagree", counts[list(DISAGREE)].sum(axis=1))
    add("agree", counts[list(AGREE)].sum(axis=1))
    return out.reset_index()


def change_between_rounds(current: pd.DataFrame, previous: pd.DataFrame, measure: str = "agree") -> pd.DataFrame:
    """The change of a share (percentage points) from the previous round, hidden where either round's share
    is hidden. Columns: area, question, before, after, change, hidden."""
    keys = ["area", "question"]
    both = current[[*keys, f"s_{measure}", f"h_{measure}"]].merge(
        previous[[*keys, f"s_{measure}", f"h_{measure}"]], on=keys, suffixes=("", "_before")
    )
    hidden = both[f"h_{measure}"] | both[f"h_{measure}_before"]
    return pd.DataFrame(
        {
            "area": both["area"],
            "question": both["question"],
            "before": both[f"s_{measure}_before"],
            "after": both[f"s_{measure}"],
            "change": both[f"s_{measure}"] - both[f"s_{measure}_before"],
            "hidden": hidden,
        }
    )


def _small(count: pd.Series, n: pd.Series, threshold: int) -> pd.Series:
    return ((count > 0) & (count < threshold)) | ((n - count > 0) & (n - count < threshold))


def group_counts(responses: pd.DataFrame) -> pd.DataFrame:
    """Per area and question: n and the counts of disagreeing (1-2), neutral (3) and agreeing (4-5)."""
    frame = responses[responses["answer"].isin(LIKERT)]
    group = frame["answer"].map(lambda a: "disagree" if a in DISAGREE else "agree" if a in AGREE else "neutral")
    counts = frame.assign(group=group).groupby(["area", "question", "group"]).size().unstack("group", fill_value=0)
    counts = counts.reindex(columns=list(GROUPS), fill_value=0)
    counts["n"] = counts[list(GROUPS)].sum(axis=1)
    return counts.reset_index()


def _protect(
    counts: pd.DataFrame, groups: tuple[str, ...], parent: dict[str, str], min_n: int, threshold: int
) -> pd.DataFrame:
    """Adds `shown` and the shares s_<group> (NaN where not shown) to counts (area, question, groups, n)."""
    counts = counts.reset_index(drop=True)
    n = counts["n"]
    ok = n >= min_n
    for g in groups:
        ok &= ~_small(counts[g], n, threshold)
    counts["shown"] = ok
    index = {(a, q): i for i, (a, q) in enumerate(zip(counts["area"], counts["question"], strict=True))}
    children: dict[str, list[str]] = {}
    for child, par in parent.items():
        children.setdefault(par, []).append(child)
    cols = [*groups, "n"]
    for par, kids in children.items():
        for question in counts.loc[counts["area"] == par, "question"]:
            total = counts.loc[index[(par, question)], cols].astype(int)
            rows = [index[(k, question)] for k in kids if (k, question) in index]
            while True:
                shown = [i for i in rows if counts.at[i, "shown"]]
                if not shown:
                    break
                rest = (total - counts.loc[shown, cols].astype(int).sum()).to_dict()
                m = int(rest["n"])
                if m == 0 or (m >= min_n and not any(
                    (0 < rest[g] < threshold) or (0 < m - rest[g] < threshold) for g in groups
                )):  # fmt: skip
                    break
                smallest = min(shown, key=lambda i: (counts.at[i, "n"], str(counts.at[i, "area"])))
                counts.at[smallest, "shown"] = False
    for g in groups:
        counts[f"s_{g}"] = (100.0 * counts[g] / counts["n"]).where(counts["shown"])
    return counts


def protected_groups(
    responses: pd.DataFrame, parent: dict[str, str], min_n: int = 15, threshold: int = 5
) -> pd.DataFrame:
    """The three answer groups per area and question with what may be shown: an area is shown from
    `min_n` respondents with none of its groups (or their complements) under `threshold`; otherwise
    all three of its shares are hidden (one hidden share of three is 100 minus the others).

    Differencing is closed too: a parent area (county) minus its shown children (municipalities) must
    itself be nothing or a group that could be shown; otherwise the smallest shown child is hidden as well,
    until it is.

    responses: area, question, answer for the children AND the parents (a parent's rows are its children's
    respondents). parent: child area -> parent area. Columns: area, question, disagree, neutral, agree, n,
    shown, s_disagree, s_neutral, s_agree.
    """
    return _protect(group_counts(responses), GROUPS, parent, min_n, threshold)


def choice_shares(responses: pd.DataFrame, parent: dict[str, str], min_n: int = 15, threshold: int = 5) -> pd.DataFrame:
    """A choice question's answers per area, protected as protected_groups: columns area, question, one
    count per choice, n, shown, s_<choice>."""
    frame = responses[responses["choice"].isin(CHOICES)]
    counts = frame.groupby(["area", "question", "choice"]).size().unstack("choice", fill_value=0)
    counts = counts.reindex(columns=list(CHOICES), fill_value=0)
    counts["n"] = counts.sum(axis=1)
    return _protect(counts.reset_index(), CHOICES, parent, min_n, threshold)
