"""Parent-survey shares and their protection, worked out by hand."""

from __future__ import annotations

import pandas as pd

from metrics.survey import change_between_rounds, likert_table


def responses(area: str, answers: dict[int, int], question: str = "timely_help") -> pd.DataFrame:
    rows = [(area, question, a) for a, k in answers.items() for _ in range(k)]
    return pd.DataFrame(rows, columns=["area", "question", "answer"])


def test_shares_and_what_is_hidden_by_hand() -> None:
    """Keuruu: 20 answers: 1 x2, 2 x3, 3 x4, 4 x6, 5 x5. Shares 10, 15, 20, 30, 25 %; disagree 5 = 25 %,
    agree 11 = 55 %. Hidden: answer 1 (2 < 5) and answer 2 (3 < 5); answer 3 (4 < 5); 4 and 5 shown
    (6 and 5, complements 14 and 15); disagree 5 and agree 11 shown (complements 15 and 9).
    Multia: 12 answers, under the minimum of 15: nothing shown. Petäjävesi: 18 answers, 16 agree: the
    agree share is hidden because its complement (2) is small, and so is the disagree count 1."""
    frame = pd.concat(
        [
            responses("Keuruu", {1: 2, 2: 3, 3: 4, 4: 6, 5: 5}),
            responses("Multia", {3: 2, 4: 5, 5: 5}),
            responses("Petäjävesi", {2: 1, 3: 1, 4: 8, 5: 8}),
            pd.DataFrame([("Keuruu", "timely_help", 9)], columns=["area", "question", "answer"]),  # not on the scale
        ],
        ignore_index=True,
    )
    table = likert_table(frame, min_n=15, threshold=5).set_index("area")
    k = table.loc["Keuruu"]
    assert k["n"] == 20 and bool(k["shown"])
    assert [k[f"s_{a}"] for a in "12345"] == [10.0, 15.0, 20.0, 30.0, 25.0]
    assert [bool(k[f"h_{a}"]) for a in "12345"] == [True, True, True, False, False]
    assert (k["c_disagree"], k["s_disagree"], bool(k["h_disagree"])) == (5, 25.0, False)
    assert (k["c_agree"], k["s_agree"], bool(k["h_agree"])) == (11, 55.0, False)
    m = table.loc["Multia"]
    assert m["n"] == 12 and not bool(m["shown"])
    assert all(bool(m[f"h_{x}"]) for x in ("1", "2", "3", "4", "5", "agree", "disagree"))
    p = table.loc["Petäjävesi"]
    assert p["n"] == 18 and bool(p["h_agree"]) and bool(p["h_disagree"])  # 16 of 18: the 2 others stand out


def test_change_from_the_previous_round_hidden_with_either_round() -> None:
    now = likert_table(
        pd.concat(
            [
                responses("Keuruu", {1: 5, 4: 10, 5: 5}),
                responses("Multia", {4: 20}),
                responses("Petäjävesi", {1: 8, 4: 12}),
            ]
        ),
        min_n=15,
    )
    before = likert_table(
        pd.concat(
            [
                responses("Keuruu", {1: 10, 4: 5, 5: 5}),
                responses("Multia", {1: 5, 4: 15}),
                responses("Petäjävesi", {1: 2, 4: 16}),
            ]
        ),
        min_n=15,
    )
    change = change_between_rounds(now, before).set_index("area")
    assert change.loc["Keuruu", "before"] == 50.0 and change.loc["Keuruu", "after"] == 75.0
    assert change.loc["Keuruu", "change"] == 25.0 and not bool(change.loc["Keuruu", "hidden"])
    # 20 of 20 agree now (nobody else: 0 is not a small group), 15 of 20 before: +25 points, shown
    assert change.loc["Multia", "change"] == 25.0 and not bool(change.loc["Multia", "hidden"])
    # 16 of 18 before: its complement 2 is small, so the change is hidden although this round is shown
    assert bool(change.loc["Petäjävesi", "hidden"])
