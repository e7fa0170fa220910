"""Reads wait for this process's own commits in the process, not in SQLite's busy handler.

With a rollback journal a commit holds the file's EXCLUSIVE lock while it writes the pages
and waits for the disk; a connection that starts a read meanwhile gets SQLITE_BUSY, and
SQLite's busy handler sleeps 1, 2, 5, 10, 15 … ms between tries.  With eight tellers the
group commits run back to back, so a teller's read of its round (before its paper joins the
queue) often slept two or three of those steps: a few ms on the median, tens on the tail.

So every connection to a meeting file shares that file's ``Gate``: ``Store.write`` closes it
around its ``COMMIT``, and a connection about to start a read (not inside a transaction of
its own) waits until it opens again — woken the moment the commit is done.  The wait is
capped (``CAP``): a reader that itself still holds a half-read statement, which the commit
must wait for, or a commit by another process, falls back to SQLite's own waiting as before.
Nothing is skipped or reordered: this only decides when a read starts.
"""
from __future__ import annotations

import contextlib
import sqlite3
import threading
from typing import Any, Iterator

CAP = 0.1                                   # seconds a read waits here at most


class Gate:
    def __init__(self) -> None:
        self._open = threading.Condition()
        self._commits = 0

    @contextlib.contextmanager
    def committing(self) -> Iterator[None]:
        with self._open:
            self._commits += 1
        try:
            yield
        finally:
            with self._open:
                self._commits -= 1
                if not self._commits:
                    self._open.notify_all()

    def closed(self) -> bool:
        """Whether a commit of this process is under way on the file (its lock may be held)."""
        return self._commits > 0

    def wait_open(self) -> None:
        if self.closed():                   # (no lock on the common path: nothing is committing)
            with self._open:
                self._open.wait_for(lambda: not self._commits, timeout=CAP)


_GATES: dict[str, Gate] = {}
_GATES_LOCK = threading.Lock()


def gate_for(path: str) -> Gate:
    """The gate every connection to this file shares (an in-memory database has its own)."""
    if path == ":memory:":
        return Gate()
    with _GATES_LOCK:
        return _GATES.setdefault(path, Gate())


def _before_read(connection: "GatedConnection") -> None:
    """A statement outside a transaction of its own starts a read: not while this process commits."""
    if not connection.in_transaction:
        connection.gate.wait_open()


class GatedCursor(sqlite3.Cursor):
    def execute(self, sql: str, parameters: Any = (), /) -> "GatedCursor":
        _before_read(self.connection)
        return super().execute(sql, parameters)


class GatedConnection(sqlite3.Connection):
    """A connection whose reads outside a transaction wait for the file's gate."""

    gate: Gate

    def cursor(self, factory: Any = GatedCursor) -> Any:     # type: ignore[override]
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:  # type: ignore[override]
        _before_read(self)             # (``Connection.execute`` does not go through ``cursor()``)
        return super().execute(sql, parameters)
