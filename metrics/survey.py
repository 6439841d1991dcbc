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
