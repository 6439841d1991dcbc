"""A THL Sotkanet export (the headerless ';' CSV as Sotkanet writes it) whose indicator title carries
Markdown and HTML: an image and a link to an outside host, emphasis, a colour directive, LaTeX."""

from __future__ import annotations

from pathlib import Path

from data_loaders.ingest import ingest_bytes
from store.engine import make_engine

HOSTILE = (
    "![kuva](http://evil.example/pixel.png) **lihava** <img src=http://evil.example/x.png onerror=alert(1)> "
    "[linkki](http://evil.example/) :red[punainen] $x^2$ _kallistettu_"
)
CODE = "sotkanet_90001"
AREAS = {"049": "Espoo", "091": "Helsinki", "092": "Vantaa", "235": "Kauniainen"}


def sotkanet_csv() -> bytes:
    rows = []
    for code, name in AREAS.items():
        for year in range(2018, 2025):
            value = 10 + int(code) % 7 + (year - 2018) * 0.5
            rows.append(f'"{HOSTILE}";"90001";"{name}";"{code}";"yhteensä";{year};{value:.1f};{int(value * 100)}')
    return ("\n".join(rows) + "\n").encode("utf-8")


def markup_store(folder: Path) -> str:
    """A store holding only that file (the demo is replaced by the first real upload)."""
    url = f"sqlite:///{folder / 'markup.sqlite'}"
    engine = make_engine(url)
    from data_loaders.setup import ensure_ready

    ensure_ready(engine, seed_demo=True)
    result = ingest_bytes(engine, sotkanet_csv(), "sotkanet_export.csv")
    assert result.ok, result.as_json()
    engine.dispose()
    return url
