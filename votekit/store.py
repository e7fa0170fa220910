"""The meeting's durable store: one SQLite file, the only module that runs SQL.

- versioned migrations (table ``schema_migrations``), applied in order on open;
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

BUSY_TIMEOUT_MS = 5000
WRITE_RETRIES = 40

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "meetings, roster, elections, rounds, tellers, sign-in, ballots, audit", """
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    branch TEXT NOT NULL,
    date TEXT NOT NULL,
    starts_at TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    presiding TEXT NOT NULL DEFAULT '',
    recorder TEXT NOT NULL DEFAULT '',
    allow_exact_four_fifths INTEGER NOT NULL DEFAULT 0,
    count_unmarked_write_in INTEGER NOT NULL DEFAULT 0,
    pin_hash TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    gender TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('full','probationary','disciplined','suspended')),
    party_group TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, name)
);
CREATE TABLE exclusions (
    member_id INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    reason INTEGER NOT NULL CHECK (reason BETWEEN 1 AND 6),
    higher_approved_on TEXT,
    meeting_approved_on TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE attendance (
    member_id INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    arrived_at TEXT,
    left_at TEXT,
    leave_reason TEXT NOT NULL DEFAULT ''
);
CREATE TABLE elections (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    post TEXT NOT NULL CHECK (post IN ('committee','secretary','deputy','by_election')),
    kind TEXT NOT NULL CHECK (kind IN ('competitive','equal')),
    title TEXT NOT NULL,
    seats INTEGER NOT NULL CHECK (seats >= 1),
    electorate TEXT NOT NULL DEFAULT 'meeting' CHECK (electorate IN ('meeting','committee')),
    parent_id INTEGER REFERENCES elections(id),
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE candidates (
    election_id INTEGER NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id),
    name TEXT NOT NULL,
    PRIMARY KEY (election_id, member_id)
);
CREATE TABLE tellers (
    id INTEGER PRIMARY KEY,
    election_id INTEGER NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('scrutineer','counter')),
    name TEXT NOT NULL,
    member_id INTEGER REFERENCES members(id),
    UNIQUE (election_id, role, name)
);
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    election_id INTEGER NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('first','runoff','further')),
    seats INTEGER NOT NULL CHECK (seats >= 1),
    candidates TEXT NOT NULL DEFAULT '[]',
    issued INTEGER CHECK (issued IS NULL OR issued >= 0),
    issue_reason TEXT NOT NULL DEFAULT '',
    expected_at_issue INTEGER,
    present_at_issue INTEGER,
    returned INTEGER CHECK (returned IS NULL OR returned >= 0),
    UNIQUE (election_id, number)
);
CREATE TABLE ballots (
    id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    marks TEXT NOT NULL DEFAULT '{}',
    write_ins TEXT NOT NULL DEFAULT '[]',
    illegible INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    meeting_id INTEGER,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能删除'); END;
CREATE INDEX members_meeting ON members(meeting_id);
CREATE INDEX elections_meeting ON elections(meeting_id);
CREATE INDEX ballots_round ON ballots(round_id);
"""),
    (2, "counting: round state, ballot-code key, entry tokens, double entry, voids, plenary, posts", """
CREATE TABLE kit_keys (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE round_state (
    round_id INTEGER PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed','void')),
    double_entry INTEGER NOT NULL DEFAULT 0,
    seat_reduction_yes INTEGER CHECK (seat_reduction_yes IS NULL OR seat_reduction_yes >= 0),
    record TEXT,
    verdict TEXT,
    closed_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE entry_tokens (
    token TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    ballot_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE pile_ballots (
    id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    pile TEXT NOT NULL CHECK (pile IN ('A','B')),
    marks TEXT NOT NULL DEFAULT '{}',
    write_ins TEXT NOT NULL DEFAULT '[]',
    illegible INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE void_requests (
    ballot_id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    reason TEXT NOT NULL DEFAULT '',
    requested_by TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE voided_ballots (
    id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    pile TEXT NOT NULL DEFAULT '',
    marks TEXT NOT NULL,
    write_ins TEXT NOT NULL,
    illegible INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE plenary (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
    committee TEXT NOT NULL DEFAULT '[]',
    present TEXT NOT NULL DEFAULT '[]',
    convener TEXT NOT NULL DEFAULT ''
);
CREATE TABLE committee_posts (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    post TEXT NOT NULL,
    PRIMARY KEY (meeting_id, name)
);
CREATE INDEX pile_ballots_round ON pile_ballots(round_id, pile);
"""),
    (3, "ballot papers: printed, spoiled (剪角作废) and the printed layout per round", """
CREATE TABLE round_papers (
    round_id INTEGER PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    printed INTEGER NOT NULL DEFAULT 0 CHECK (printed >= 0),
    spares INTEGER NOT NULL DEFAULT 0 CHECK (spares >= 0),
    spoiled INTEGER CHECK (spoiled IS NULL OR spoiled >= 0),
    paper TEXT NOT NULL DEFAULT 'A4',
    payload TEXT NOT NULL DEFAULT '',
    layout TEXT NOT NULL DEFAULT '{}',
    file TEXT NOT NULL DEFAULT ''
);
"""),
    (4, "other votes: motions (表决) and appraisals (民主测评) with their sheets", """
CREATE TABLE motions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('admit','confirm','dispose','general')),
    person TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    proposal TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    method TEXT CHECK (method IS NULL OR method IN ('hands','ballot')),
    agree INTEGER, against INTEGER, abstain INTEGER, invalid INTEGER,
    issued INTEGER, returned INTEGER,
    expected_at_vote INTEGER, present_at_vote INTEGER,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','carried','rejected','void')),
    verdict TEXT
);
CREATE TABLE appraisals (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    appraised TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0,
    issued INTEGER CHECK (issued IS NULL OR issued >= 0),
    returned INTEGER CHECK (returned IS NULL OR returned >= 0),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed','void')),
    summary TEXT
);
CREATE TABLE appraisal_sheets (
    id TEXT PRIMARY KEY,
    appraisal_id INTEGER NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
    ratings TEXT NOT NULL DEFAULT '{}',
    illegible INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE appraisal_tokens (
    token TEXT PRIMARY KEY,
    appraisal_id INTEGER NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
    sheet_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX motions_meeting ON motions(meeting_id);
CREATE INDEX appraisals_meeting ON appraisals(meeting_id);
CREATE INDEX appraisal_sheets_round ON appraisal_sheets(appraisal_id);
"""),
    (5, "scan reading: read ballots (random keys, no page order) and doubtful marks for people", """
CREATE TABLE scan_ballots (
    id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending','ready','adopted')),
    reading TEXT NOT NULL,
    marks TEXT,
    write_ins TEXT,
    illegible INTEGER,
    image BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE scan_doubts (
    id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    ballot_id TEXT REFERENCES scan_ballots(id) ON DELETE CASCADE,
    slot INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('mark','write_in','page')),
    label TEXT NOT NULL DEFAULT '',
    reasons TEXT NOT NULL,
    guess TEXT NOT NULL DEFAULT '',
    confidence REAL,
    image BLOB NOT NULL,
    decision TEXT,
    name TEXT,
    decided_by TEXT
) WITHOUT ROWID;
CREATE INDEX scan_ballots_round ON scan_ballots(round_id, status);
CREATE INDEX scan_doubts_round ON scan_doubts(round_id, ballot_id);
"""),
    (6, "meeting: the higher committee (主送机关) and the term for the 换届 paperwork", """
ALTER TABLE meetings ADD COLUMN higher_committee TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN term_elected_on TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN term_expires_on TEXT NOT NULL DEFAULT '';
"""),
    (7, "access: the scrutineers' own PIN, so the meeting PIN cannot open 监票人 actions", """
ALTER TABLE meetings ADD COLUMN scrutineer_pin_hash TEXT;
"""),
]


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
                for statement in _split_sql(script):
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
                        e.note AS excl_note, a.arrived_at, a.left_at, a.leave_reason
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


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements, buf = [], []
    for line in script.strip().splitlines():
        buf.append(line)
        text = "\n".join(buf).strip()
        in_trigger = text.upper().startswith("CREATE TRIGGER")
        if text.endswith(";") and (not in_trigger or text.upper().endswith("END;")):
            statements.append(text)
            buf = []
    if "\n".join(buf).strip():
        statements.append("\n".join(buf).strip())
    return statements


def open_store(path: str | Path, clock: Callable[[], str] = _now) -> Store:
    """Open (creating if needed) and migrate the database at ``path``."""
    store = Store(path, clock)
    store.migrate()
    return store
