"""Writing client episodes as one upload (store/records.py does the work for every kind of record).

An episode is known by (client, service, start_date): the same episode uploaded twice is refused
unless the upload replaces; replacing archives the live episodes of the file's municipalities (and any
episode the file repeats) under the new upload, so a rollback puts them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from store.records import KINDS, write_records
from store.uploads import WriteResult


def write_episodes(engine: Engine, rows: Sequence[dict[str, Any]], **kwargs: Any) -> WriteResult:
    """Store one file's episodes (hashed pseudonyms) as one upload; see store.records.write_records."""
    return write_records(engine, KINDS["episodes"], rows, **kwargs)
