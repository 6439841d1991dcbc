"""Parent-survey shares and their protection, worked out by hand."""

from __future__ import annotations

import math

import pandas as pd

from metrics.survey import change_between_rounds, choice_shares, likert_table, protected_groups


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


def groups(area: str, disagree: int, neutral: int, agree: int, question: str = "help_found") -> pd.DataFrame:
    answers = {1: disagree, 3: neutral, 5: agree}
    return responses(area, {a: k for a, k in answers.items() if k}, question)


def cell(table: pd.DataFrame, area: str, column: str) -> float:
    return float(table.to_dict("index")[area][column])


def county_of(*parts: pd.DataFrame) -> pd.DataFrame:
    """The municipalities' answers and the county's (all of them again)."""
    frame = pd.concat(parts, ignore_index=True)
    return pd.concat([frame, frame.assign(area="K")], ignore_index=True)


def test_a_lone_hidden_municipality_cannot_be_worked_out_of_its_county() -> None:
    """County K = A (20: 5/5/10) + B (30: 6/8/16) + C (8: 2/2/4). C has fewer than 15 respondents and is
    hidden; K minus A minus B would be exactly C (8 respondents), so the smallest shown one (A, n 20) is
    hidden too: K - B = A + C = 28 respondents, 7/7/14, nothing under 5. K and B stay shown."""
    frame = county_of(groups("A", 5, 5, 10), groups("B", 6, 8, 16), groups("C", 2, 2, 4))
    table = protected_groups(frame, {"A": "K", "B": "K", "C": "K"}, min_n=15, threshold=5).set_index("area")
    assert [bool(table.loc[a, "shown"]) for a in "ABCK"] == [False, True, False, True]
    assert table.loc["K", "n"] == 58 and table.loc["K", "agree"] == 30
    assert math.isclose(cell(table, "K", "s_agree"), 100 * 30 / 58)
    assert math.isclose(cell(table, "B", "s_neutral"), 100 * 8 / 30)
    assert table.loc[["A", "C"], ["s_disagree", "s_neutral", "s_agree"]].isna().all().all()


def test_a_residual_group_with_a_small_answer_group_hides_more() -> None:
    """K = A (20: 6/6/8) + B (25: 5/5/15) + C (16: 1/5/10, hidden: 1 disagrees). K - A - B = C again:
    hide the smaller of A and B (A). K - B = A + C = 36: 7/11/18, fine. With D (40: 10/10/20) added, K - B
    - D = A + C again 36, fine: only A is hidden besides C."""
    frame = county_of(groups("A", 6, 6, 8), groups("B", 5, 5, 15), groups("C", 1, 5, 10))
    table = protected_groups(frame, {"A": "K", "B": "K", "C": "K"}, 15, 5).set_index("area")
    assert [bool(table.loc[a, "shown"]) for a in "ABCK"] == [False, True, False, True]
    frame = county_of(groups("A", 6, 6, 8), groups("B", 5, 5, 15), groups("C", 1, 5, 10), groups("D", 10, 10, 20))
    table = protected_groups(frame, {a: "K" for a in "ABCD"}, 15, 5).set_index("area")
    assert [bool(table.loc[a, "shown"]) for a in "ABCDK"] == [False, True, False, True, True]


def test_choice_shares_are_protected_the_same_way() -> None:
    rows = [("A", "first_contact", c) for c, k in (("phone", 10), ("in_person", 6), ("online", 5)) for _ in range(k)]
    rows += [("B", "first_contact", c) for c, k in (("phone", 3), ("in_person", 3)) for _ in range(k)]
    frame = pd.DataFrame(rows, columns=["area", "question", "choice"])
    frame = pd.concat([frame, frame.assign(area="K")], ignore_index=True)
    table = choice_shares(frame, {"A": "K", "B": "K"}, 15, 5).set_index("area")
    # A: 21 answers, no 'other' (0 is not small): shown would leave K - A = B (6): so A is hidden as well
    assert [bool(table.loc[a, "shown"]) for a in "ABK"] == [False, False, True]
    assert math.isclose(cell(table, "K", "s_phone"), 100 * 13 / 27)
