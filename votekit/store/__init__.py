"""The meeting's durable store: one SQLite file, the only module that runs SQL.

- versioned migrations, numbered ``.sql`` files in ``migrations/`` (table
  ``schema_migrations`` records those applied), applied in order on open;
- rollback journal (deleted at each commit: no WAL keeping older states),
  ``foreign_keys`` on, ``synchronous=FULL`` (a committed sign-in survives a
  killed process), a busy timeout;
- ``Store.write()``: a ``BEGIN IMMEDIATE`` transaction, retried while another
  teller holds the write lock; nested blocks become savepoints (atomic); a single
  statement inside a transaction needs none (SQLite undoes a failed statement);
- plain SQL on the connection (Python's statement cache prepares each text once):
  no schema probes, no DDL outside migrations;
- generic row access by table name and equality filters, so the service layer
  never writes SQL text.

Secret ballot: ballots have a random text key, no voter, no time, and are
``WITHOUT ROWID``; the count's ballots fill places laid out in key order in advance,
in place, and every other table that holds ballot contents or entry tokens is
rewritten in key order in the transaction that changes it (``ballot_box``,
``shelving``), so at any moment the file's layout follows random keys, not the
order of entry; deleted
rows are zeroed (``secure_delete``); ``compact()`` (run when a round is closed)
also rewrites the whole file.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import sqlite3
import threading
import time
from pathlib import Path
from functools import cached_property
from typing import Any, Callable, Iterator

from .migrations import MIGRATIONS, split_sql
from . import shelving
from .shelving import reshelve_pending
from .gate import GatedConnection, gate_for

OperationalError = sqlite3.OperationalError     # what a full disk raises (named for the shells)
BUSY_TIMEOUT_MS = 5000
WRITE_RETRIES = 40

def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _dict_row(cursor: sqlite3.Cursor, row: tuple) -> dict[str, Any]:
    return {column[0]: value for column, value in zip(cursor.description, row)}


def _where(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    if not filters:
        return "", []
    parts, args = [], []
    for column, value in filters.items():
        if value is None:
            parts.append(f"[{column}] IS NULL")
        else:
            parts.append(f"[{column}] = ?")
            args.append(value)
    return " AND ".join(parts), args


class Store:
    """One connection to the meeting database (one per request / thread)."""

    def __init__(self, path: str | Path, clock: Callable[[], str] = _now):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False, factory=GatedConnection)
        conn.gate = gate_for(self.path)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            # a rollback journal, deleted at each commit: a WAL would keep every entry's
            # commit, in order, until a checkpoint that another reader can hold off
            self._retry(lambda: conn.execute("PRAGMA journal_mode = DELETE"))
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")       # a voided or replaced row leaves no trace
        self.conn = conn
        self._file = self._identity()
        self._shelves = self._prepare_shelves()
        self.clock = clock
        self._depth = 0
        self._lock = threading.RLock()

    def _prepare_shelves(self) -> frozenset[str]:
        """In-memory shelves for the secret tables that exist (outside any transaction)."""
        shelving.prepare(self.conn)
        rows = self.conn.execute("SELECT name FROM temp.sqlite_master WHERE type = 'table'").fetchall()
        return frozenset(r[0].removeprefix("shelf_") for r in rows if r[0].startswith("shelf_"))

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def _identity(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        return found.st_dev, found.st_ino

    def sibling(self) -> "Store":
        """Another connection to the same file, on the same clock (``paper_entry``'s writer)."""
        return type(self)(self.path, clock=self.clock)

    def opened_same_file_as(self, other: "Store") -> bool:
        """Whether both connections opened the same file (not one replaced in between)."""
        return self._file is not None and self._file == other._file

    def same_file(self) -> bool:
        """Whether the file at ``path`` is still the one this connection opened (not replaced)."""
        return self._file is not None and self._identity() == self._file

    def reusable(self) -> bool:
        """Whether this connection may serve another request: no transaction open, no statement
        left running (which would hold a read lock against every other teller: checked with
        SQLite's ``sqlite_stmt``; a build without it says no), and still the same file.

        The check never waits for this process's own commit (not at the ``gate``, not in SQLite's
        busy handler): while one runs, the check asks with a busy timeout of 0, and a locked file
        answers too — the file cannot be locked against new reads while a statement of this
        connection holds a read lock, so nothing is running here."""
        if self._depth or self.conn.in_transaction or not self.same_file():
            return False
        plain = sqlite3.Connection.execute
        hurry = self.conn.gate.closed()
        if hurry:
            plain(self.conn, "PRAGMA busy_timeout = 0")
        try:
            running = plain(self.conn, "SELECT COUNT(*) FROM sqlite_stmt WHERE busy "
                                       "AND sql NOT LIKE 'SELECT COUNT(*) FROM sqlite_stmt%'").fetchone()[0]
        except sqlite3.OperationalError as exc:
            return hurry and "locked" in str(exc)
        finally:
            if hurry:
                plain(self.conn, f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return running == 0

    @cached_property
    def db(self) -> Any:
        """sqlite-utils over the same connection, for tests and tools that inspect the schema
        (the kit's own reads and writes never go through it)."""
        import sqlite_utils
        return sqlite_utils.Database(self.conn, recursive_triggers=False)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> str:
        return self.clock()

    @staticmethod
    def _retry(action: Callable[[], Any]) -> Any:
        for attempt in range(WRITE_RETRIES):
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                time.sleep(min(0.01 * (attempt + 1), 0.25))
        return action()

    # -- migrations --------------------------------------------------------
    def schema_version(self) -> int:
        if not self.has_table("schema_migrations"):
            return 0
        row = self.conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    def migrate(self) -> list[int]:
        """Apply, in version order, every migration the file has not had; returns those applied."""
        applied = []
        with self.write():
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            done = {row[0] for row in self.conn.execute("SELECT version FROM schema_migrations")}
            for version, name, script in sorted(MIGRATIONS, key=lambda m: m[0]):
                if version in done:
                    continue
                for statement in split_sql(script):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                                [version, name, self.now()])
                applied.append(version)
        if applied and self.value("PRAGMA freelist_count"):
            # a migration that dropped a table left free pages, which the next table to grow
            # (a round's ballot places, laid out at issue) would take out of key order
            self.compact()
        self._shelves = self._prepare_shelves()
        return applied

    # -- transactions ------------------------------------------------------
    @contextlib.contextmanager
    def write(self, savepoint: bool = True) -> Iterator["Store"]:
        """An all-or-nothing write: BEGIN IMMEDIATE (retried); when nested, a savepoint, or
        (``savepoint=False``, for a block whose failure must fail the whole transaction
        anyway, such as an audit event) simply part of the enclosing transaction."""
        with self._lock:
            if self._depth and not savepoint:
                yield self
                return
            if self._depth:
                name = f"sp_{secrets.token_hex(6)}"
                self.conn.execute(f"SAVEPOINT {name}")
                self._depth += 1
                try:
                    yield self
                except BaseException:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                    raise
                else:
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                finally:
                    self._depth -= 1
                return
            self._retry(lambda: self.conn.execute("BEGIN IMMEDIATE"))
            self._depth = 1
            try:
                yield self
                reshelve_pending(self.conn, self._shelves)
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                with self.conn.gate.committing():       # reads here wait for it (``gate``)
                    self._retry(lambda: self.conn.execute("COMMIT"))
            finally:
                self._depth = 0

    # -- rows --------------------------------------------------------------
    def _run(self, sql: str, args: Any = ()) -> sqlite3.Cursor:
        """One writing statement: as it is inside a transaction, else in one of its own."""
        if self._depth:
            return self.conn.execute(sql, args)
        with self.write():
            return self.conn.execute(sql, args)

    def query(self, sql: str, args: Any = ()) -> list[dict[str, Any]]:
        """Rows of one read as dicts (column name: value)."""
        cur = self.conn.cursor()
        cur.row_factory = _dict_row
        return cur.execute(sql, args).fetchall()

    def query_one(self, sql: str, args: Any = ()) -> dict[str, Any] | None:
        cur = self.conn.cursor()
        cur.row_factory = _dict_row
        return cur.execute(sql, args).fetchone()

    def value(self, sql: str, args: Any = ()) -> Any:
        row = self.conn.execute(sql, args).fetchone()
        return row[0] if row else None

    def has_table(self, name: str) -> bool:
        return self.value("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]) == 1

    def insert(self, table: str, row: dict[str, Any]) -> int:
        cols = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        return self._run(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", list(row.values())).lastrowid

    def update(self, table: str, values: dict[str, Any], **filters: Any) -> int:
        where, args = _where(filters)
        sets = ", ".join(f"[{c}] = ?" for c in values)
        return self._run(f"UPDATE [{table}] SET {sets} WHERE {where}", list(values.values()) + args).rowcount

    def upsert(self, table: str, row: dict[str, Any], key: str) -> None:
        cols = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        sets = ", ".join(f"[{c}] = excluded.[{c}]" for c in row if c != key)
        action = f"DO UPDATE SET {sets}" if sets else "DO NOTHING"
        self._run(f"INSERT INTO [{table}] ({cols}) VALUES ({marks}) ON CONFLICT([{key}]) {action}",
                  list(row.values()))

    def delete(self, table: str, **filters: Any) -> int:
        where, args = _where(filters)
        return self._run(f"DELETE FROM [{table}] WHERE {where}", args).rowcount

    def rows(self, table: str, order_by: str | None = None, **filters: Any) -> list[dict[str, Any]]:
        where, args = _where(filters)
        sql = f"SELECT * FROM [{table}]" + (f" WHERE {where}" if where else "")
        return self.query(sql + (f" ORDER BY {order_by}" if order_by else ""), args)

    def get(self, table: str, **filters: Any) -> dict[str, Any] | None:
        where, args = _where(filters)
        return self.query_one(f"SELECT * FROM [{table}]" + (f" WHERE {where}" if where else "") + " LIMIT 1",
                              args)

    def count(self, table: str, **filters: Any) -> int:
        where, args = _where(filters)
        return self.value(f"SELECT COUNT(*) FROM [{table}]" + (f" WHERE {where}" if where else ""), args)

    def max_of(self, table: str, column: str, **filters: Any) -> Any:
        where, args = _where(filters)
        return self.value(f"SELECT MAX([{column}]) FROM [{table}]" + (f" WHERE {where}" if where else ""), args)

    def paper_facts(self, meeting_id: int) -> dict[str, str]:
        """The facts recorded for the paperwork (documents screen), fact -> text."""
        rows = self.query("SELECT fact, value FROM paper_facts WHERE meeting_id = ? ORDER BY fact",
                          [meeting_id])
        return {row["fact"]: row["value"] for row in rows}

    def set_paper_facts(self, meeting_id: int, values: dict[str, str | None]) -> None:
        """Replace the given facts; ``None`` clears one."""
        for fact, value in values.items():
            self._run("DELETE FROM paper_facts WHERE meeting_id = ? AND fact = ?", [meeting_id, fact])
            if value is not None:
                self._run("INSERT INTO paper_facts (meeting_id, fact, value) VALUES (?, ?, ?)",
                          [meeting_id, fact, value])

    def insert_ballot(self, round_id: int, marks: str, write_ins: str, illegible: bool) -> str:
        """A returned ballot under a random key (``ballot_box`` owns the secret-ballot tables)."""
        from .ballot_box import insert_stored
        return insert_stored(self, round_id, marks, write_ins, illegible)

    def compact(self) -> bool:
        """Rewrite the whole file (VACUUM): smaller, and every table in key order.  Secrecy
        does not depend on it (``shelving`` keeps the secret tables in key order at every
        commit); best effort: returns False if another connection kept it from running."""
        if self.path == ":memory:" or self._depth:
            return False
        try:
            self._retry(lambda: self.conn.execute("VACUUM"))
        except sqlite3.OperationalError:
            return False
        return True

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and \
            not self.conn.execute("PRAGMA foreign_key_check").fetchall()


def open_store(path: str | Path, clock: Callable[[], str] = _now) -> Store:
    """Open (creating if needed) and migrate the database at ``path``."""
    store = Store(path, clock)
    store.migrate()
    return store
