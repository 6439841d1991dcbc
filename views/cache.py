"""A small thread-safe memo for views: results keyed on their arguments.

Every view function that reads the store takes the database URL and its data version stamp
among its arguments, so a write by any process gives new keys and old entries simply age out
of the LRU. Results are shared read-only: callers derive new frames (pandas copy-on-write)
and never write into a cached one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])
_ALL: list[Callable[[], None]] = []


def memo(maxsize: int = 256) -> Callable[[F], F]:
    """Remember up to `maxsize` results of a function of hashable arguments."""

    def decorate(fn: F) -> F:
        store: OrderedDict[Any, Any] = OrderedDict()
        lock = threading.Lock()

        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = (args, tuple(sorted(kwargs.items())))
            with lock:
                if key in store:
                    store.move_to_end(key)
                    return store[key]
            value = fn(*args, **kwargs)
            with lock:
                store[key] = value
                while len(store) > maxsize:
                    store.popitem(last=False)
            return value

        def clear() -> None:
            with lock:
                store.clear()

        def peek(*args: Any, **kwargs: Any) -> Any:
            """The remembered result for these arguments, or None (nothing is computed)."""
            with lock:
                return store.get((args, tuple(sorted(kwargs.items()))))

        wrapper.cache_clear = clear  # type: ignore[attr-defined]
        wrapper.peek = peek  # type: ignore[attr-defined]
        _ALL.append(clear)
        return cast(F, wrapper)

    return decorate


def clear_all() -> None:
    """Forget every remembered result (tests; a process that changed settings)."""
    for clear in _ALL:
        clear()
