"""Getting a database ready for the app: create it, and seed the demo data into an empty one.

Seeding is the loaders' job (store/ knows nothing of the demo generator); dashboard.py and the
command lines call `ensure_ready` on start.
"""

from __future__ import annotations

import json

from sqlalchemy import Engine, select

from store.engine import init_db
from store.schema import observations, uploads
from store.settings import get_str


def holds_data(engine: Engine) -> bool:
    """True when any observation is stored, or a real upload is live (its rows may all be replaced)."""
    with engine.connect() as conn:
        if conn.execute(select(observations.c.id).limit(1)).first() is not None:
            return True
        live = conn.execute(select(uploads.c.id).where(uploads.c.status == "accepted").limit(1)).first()
        return live is not None


def ensure_ready(engine: Engine, seed_demo: bool | None = None) -> bool:
    """init_db, then seed the demo data into a store that holds no data. Returns True if it seeded.

    A store whose every upload was rolled back holds no data: the demo comes back, so the app
    always opens on something (with LAPE_SEED_DEMO=0 it opens on its "no data yet" page instead).
    """
    init_db(engine)
    if seed_demo is None:
        seed_demo = get_str("LAPE_SEED_DEMO") == "1"
    if not seed_demo or holds_data(engine):
        return False
    from data_loaders.demo import seed_demo as _seed

    _seed(engine, last_demo_scale(engine))
    return True


def last_demo_scale(engine: Engine) -> str:
    """The scale of the demo this store had (it comes back as it was), else the national one."""
    with engine.connect() as conn:
        report = conn.execute(
            select(uploads.c.report_json).where(uploads.c.format == "demo").order_by(uploads.c.id.desc()).limit(1)
        ).scalar()
    try:
        scale = json.loads(report or "{}").get("scale")
    except (ValueError, AttributeError):
        scale = None
    return scale if scale in ("small", "national") else "national"
