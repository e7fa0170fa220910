"""The group commit writes every teller's paper on one connection of its own per meeting file.

With eight tellers each on a connection of their own, a commit on one connection makes every
other connection read the pages it needs afresh from the file: a scan of the round's places
by each submission re-read the whole table (169 read calls and 672 KB per submission at 1,000
ballots).  So ``paper_entry.GroupCommit`` writes each group on a connection it keeps for the
file (its page cache stays warm); a replaced file gets a new one; only the files used last
keep theirs open (a test run opens hundreds of files).
"""
from __future__ import annotations

import secrets
import sqlite3

import pytest

from tests.counting_fixtures import CANDIDATES, build_meeting
from votekit.service import entry, paper_entry
from votekit.service.database import connect, open_database
from votekit.store import Store


def _submit(store: Store, round_id: int, name: str) -> None:
    outcome = entry.submit(store, "计票人杨帆", round_id, {"marks": {name: "agree"}}, secrets.token_hex(16))
    assert outcome.ok, outcome


def _traced_writers(monkeypatch) -> list[tuple[Store, list[str]]]:
    opened: list[tuple[Store, list[str]]] = []
    real = Store.sibling

    def sibling(store: Store) -> Store:
        writer = real(store)
        opened.append((writer, []))
        writer.conn.set_trace_callback(opened[-1][1].append)
        return writer
    monkeypatch.setattr(Store, "sibling", sibling)
    return opened


def test_every_group_is_written_on_the_queues_own_connection(tmp_path, monkeypatch):
    db = tmp_path / "writer.sqlite3"
    with open_database(db) as store:
        meeting = build_meeting(store)
    writers = _traced_writers(monkeypatch)
    tellers = [connect(db) for _ in range(3)]
    seen: list[list[str]] = []
    for teller in tellers:
        seen.append([])
        teller.conn.set_trace_callback(seen[-1].append)
    for n in range(9):
        _submit(tellers[n % 3], meeting.round_id, CANDIDATES[n % 5])
    assert len(writers) == 1                                   # one writer, kept from group to group
    (writer, written), = writers
    assert written.count("COMMIT") == 9
    assert all(s.count("COMMIT") == 0 and not [q for q in s if q.startswith("UPDATE")] for s in seen)
    assert entry.entered_count(tellers[0], meeting.round_id) == 9
    for teller in tellers:
        teller.close()


def test_a_replaced_meeting_file_gets_a_new_writer_and_the_paper_goes_into_it(tmp_path, monkeypatch):
    db = tmp_path / "replaced.sqlite3"
    with open_database(db) as store:
        meeting = build_meeting(store)
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(db.read_bytes())                          # the file as it was before any ballot
    writers = _traced_writers(monkeypatch)
    with connect(db) as teller:
        _submit(teller, meeting.round_id, CANDIDATES[0])
    db.unlink()
    copy.rename(db)                                             # e.g. restored from a backup
    with connect(db) as teller:
        _submit(teller, meeting.round_id, CANDIDATES[1])
        assert entry.entered_count(teller, meeting.round_id) == 1
    assert len(writers) == 2
    with pytest.raises(sqlite3.ProgrammingError):              # the old file's writer was closed
        writers[0][0].conn.execute("SELECT 1")


def test_only_the_files_used_last_keep_their_writer_open(tmp_path):
    rounds = []
    for n in range(paper_entry.KEPT_WRITERS + 3):
        db = tmp_path / f"meeting{n}.sqlite3"
        with open_database(db) as store:
            rounds.append((db, build_meeting(store, issued=2).round_id))
    for db, round_id in rounds:
        with connect(db) as teller:
            _submit(teller, round_id, CANDIDATES[0])
    kept = [db for db, _ in rounds if paper_entry._COMMITS[str(db)]._writer is not None]
    assert kept == [db for db, _ in rounds[-paper_entry.KEPT_WRITERS:]]
