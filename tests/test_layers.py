"""The arrows of ARCHITECTURE.md, read from every import of every module (including imports inside
functions): pages -> views -> (store, metrics, geo, i18n, data_loaders: the upload page checks and writes
files with the command line's own functions); data_loaders -> (store, metrics, i18n);
pages -> reports -> views (the region profile's files: a renderer of views, never a source of numbers);
metrics and store import none of the others; only dashboard.py and pages/ import streamlit.

Command shells (`__main__.py`) and dashboard.py are composition roots: besides their own package
they may use views and the loaders' set-up (seeding the demo into an empty store)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

OURS = {"dashboard", "pages", "views", "data_loaders", "metrics", "geo", "store", "i18n", "reports"}
ALLOWED: dict[str, set[str]] = {
    "pages": {"pages", "views", "reports"},
    "views": {"views", "store", "metrics", "geo", "i18n", "data_loaders"},
    "data_loaders": {"data_loaders", "store", "metrics", "i18n"},
    "metrics": {"metrics"},
    "geo": {"geo", "store", "metrics", "i18n"},
    "store": {"store"},
    "i18n": {"i18n"},
    "reports": {"reports", "views"},
}
ENTRY_EXTRA = {"views", "data_loaders.setup", "i18n"}
FORBIDDEN_LIBS: dict[str, set[str]] = {
    "metrics": {"sqlalchemy", "streamlit", "psycopg"},
    "views": {"streamlit"},
    "store": {"streamlit", "pandas.io.sql"},
    "data_loaders": {"streamlit"},
    "geo": {"streamlit"},
    "i18n": {"streamlit", "sqlalchemy"},
    "reports": {"streamlit", "sqlalchemy"},
}


def modules() -> list[Path]:
    files = [ROOT / "dashboard.py"]
    for package in sorted(OURS - {"dashboard"}):
        folder = ROOT / package
        if folder.is_dir():
            files += sorted(folder.rglob("*.py"))
    return files


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def violations(rel: Path, names: list[str]) -> list[str]:
    """The imports of module `rel` (a path inside the project) that break the arrows."""
    package = rel.parts[0].removesuffix(".py")
    entry = package == "dashboard" or rel.name == "__main__.py"
    problems = []
    for name in names:
        top = name.split(".")[0]
        if top == "streamlit" and package not in ("dashboard", "pages"):
            problems.append(name)
        if any(name == lib or name.startswith(lib + ".") for lib in FORBIDDEN_LIBS.get(package, ())):
            problems.append(name)
        if top not in OURS:
            continue
        if package == "dashboard":
            if top not in {"pages", "views", "i18n"} and name != "data_loaders.setup":
                problems.append(name)
            continue
        if top in ALLOWED[package]:
            continue
        if entry and (top in ENTRY_EXTRA or name in ENTRY_EXTRA):
            continue
        problems.append(name)
    return sorted(set(problems))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_import_follows_the_arrows(path: Path) -> None:
    rel = path.relative_to(ROOT)
    assert violations(rel, imports(path)) == [], rel


def test_pages_never_query_the_store() -> None:
    """Pages reach data only through views: not even SQLAlchemy or a store module by another name."""
    for path in (ROOT / "pages").glob("*.py"):
        names = imports(path)
        assert not [n for n in names if n.split(".")[0] in {"sqlalchemy", "store", "metrics", "geo", "i18n"}], path


def test_the_layer_rules_catch_a_wrong_arrow(tmp_path: Path) -> None:
    """The checker itself: imports inside functions are read, and wrong arrows are reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from store import queries\n    import streamlit\n", encoding="utf-8")
    assert imports(bad) == ["store", "streamlit"]
    assert violations(Path("metrics/rates.py"), imports(bad)) == ["store", "streamlit"]
    assert violations(Path("pages/map.py"), ["views.map", "store.queries", "sqlalchemy"]) == ["store.queries"]
    assert violations(Path("views/gate.py"), ["reports.profile", "store.queries"]) == ["reports.profile"]
    assert violations(Path("data_loaders/ingest.py"), ["views.upload", "store.queries"]) == ["views.upload"]
    assert violations(Path("store/engine.py"), ["data_loaders.demo"]) == ["data_loaders.demo"]
    assert violations(Path("metrics/__main__.py"), ["views.map", "data_loaders.setup", "store.engine"]) == [
        "store.engine"
    ]
