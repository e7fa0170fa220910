"""Opening the meeting database: the shells (web, CLI) come through here, not to the store."""
from __future__ import annotations

import errno
from pathlib import Path

from ..store import OperationalError, Store, open_store  # noqa: F401 - OperationalError for the shells


def open_database(path: str | Path) -> Store:
    """Open, creating and migrating if needed, the database at ``path``."""
    return open_store(path)


def connect(path: str | Path) -> Store:
    """A connection for one request (the file is already migrated)."""
    return Store(path)


def schema_version(store: Store) -> int:
    return store.schema_version()


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (from SQLite or the file system) means the disk is full: the answer is
    then "磁盘已满，本次操作未保存" (the transaction was rolled back, nothing half-written)."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if "disk is full" in str(exc) or "SQLITE_FULL" in str(exc):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False
