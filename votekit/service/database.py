"""Opening the meeting database: the shells (web, CLI) come through here, not to the store."""
from __future__ import annotations

from pathlib import Path

from ..store import Store, open_store


def open_database(path: str | Path) -> Store:
    """Open, creating and migrating if needed, the database at ``path``."""
    return open_store(path)


def connect(path: str | Path) -> Store:
    """A connection for one request (the file is already migrated)."""
    return Store(path)


def schema_version(store: Store) -> int:
    return store.schema_version()
