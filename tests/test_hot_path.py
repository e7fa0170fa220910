"""The counting table's hot path in plain SQL: statements counted with ``set_trace_callback``.

A teller's ``POST /r/<id>/ballots`` used to run 73 statements (sqlite-utils' schema
probes, a savepoint per row, an upsert feature probe creating and dropping a table
inside the secret-ballot transaction), then 19 (9 for the entry and 10 for rewriting the
ballots and their tokens in key order before every commit).  Now a ballot fills a place
laid out in advance (``store.ballot_box``, migration 13), so the whole request — reads,
the write, the commit — must stay at most 12 statements, with no schema probe, no DDL and
no key-order rewrite, as many for the twentieth ballot of a round as for the second (the
server thread keeps its connection for its next request, after one check that nothing is
left running on it: ``Store.reusable``).  Only
the round's first entry lays its places out (a fixed number of set statements, whatever the
size of the round).  The board stays small too.

SQLite reports a trigger's program with its parent statement's text, so consecutive
repeats of one text are one statement.
"""
import re
import secrets
import threading

import pytest
from hypothesis import given, strategies as st

import votekit.web as web
from votekit.service import text
from votekit.service.database import open_database
from votekit.store import Store
from votekit.web import create_app
from tests.counting_fixtures import CANDIDATES, build_meeting

DDL = re.compile(r"^\s*(CREATE|DROP|ALTER)\b", re.I)


def trace_connections(monkeypatch, statements: list[str]) -> None:
    """Every statement of a request: on the thread's connection (``web.connect``) and on the
    connection the group commit writes on (``Store.sibling``)."""
    real_connect, real_sibling = web.connect, Store.sibling

    def connect(path):
        store = real_connect(path)
        store.conn.set_trace_callback(statements.append)
        return store

    def sibling(store):
        writer = real_sibling(store)
        writer.conn.set_trace_callback(statements.append)
        return writer
    monkeypatch.setattr(web, "connect", connect)
    monkeypatch.setattr(Store, "sibling", sibling)


@pytest.fixture
def traced(tmp_path, monkeypatch):
    db = tmp_path / "hot.sqlite3"
    with open_database(db) as store:
        meeting = build_meeting(store)
    statements: list[str] = []
    trace_connections(monkeypatch, statements)
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True})
    client = app.test_client()
    page = client.get(f"/r/{meeting.round_id}/entry").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return client, meeting, token, statements


def _submit(client, round_id, token, ballot, pile=None, idem=None):
    body = {"token": idem or secrets.token_hex(16), "ballot": ballot}
    if pile:
        body["pile"] = pile
    return client.post(f"/r/{round_id}/ballots", json=body, headers={"X-CSRFToken": token}).get_json()


REWRITE = re.compile(r"^(INSERT INTO temp\.|DELETE FROM main\.|INSERT INTO main\.|DELETE FROM temp\.)")


KEEP_CHECK = ("SELECT COUNT(*) FROM sqlite_stmt", "PRAGMA busy_timeout")   # at teardown: may the thread keep it?


def _folded(statements):
    """One line per statement (a trigger's program is reported under its parent's text)."""
    return [s for i, s in enumerate(statements) if i == 0 or s != statements[i - 1]]


def _no_probes(statements):
    assert not [s for s in statements if "sqlite_master" in s or "table_info" in s.lower()]
    assert not [s for s in statements if DDL.match(s)]


def test_a_ballot_submission_runs_at_most_12_statements(traced):
    client, meeting, token, statements = traced
    for ballot in ({"marks": {CANDIDATES[0]: "agree"}}, {"marks": {}, "write_ins": [{"name": "韩雪"}]},
                   {"illegible": True}):
        statements.clear()
        reply = _submit(client, meeting.round_id, token, ballot)
        assert reply["ok"], reply
        run = _folded(statements)
        assert len(run) <= 12, run
        assert [s for s in run[run.index("COMMIT") + 1:] if not s.startswith(KEEP_CHECK)] == []
        assert sum(s.startswith("UPDATE ballot_places") for s in run) == 1
        assert not [s for s in run if REWRITE.match(s) or s.startswith("INSERT INTO ballot_places")], run
        _no_probes(statements)


def test_more_places_than_were_issued_are_laid_out_in_a_fixed_number_of_statements(traced, tmp_path):
    """Issuing the ballots lays out a place for each; when more come back than went out (the
    election is then void, but the pile is still entered), the entry that finds no empty place
    lays out more, as set statements, whatever the size of the round."""
    from votekit.service import ballots
    client, meeting, token, statements = traced
    with open_database(tmp_path / "hot.sqlite3") as store:
        assert ballots.record_returned(store, "监票人", meeting.round_id, 31).ok    # 30 issued
    for n in range(30):
        statements.clear()
        assert _submit(client, meeting.round_id, token, {"marks": {CANDIDATES[n % 5]: "agree"}})["ok"]
        assert not [s for s in _folded(statements) if REWRITE.match(s)]
    statements.clear()
    assert _submit(client, meeting.round_id, token, {"marks": {CANDIDATES[0]: "agree"}})["ok"]
    run = [s for s in _folded(statements[statements.index("BEGIN IMMEDIATE"):]) if not s.startswith(KEEP_CHECK)]
    assert sum(bool(REWRITE.match(s)) for s in run) == 4, run     # the places, in key order, as set statements
    assert len(run) <= 15, run
    _no_probes(statements)


def test_the_statements_do_not_grow_with_the_round(traced):
    client, meeting, token, statements = traced
    sizes = []
    for n in range(20):
        statements.clear()
        assert _submit(client, meeting.round_id, token, {"marks": {CANDIDATES[n % 5]: "agree"}})["ok"]
        sizes.append(len(_folded(statements)))
    assert len(set(sizes)) == 1, sizes


def test_a_repeated_submission_and_a_refusal_stay_cheap_too(traced):
    client, meeting, token, statements = traced
    idem = secrets.token_hex(16)
    assert _submit(client, meeting.round_id, token, {"marks": {}}, idem=idem)["ok"]
    statements.clear()
    again = _submit(client, meeting.round_id, token, {"marks": {}}, idem=idem)
    assert again["ok"] and again["value"]["duplicate"] is True
    assert len(_folded(statements)) <= 12
    statements.clear()
    refused = _submit(client, meeting.round_id, token, {"marks": {}}, pile="A")   # not in double entry
    assert not refused["ok"] and len(_folded(statements)) <= 12
    _no_probes(statements)


def test_the_board_reads_in_a_handful_of_statements(traced):
    client, meeting, token, statements = traced
    assert _submit(client, meeting.round_id, token, {"marks": {CANDIDATES[1]: "agree"}})["ok"]
    statements.clear()
    board = client.get(f"/r/{meeting.round_id}/board.json").get_json()
    assert board["entered"] == 1 and board["rows"][1]["agree"] == 1
    reads = [s for s in statements if not s.startswith(KEEP_CHECK)]
    assert len(reads) <= 6 and len(statements) <= len(reads) + 1, statements     # + the keep check
    _no_probes(statements)


def test_a_file_with_ballots_entered_before_the_places_keeps_them_and_their_tokens(tmp_path, monkeypatch):
    """Migration 13 moves the ballots and entry tokens of an older file into places: the count,
    a late repeat of an old submission, voiding an old entry and entering new ones all still work."""
    import votekit.store as store_module
    from votekit.service import counting, entry, voids
    from votekit.store import MIGRATIONS, Store, rounds
    from tests.counting_fixtures import SCRUTINEERS
    monkeypatch.setattr(store_module, "MIGRATIONS", [m for m in MIGRATIONS if m[0] < 13])
    db = tmp_path / "old.sqlite3"
    old = [(secrets.token_hex(16), secrets.token_hex(16), '{"%s": "agree"}' % CANDIDATES[i]) for i in range(5)]
    with open_database(db) as store:
        meeting = build_meeting(store, issued=0)
        rounds.set_issued(store, meeting.round_id, 30, "", 30, 30)        # as the older kit recorded it
        with store.write():
            for key, token, marks in old:
                store.conn.execute("INSERT INTO ballots (id, round_id, marks) VALUES (?, ?, ?)",
                                   [key, meeting.round_id, marks])
                store.conn.execute("INSERT INTO entry_tokens VALUES (?, ?, ?)", [token, meeting.round_id, key])
            store.conn.execute("INSERT INTO entry_tokens VALUES (?, ?, ?)", ["p" * 20, meeting.round_id, "reading"])
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with open_database(db) as store:
        assert store.schema_version() == MIGRATIONS[-1][0]
        assert sorted(r["id"] for r in store.rows("ballots")) == sorted(k for k, _, _ in old)
        assert {r["token"] for r in store.rows("entry_tokens")} == {t for _, t, _ in old} | {"p" * 20}
        again = entry.submit(store, "计票人杨帆", meeting.round_id, {"marks": {}}, old[0][1])
        assert again.ok and again.value["duplicate"] and again.value["ballot_id"] == old[0][0]
        assert entry.submit(store, "计票人杨帆", meeting.round_id, {"marks": {}}, secrets.token_hex(16)).ok
        voids.request_void(store, "计票人杨帆", meeting.round_id, old[1][0], "录错")
        assert voids.decide_void(store, "计票人杨帆", old[1][0], SCRUTINEERS[0], True).ok
        assert counting.board(store, meeting.round_id)["entered"] == 5
        assert store.integrity_ok()
    with Store(tmp_path / "fresh.sqlite3") as fresh, Store(db) as upgraded:
        fresh.migrate()
        schema = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        assert upgraded.conn.execute(schema).fetchall() == fresh.conn.execute(schema).fetchall()


@given(st.text(alphabet=st.sampled_from([chr(c) for c in range(0x21, 0x7f)] + list("党员张伟李秀英赞成另选龥一")),
               max_size=30), st.booleans())
def test_the_text_gates_shortcut_for_plain_text_changes_nothing(value, lines):
    """Every JSON string of a submission passes the text gate; plain text (visible ASCII, common
    汉字, no space) skips the full scrub, which would have left it exactly as it is."""
    assert text.scrub(value, lines) == text._scrub(value, lines) == value


def test_a_server_thread_keeps_its_connection_only_while_nothing_holds_a_lock(tmp_path, monkeypatch):
    """Opening a connection per request was half a submission's CPU; a kept connection must
    never carry a transaction, a half-read statement (a read lock against every other teller)
    or point at a file that was replaced."""
    db = tmp_path / "kept.sqlite3"
    with open_database(db) as store:
        meeting = build_meeting(store)
    opened = []
    real = web.connect

    def connect(path):
        opened.append(real(path))
        return opened[-1]
    monkeypatch.setattr(web, "connect", connect)
    client = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True}).test_client()
    for _ in range(3):
        assert client.get(f"/r/{meeting.round_id}/board.json").status_code == 200
    assert len(opened) == 1
    store = opened[0]
    assert store.reusable()
    half_read = store.conn.execute("SELECT id FROM members")
    half_read.fetchone()
    assert not store.reusable()                      # a statement still running: close it, don't keep it
    half_read.fetchall()
    assert store.reusable()
    with store.write():
        assert not store.reusable()
    moved = db.with_name("moved.sqlite3")
    db.rename(moved)
    moved.with_name(db.name).write_bytes(moved.read_bytes())
    assert not store.reusable()                      # another file now sits at that path
    assert client.get(f"/r/{meeting.round_id}/board.json").status_code == 200
    assert len(opened) == 2


def test_tellers_who_queue_during_a_commit_are_committed_together(tmp_path, monkeypatch):
    """While one submission's commit waits for the disk, the others queue; the next commits them
    in one transaction, a savepoint each: one failing paper fails alone, each teller gets its own
    answer, and nothing is answered before its commit.  (No timing: the first commit is held
    until three more submissions are seen waiting.)"""
    from votekit.service import entry, paper_entry
    from votekit.service.database import connect
    from votekit.store import ballot_box
    db = tmp_path / "group.sqlite3"
    with open_database(db) as store:
        meeting = build_meeting(store)
        commits = paper_entry.commits_for(store)
    real = ballot_box.enter_ballot
    first, broken = threading.Event(), "b" * 32

    def enter_ballot(store, round_id, ballot, token, room, candidates):
        if not first.is_set():
            first.set()
            with commits._turn:                 # (nobody is woken by a paper joining the queue)
                while len(commits._queue) < 3:
                    commits._turn.wait(0.01)
        if token == broken:
            raise RuntimeError("这张出错")
        return real(store, round_id, ballot, token, room, candidates)
    monkeypatch.setattr(ballot_box, "enter_ballot", enter_ballot)
    tokens = [secrets.token_hex(16), secrets.token_hex(16), broken, secrets.token_hex(16)]
    answers: dict[str, object] = {}
    seen: list[list[str]] = []
    written: list[str] = []
    real_sibling = Store.sibling

    def sibling(store):                 # the queue's own connection, on which each group is written
        writer = real_sibling(store)
        writer.conn.set_trace_callback(written.append)
        return writer
    monkeypatch.setattr(Store, "sibling", sibling)

    def teller(token):
        with connect(db) as store:          # (opening with migrations would wait for the write lock)
            seen.append([])
            store.conn.set_trace_callback(seen[-1].append)
            try:
                answers[token] = entry.submit(store, "计票人杨帆", meeting.round_id, {"marks": {}}, token)
            except RuntimeError as exc:
                answers[token] = exc
    threads = [threading.Thread(target=teller, args=(tokens[0],))]
    threads[0].start()
    assert first.wait(timeout=60)
    threads += [threading.Thread(target=teller, args=(t,)) for t in tokens[1:]]
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert isinstance(answers[broken], RuntimeError)
    good = [answers[t] for t in tokens if t != broken]
    assert all(a.ok for a in good) and sorted(a.value["entered"] for a in good) == [1, 2, 3]
    assert [s.count("COMMIT") for s in seen] == [0, 0, 0, 0]              # written on the queue's connection
    assert written.count("COMMIT") == 2                                   # two commits for three ballots
    with open_database(db) as store:
        assert {r["token"] for r in store.rows("entry_tokens")} == set(tokens) - {broken}
        assert store.count("ballots", round_id=meeting.round_id) == 3


def test_papers_are_committed_together_only_with_papers_for_the_same_file(tmp_path):
    from votekit.service import paper_entry
    from votekit.store import Store
    with Store(tmp_path / "a.sqlite3") as a, Store(tmp_path / "a.sqlite3") as a2, \
            Store(tmp_path / "b.sqlite3") as b, Store(":memory:") as m1, Store(":memory:") as m2:
        assert paper_entry.commits_for(a) is paper_entry.commits_for(a2)
        assert paper_entry.commits_for(a) is not paper_entry.commits_for(b)
        assert paper_entry.commits_for(m1) is not paper_entry.commits_for(m2)


def test_a_double_entry_reading_runs_at_most_12_statements_from_the_second_to_the_200th(tmp_path, monkeypatch):
    """双人录入: a teller's reading fills a place of its pile laid out in advance (migration 16),
    as the count's ballots do, so a pile submission is as cheap as a count submission and does
    not grow with the pile (it used to insert a row and rewrite both pile tables in key order
    before every commit: 22 statements, each rewrite O(pile)).  The first reading
    of a pile also records who types it (one INSERT more)."""
    from votekit.service import ballots, double_entry
    db = tmp_path / "piles.sqlite3"
    with open_database(db) as store:
        meeting = build_meeting(store, issued=0)
        assert ballots.issue_ballots(store, "监票人", meeting.round_id, 200, "测试：按票数多发").ok
        assert double_entry.set_double_entry(store, "监票人", meeting.round_id, True).ok
    statements: list[str] = []
    trace_connections(monkeypatch, statements)
    client = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True}).test_client()
    page = client.get(f"/r/{meeting.round_id}/entry").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    sizes = []
    for n in range(200):
        statements.clear()
        ballot = {"marks": {CANDIDATES[n % 6]: "agree", CANDIDATES[(n + 1) % 6]: "disagree"}}
        if n % 50 == 7:
            ballot["write_ins"] = [{"name": "韩雪"}]
        reply = _submit(client, meeting.round_id, token, ballot, pile="A")
        assert reply["ok"] and reply["value"]["entered"] == n + 1, reply
        run = _folded(statements)
        sizes.append(len(run))
        assert [s for s in run[run.index("COMMIT") + 1:] if not s.startswith(KEEP_CHECK)] == []
        assert sum(s.startswith("UPDATE pile_places") for s in run) == 1, run
        assert not [s for s in run if REWRITE.match(s) or s.startswith(("INSERT INTO pile_places",
                                                                        "DELETE FROM pile_places"))], run
        _no_probes(statements)
    assert max(sizes[1:]) <= 12 and len(set(sizes[1:])) == 1, sizes
    assert sizes[0] == sizes[1] + 1 <= 12, sizes          # the first reading claims pile 甲 for its teller
    idem = secrets.token_hex(16)
    with open_database(db) as store:
        assert ballots.record_returned(store, "监票人", meeting.round_id, 201).ok
    statements.clear()
    assert _submit(client, meeting.round_id, token, {"marks": {}}, pile="A", idem=idem)["ok"]
    run = _folded(statements[statements.index("BEGIN IMMEDIATE"):])       # one more back than out: a new place,
    assert sum(s.startswith("INSERT INTO pile_places") for s in run) == 1   # laid out with the rest in key order
    assert sum(bool(REWRITE.match(s)) for s in run) == 4, run
    statements.clear()
    again = _submit(client, meeting.round_id, token, {"marks": {}}, pile="A", idem=idem)
    assert again["ok"] and again["value"]["duplicate"] and again["value"]["entered"] == 201
    assert len(_folded(statements)) <= 12
