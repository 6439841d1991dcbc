"""Every setting is documented in the README; the Streamlit config keeps the security switches on."""

from __future__ import annotations

import tomllib

from store.settings import SETTINGS
from tests.conftest import ROOT


def test_every_setting_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS if f"`{name}`" not in readme]
    assert missing == []


def test_streamlit_config() -> None:
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["server"]["enableXsrfProtection"] is True
    assert cfg["server"]["maxUploadSize"] == 50
    assert cfg["client"]["showErrorDetails"] == "none"
    assert cfg["client"]["toolbarMode"] == "viewer"
    assert cfg["browser"]["gatherUsageStats"] is False


def test_no_unsafe_html_anywhere() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.py")
        if ".venv" not in p.parts and p.name != "test_settings.py" and "unsafe_allow_html" in p.read_text("utf-8")
    ]
    assert offenders == []


def test_layers_do_not_import_streamlit() -> None:
    import ast

    for package in ("data_loaders", "metrics", "geo", "store", "i18n"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text("utf-8"))
            names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
            assert not any(n.split(".")[0] == "streamlit" for n in names), path
            if package == "metrics" and path.name != "__main__.py":
                assert not any(n.split(".")[0] == "sqlalchemy" for n in names), path
