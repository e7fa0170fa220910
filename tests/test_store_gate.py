"""A read waits for this process's own commit in the process (``store.gate``), woken when it
ends, instead of sleeping through SQLite's busy handler (1, 2, 5, 10 … ms) while the
commit holds the file's EXCLUSIVE lock.  No timing: the reader's busy timeout is 0, so a
read that reached SQLite during the commit would fail at once with "database is locked"."""
from __future__ import annotations

import threading

from votekit.service.database import open_database
from votekit.store import Store
from votekit.store.gate import Gate


def test_a_commit_closes_the_gate_of_its_file_for_exactly_its_commit(tmp_path):
    db = tmp_path / "gate.sqlite3"
    open_database(db).close()
    with Store(db) as store, Store(db) as other, Store(tmp_path / "else.sqlite3") as elsewhere:
        assert store.conn.gate is other.conn.gate and store.conn.gate is not elsewhere.conn.gate
        seen: list[tuple[str, int]] = []
        store.conn.set_trace_callback(lambda sql: seen.append((sql, store.conn.gate._commits)))
        with store.write():
            store.conn.execute("CREATE TEMP TABLE scratch (x)")
        assert ("COMMIT", 1) in seen and ("BEGIN IMMEDIATE", 0) in seen
        assert store.conn.gate._commits == 0


def test_a_read_during_a_commit_waits_for_it_and_is_not_refused(tmp_path, monkeypatch):
    db = tmp_path / "gate.sqlite3"
    open_database(db).close()
    waiting = threading.Event()
    real_wait = Gate.wait_open

    def wait_open(gate):
        if gate._commits:
            waiting.set()
        real_wait(gate)
    monkeypatch.setattr(Gate, "wait_open", wait_open)
    with Store(db) as writer, Store(db) as reader:
        reader.conn.execute("PRAGMA busy_timeout = 0")           # SQLite itself would not wait at all
        locked = threading.Event()
        answers: list[object] = []

        def commit_slowly():
            writer.conn.execute("BEGIN EXCLUSIVE")              # the lock a commit holds on the file
            writer.conn.execute("INSERT INTO meetings (branch, date, created_at) VALUES ('中共测试支部', '2026-11-30', '2026-11-30T09:00:00')")
            with writer.conn.gate.committing():
                locked.set()
                assert waiting.wait(timeout=60)                  # the reader is parked at the gate
                writer.conn.execute("COMMIT")
        thread = threading.Thread(target=commit_slowly)
        thread.start()
        assert locked.wait(timeout=60)
        try:
            answers.append(reader.conn.execute("SELECT COUNT(*) FROM meetings").fetchone()[0])
        finally:
            thread.join(timeout=60)
        assert answers == [1]                                    # it read after the commit, as committed
