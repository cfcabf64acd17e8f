"""Storage behind one interface: ``open_store(url)`` picks the backend from the URL."""

from __future__ import annotations

from pathlib import Path

from storyline.errors import StoreError
from storyline.store.base import Store


def open_store(url: str | Path) -> Store:
    """Open (creating and migrating if needed) the store at ``url``.

    ``url`` is a file path or ``sqlite:///path`` for the embedded SQLite store (the default);
    ``:memory:`` gives a throw-away store.
    """
    from storyline.store.sqlite import SQLiteStore

    text = str(url)
    if text.startswith("sqlite:///"):
        return SQLiteStore(text.removeprefix("sqlite:///"))
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise StoreError(f"store URL scheme must be sqlite; got {scheme!r} instead")
    return SQLiteStore(text)


__all__ = ["Store", "open_store"]
