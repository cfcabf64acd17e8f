"""Storage behind one interface: ``open_store(url)`` picks the backend from the URL."""

from __future__ import annotations

from pathlib import Path

from storyline.errors import StoreError
from storyline.store.base import Store

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_store(url: str | Path) -> Store:
    """Open (creating and migrating if needed) the store at ``url``.

    ``url`` is a file path or ``sqlite:///path`` for the embedded SQLite store (the default);
    ``:memory:`` gives a throw-away store. ``postgresql://user:password@host:port/database``
    (or ``postgres://...``, any libpq URL) opens a store in an existing PostgreSQL database;
    it needs the ``postgres`` extra (psycopg).
    """
    text = str(url)
    if text.startswith(POSTGRES_SCHEMES):
        try:
            from storyline.store.postgres import PostgresStore
        except ModuleNotFoundError as exc:
            if exc.name != "psycopg" and not (exc.name or "").startswith("psycopg."):
                raise
            raise StoreError(
                "postgresql:// stores need psycopg: pip install 'storyline[postgres]'"
            ) from None
        return PostgresStore(text)

    from storyline.store.sqlite import SQLiteStore

    if text.startswith("sqlite:///"):
        return SQLiteStore(text.removeprefix("sqlite:///"))
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise StoreError(f"store URL scheme must be sqlite or postgresql; got {scheme!r} instead")
    return SQLiteStore(text)


__all__ = ["Store", "open_store"]
