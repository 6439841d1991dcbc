"""No text from uploads or the catalogue is rendered as Markdown or HTML: an indicator name with an
image, a link, emphasis, a colour directive and LaTeX reaches every Markdown element escaped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from i18n.text import markdown_plain
from tests.conftest import ROOT
from tests.markup import CODE, HOSTILE, markup_store

RAW = ("![kuva](", "<img", "**lihava**", "[linkki](", ":red[", "$x^2$", "_kallistettu_")


def live_markup(text: str) -> list[str]:
    """The markup in a Markdown source that would take effect: escaped characters taken out first."""
    bare = re.sub(r"\\.", "", text)
    return [raw for raw in RAW if raw in bare]


def markdown_texts(at: AppTest) -> list[str]:
    """Every element whose text Streamlit renders as Markdown."""
    texts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.caption, *at.markdown)]
    texts += [e.value for e in (*at.info, *at.warning, *at.success, *at.error)]
    texts += [m.label for m in at.metric] + [m.help or "" for m in at.metric]
    texts += [w.label for w in (*at.selectbox, *at.multiselect, *at.radio)]
    return texts


def test_escaping_shows_the_text_exactly() -> None:
    escaped = markdown_plain(HOSTILE)
    assert live_markup(escaped) == []
    assert live_markup(HOSTILE) == list(RAW)  # the check itself finds every one in the raw text
    # what a reader sees is the text as written (a word joiner keeps URLs from turning into links)
    assert re.sub(r"\\(.)", r"\1", escaped).replace("\u2060", "") == HOSTILE
    assert "http\\:\u2060//evil" in escaped
    assert markdown_plain("a\nb\x1b[31m\u200bc") == "a b\\[31mc"  # control characters never reach a page


@pytest.mark.parametrize("page", ["pages/map.py", "pages/evaluation.py", "pages/sources.py"])
def test_hostile_indicator_name_is_plain_text_on_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    url = markup_store(tmp_path)
    monkeypatch.setenv("LAPE_DB_URL", url)
    monkeypatch.chdir(ROOT)
    params = {"lang": "fi", "county": "03", "municipality": "049", "indicator": CODE}
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page == "pages/map.py":
        at.radio(key="map_level_fi").set_value("municipality").run()
    if page == "pages/evaluation.py":
        at.selectbox(key="eval_indicator_fi").set_value(CODE).run()
    assert not at.exception, [e.message for e in at.exception]
    texts = markdown_texts(at)
    leaks = [t for t in texts if live_markup(t)]
    assert leaks == []
    if page != "pages/sources.py":  # the name was shown (escaped) where the page names its indicator
        assert any(markdown_plain(HOSTILE) in t for t in texts)
    else:  # the catalogue is a table of plain cells, the name exactly as written
        names = at.dataframe[0].value.iloc[:, 1].tolist()
        assert HOSTILE in names
