"""A view context on the national demo store, shared by the whole-population tests."""

from __future__ import annotations

import pytest

from views.context import Context, open_context


@pytest.fixture(scope="session")
def ctx(demo_db: str) -> Context:
    return open_context("fi", demo_db)
