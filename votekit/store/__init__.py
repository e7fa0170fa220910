"""The meeting's durable store: one SQLite file, the only module that runs SQL.

- versioned migrations, numbered ``.sql`` files in ``migrations/`` (table
  ``schema_migrations`` records those applied), applied in order on open;
- WAL journal, ``foreign_keys`` on, ``synchronous=FULL`` (a committed sign-in
  survives a killed process), a busy timeout;
- ``Store.write()``: a ``BEGIN IMMEDIATE`` transaction, retried while another
  teller holds the write lock; nested blocks become savepoints (atomic);
- generic row access by table name and equality filters, so the service layer
  never writes SQL text.

Secret ballot: the ``ballots`` table has a random text key, no voter, no time,
and is ``WITHOUT ROWID`` so nothing stored follows the order of entry; deleted rows
are zeroed (``secure_delete``) and ``compact()`` (run when a round is closed)
rewrites the file in key order and empties the WAL.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import sqlite_utils

from .migrations import MIGRATIONS, split_sql

BUSY_TIMEOUT_MS = 5000
WRITE_RETRIES = 40

def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


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
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self._retry(lambda: conn.execute("PRAGMA journal_mode = WAL"))
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")       # a voided or replaced row leaves no trace
        conn.execute("PRAGMA journal_size_limit = 0")   # the WAL shrinks after each checkpoint
        self.db = sqlite_utils.Database(conn)
        self.clock = clock
        self._depth = 0
        self._lock = threading.RLock()

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        self.db.conn.close()

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
        if "schema_migrations" not in self.db.table_names():
            return 0
        row = self.db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return row[0] or 0

    def migrate(self) -> list[int]:
        """Apply, in version order, every migration the file has not had; returns those applied."""
        applied = []
        with self.write():
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            done = {row[0] for row in self.db.execute("SELECT version FROM schema_migrations")}
            for version, name, script in sorted(MIGRATIONS, key=lambda m: m[0]):
                if version in done:
                    continue
                for statement in split_sql(script):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                                [version, name, self.now()])
                applied.append(version)
        return applied

    # -- transactions ------------------------------------------------------
    @contextlib.contextmanager
    def write(self) -> Iterator["Store"]:
        """An all-or-nothing write: BEGIN IMMEDIATE (retried), savepoint when nested."""
        with self._lock:
            if self._depth:
                name = f"sp_{secrets.token_hex(6)}"
                self.db.execute(f"SAVEPOINT {name}")
                self._depth += 1
                try:
                    yield self
                except BaseException:
                    self.db.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.db.execute(f"RELEASE SAVEPOINT {name}")
                    raise
                else:
                    self.db.execute(f"RELEASE SAVEPOINT {name}")
                finally:
                    self._depth -= 1
                return
            self._retry(lambda: self.db.conn.execute("BEGIN IMMEDIATE"))
            self._depth = 1
            try:
                yield self
            except BaseException:
                self.db.conn.execute("ROLLBACK")
                raise
            else:
                self._retry(lambda: self.db.conn.execute("COMMIT"))
            finally:
                self._depth = 0

    atomic = write

    # -- rows --------------------------------------------------------------
    def insert(self, table: str, row: dict[str, Any]) -> int:
        cols = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        with self.write():
            cur = self.db.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", list(row.values()))
            return cur.lastrowid

    def update(self, table: str, values: dict[str, Any], **filters: Any) -> int:
        where, args = _where(filters)
        sets = ", ".join(f"[{c}] = ?" for c in values)
        with self.write():
            cur = self.db.execute(f"UPDATE [{table}] SET {sets} WHERE {where}", list(values.values()) + args)
            return cur.rowcount

    def upsert(self, table: str, row: dict[str, Any], key: str) -> None:
        with self.write():
            self.db[table].upsert(row, pk=key)

    def delete(self, table: str, **filters: Any) -> int:
        where, args = _where(filters)
        with self.write():
            return self.db.execute(f"DELETE FROM [{table}] WHERE {where}", args).rowcount

    def rows(self, table: str, order_by: str | None = None, **filters: Any) -> list[dict[str, Any]]:
        where, args = _where(filters)
        return list(self.db[table].rows_where(where or None, args, order_by=order_by))

    def get(self, table: str, **filters: Any) -> dict[str, Any] | None:
        found = self.rows(table, **filters)
        return found[0] if found else None

    def count(self, table: str, **filters: Any) -> int:
        where, args = _where(filters)
        sql = f"SELECT COUNT(*) FROM [{table}]" + (f" WHERE {where}" if where else "")
        return self.db.execute(sql, args).fetchone()[0]

    def max_of(self, table: str, column: str, **filters: Any) -> Any:
        where, args = _where(filters)
        sql = f"SELECT MAX([{column}]) FROM [{table}]" + (f" WHERE {where}" if where else "")
        return self.db.execute(sql, args).fetchone()[0]

    def members_with_attendance(self, meeting_id: int) -> list[dict[str, Any]]:
        """Roster rows joined with exclusion and attendance (one query for the quorum)."""
        sql = """SELECT m.*, e.reason AS excl_reason, e.higher_approved_on, e.meeting_approved_on,
                        e.note AS excl_note, a.arrived_at, a.left_at, a.leave_reason, a.absence
                 FROM members m LEFT JOIN exclusions e ON e.member_id = m.id
                 LEFT JOIN attendance a ON a.member_id = m.id
                 WHERE m.meeting_id = ? ORDER BY m.id"""
        return list(self.db.execute_returning_dicts(sql, [meeting_id]))

    def insert_ballot(self, round_id: int, marks: str, write_ins: str, illegible: bool) -> str:
        """A returned ballot under a random key: nothing records who or when."""
        key = secrets.token_hex(16)
        self.insert("ballots", {"id": key, "round_id": round_id, "marks": marks,
                                "write_ins": write_ins, "illegible": int(illegible)})
        return key

    def compact(self) -> bool:
        """Rewrite the file in key order and empty the WAL, so that nothing physical (the
        order cells were written within a page, WAL frames) still follows the order of entry.
        Best effort: returns False if another connection kept the WAL from being emptied."""
        if self.path == ":memory:" or self._depth:
            return False
        try:
            self._retry(lambda: self.db.conn.execute("VACUUM"))
            busy = self._retry(lambda: self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone())
        except sqlite3.OperationalError:
            return False
        return busy[0] == 0

    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and \
            not self.db.execute("PRAGMA foreign_key_check").fetchall()


def open_store(path: str | Path, clock: Callable[[], str] = _now) -> Store:
    """Open (creating if needed) and migrate the database at ``path``."""
    store = Store(path, clock)
    store.migrate()
    return store
