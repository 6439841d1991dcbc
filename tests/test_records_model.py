"""Replace and rollback of uploaded records (here parent-survey answers, whose repeat is a municipality's
round) against a model of what the store must hold.

Hypothesis draws sequences of uploads (with and without replacing) and rollbacks of any upload; after every
step the live answers read through a fresh connection (id, round, municipality, answer, upload) must equal
the model's, and whether a step was refused must be what the model says. At the end every upload still
live is rolled back, newest first, and the store is empty again.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from data_loaders.ingest import ingest_bytes
from store.engine import init_db, make_engine
from store.uploads import UploadRefused, rollback_upload

GROUPS = [(2024, "249"), (2024, "592"), (2025, "249")]  # few: files overlap often
Group = tuple[int, str]
Row = tuple[int, int, str, int, int]  # id, round, municipality, answer, upload


@dataclass
class Model:
    live: dict[Group, tuple[int, list[Row]]] = field(default_factory=dict)  # group -> (upload, rows)
    archive: list[tuple[Group, int, list[Row], int]] = field(default_factory=list)  # group, upload, rows, by
    accepted: list[int] = field(default_factory=list)
    next_id: int = 1

    def upload(self, upload: int, groups: dict[Group, list[int]], replace: bool) -> bool:
        if any(g in self.live for g in groups) and not replace:
            return False
        for g in groups:
            if g in self.live:
                old_upload, rows = self.live.pop(g)
                self.archive.append((g, old_upload, rows, upload))
        for g, answers in groups.items():
            rows = []
            for a in answers:
                rows.append((self.next_id, g[0], g[1], a, upload))
                self.next_id += 1
            self.live[g] = (upload, rows)
        self.accepted.append(upload)
        return True

    def rollback(self, upload: int) -> bool:
        back = [e for e in self.archive if e[3] == upload]
        if any(g in self.live and self.live[g][0] != upload for g, _u, _r, _b in back):
            return False
        for g in [g for g, (u, _r) in self.live.items() if u == upload]:
            del self.live[g]
        self.archive = [e for e in self.archive if e[1] != upload and e[3] != upload]
        for g, old_upload, rows, _by in back:
            self.live[g] = (old_upload, rows)
        self.accepted.remove(upload)
        return True

    def rows(self) -> list[Row]:
        return sorted(r for _u, rows in self.live.values() for r in rows)


def stored(path: Path) -> list[Row]:
    with sqlite3.connect(path) as conn:
        got = conn.execute("SELECT id, round, municipality, answer, upload_id FROM survey_responses ORDER BY id")
        return [tuple(r) for r in got.fetchall()]  # type: ignore[misc]


files = st.dictionaries(st.sampled_from(GROUPS), st.lists(st.integers(1, 5), min_size=1, max_size=3), min_size=1)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("upload"), files, st.booleans()),
        st.tuples(st.just("rollback"), st.integers(0, 5), st.just(False)),
    ),
    min_size=1,
    max_size=10,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps)
def test_survey_uploads_replace_and_roll_back_as_the_model_says(tmp_path_factory: Any, sequence: list) -> None:  # type: ignore[type-arg]
    path = tmp_path_factory.mktemp("model") / "store.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    model = Model()
    try:
        for n, (action, what, replace) in enumerate(sequence):
            if action == "upload":
                lines = ["kunta;kierros;kysymys;vastaus"]
                lines += [f"{m};{r};help_found;{a}" for (r, m), answers in what.items() for a in answers]
                result = ingest_bytes(engine, "\n".join(lines).encode(), f"f{n}.csv", replace=replace)
                expected = model.upload(result.upload_id or -1, what, replace) if result.ok else None
                if result.ok and result.replaced:
                    event("replaced")
                if result.ok:
                    assert expected is True
                else:
                    assert [e.key for e in result.report.errors] == ["err.survey-duplicate"]
                    assert model.upload(-1, what, replace) is False
                    event("upload refused")
            else:
                if not model.accepted:
                    continue
                target = model.accepted[what % len(model.accepted)]
                try:
                    rollback_upload(engine, target)
                    done = True
                except UploadRefused as exc:
                    assert exc.type == "superseded"
                    done = False
                    event("rollback refused")
                assert model.rollback(target) is done
            assert stored(path) == model.rows(), sequence[: n + 1]
        for upload in sorted(model.accepted, reverse=True):
            rollback_upload(engine, upload)
        assert stored(path) == []
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT count(*) FROM survey_archive").fetchone() == (0,)
    finally:
        engine.dispose()
