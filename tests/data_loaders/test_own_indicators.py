"""The region's own indicators: defined on the command line or in the template's indicator sheet,
checked, loaded with data, and shown through the same gate (suppression by unit)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import Engine

from data_loaders.ingest import ingest_bytes
from data_loaders.template import template_bytes
from store.queries import indicators_frame
from tests.conftest import ROOT
from tests.data_loaders.conftest import fresh_rows
from views.context import open_context
from views.map import indicator_table


def cli(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "data_loaders", "--db", db, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_add_and_list_on_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'i.sqlite'}"
    names = ["--fi", "Perhekeskuksen chat-yhteydenotot", "--sv", "Familjecentrets chattkontakter"]
    added = cli(
        db, "indicators", "add", "fc_chat", *names, "--unit", "count", "--direction", "1", "--denominator", "pop_0_17"
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Mittari fc_chat lisätty."
    rows = {r["code"]: r for r in json.loads(cli(db, "indicators", "list", "--json").stdout)}
    assert rows["fc_chat"] == {
        "code": "fc_chat",
        "name_fi": "Perhekeskuksen chat-yhteydenotot",
        "name_sv": "Familjecentrets chattkontakter",
        "name_en": "Perhekeskuksen chat-yhteydenotot",
        "unit": "count",
        "direction": 1,
        "denominator_code": "pop_0_17",
        "source": "Hyvinvointialueen oma tieto",
    }
    assert "cw_placed" in rows  # the national catalogue is listed too
    national = cli(db, "indicators", "add", "cw_placed", "--fi", "Oma sijoitus", "--lang", "en")
    assert national.returncode == 1
    assert national.stderr.strip() == (
        "'cw_placed' is an indicator of the national catalogue and cannot be redefined. Choose a code of your own."
    )
    bad = cli(db, "indicators", "add", "Bad Code", "--fi", "X", "--denominator", "nope", "--lang", "en")
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 2


def test_a_template_defines_an_own_indicator_and_loads_its_values(engine: Engine) -> None:
    wb = load_workbook(io.BytesIO(template_bytes(indicators_frame(engine), "fi")))
    sheet = wb["Indikaattorit"]
    sheet.append(
        ["vanhempainryhmat", "Vanhempainryhmiin osallistuneet", "Föräldragrupper", "", "count", 1, "pop_0_17", 1000]
    )
    sheet.append(["", "", "", "", "", "", "", ""])
    data = wb["Tiedot"]
    for code, n in (("091", 420), ("049", 160), ("092", 3)):
        data.append([code, "vanhempainryhmat", 2024, None, None, n])
        data.append([code, "pop_0_17", 2024, None, None, {"091": 110000, "049": 63000, "092": 50000}[code]])
    buf = io.BytesIO()
    wb.save(buf)
    result = ingest_bytes(engine, buf.getvalue(), "pohja.xlsx").as_json("fi")
    assert result["ok"] is True, result["errors"]
    assert (
        "Oma mittari vanhempainryhmat (Vanhempainryhmiin osallistuneet) lisätään tämän latauksen mukana."
        in result["notes"]
    )
    assert ("vanhempainryhmat", "municipality", "049") in {r[:3] for r in fresh_rows(engine)}
    # the same gate as every indicator: a count of 3 is hidden, a rate per 1 000 children computed
    table = indicator_table(open_context("fi", str(engine.url)), "vanhempainryhmat", "municipality", 2024)
    shown = dict(zip(table["region_code"], table["value"], strict=True))
    assert shown["049"] == round(160 / 63000 * 1000, 1)
    assert table.set_index("region_code").loc["092", "suppressed"]


def test_a_wrong_definition_in_the_template_is_reported_where_it_is(engine: Engine) -> None:
    wb = load_workbook(io.BytesIO(template_bytes(indicators_frame(engine), "en")))
    sheet = wb["Indicators"]
    sheet.append(["my indicator", "Nimi", "", "", "litres", 2, "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    result = ingest_bytes(engine, buf.getvalue(), "template.xlsx").as_json("en")
    line = sheet.max_row
    assert [(e["sheet"], e["row"], e["message"].split(": ", 1)[1]) for e in result["errors"]] == [
        ("Indicators", line, "The indicator code 'my indicator' is not valid: use lower-case letters, digits and "
         "underscores, starting with a letter (e.g. family_centre_chat)."),
        ("Indicators", line, "The unit 'litres' is not valid. Use one of: count, percent, eur, days, value."),
        ("Indicators", line, "The direction '2' is not valid: 1 = higher is better, -1 = lower is better, "
         "0 = neither."),
    ]  # fmt: skip
