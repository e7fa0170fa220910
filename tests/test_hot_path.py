"""The counting table's hot path in plain SQL: statements counted with ``set_trace_callback``.

A teller's ``POST /r/<id>/ballots`` used to run 73 statements (sqlite-utils' schema
probes, a savepoint per row, an upsert feature probe creating and dropping a table
inside the secret-ballot transaction), then 19 (9 for the entry and 10 for rewriting the
ballots and their tokens in key order before every commit).  Now a ballot fills a place
laid out in advance (``store.ballot_box``, migration 13), so the whole request — reads,
the write, the commit — must stay at most 12 statements, with no schema probe, no DDL and
no key-order rewrite, as many for the twentieth ballot of a round as for the second.  Only
the round's first entry lays its places out (a fixed number of set statements, whatever the
size of the round).  The board stays small too.

SQLite reports a trigger's program with its parent statement's text, so consecutive
repeats of one text are one statement.
"""
import re
import secrets

import pytest
from hypothesis import given, strategies as st

import votekit.web as web
from votekit.service import text
from votekit.service.database import open_database
from votekit.web import create_app
from tests.counting_fixtures import CANDIDATES, build_meeting

DDL = re.compile(r"^\s*(CREATE|DROP|ALTER)\b", re.I)


@pytest.fixture
def traced(tmp_path, monkeypatch):
    db = tmp_path / "hot.sqlite3"
    with open_database(db) as store:
        meeting = build_meeting(store)
    statements: list[str] = []
    real = web.connect

    def connect(path):
        store = real(path)
        store.conn.set_trace_callback(statements.append)
        return store
    monkeypatch.setattr(web, "connect", connect)
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


def _folded(statements):
    """One line per statement (a trigger's program is reported under its parent's text)."""
    return [s for i, s in enumerate(statements) if i == 0 or s != statements[i - 1]]


def _no_probes(statements):
    assert not [s for s in statements if "sqlite_master" in s or "table_info" in s.lower()]
    assert not [s for s in statements if DDL.match(s)]


def test_a_ballot_submission_runs_at_most_12_statements(traced):
    client, meeting, token, statements = traced
    assert _submit(client, meeting.round_id, token, {"marks": {}})["ok"]      # lays the round's places out
    for ballot in ({"marks": {CANDIDATES[0]: "agree"}}, {"marks": {}, "write_ins": [{"name": "韩雪"}]},
                   {"illegible": True}):
        statements.clear()
        reply = _submit(client, meeting.round_id, token, ballot)
        assert reply["ok"], reply
        run = _folded(statements)
        assert len(run) <= 12, run
        assert run[-1] == "COMMIT" and sum(s.startswith("UPDATE ballot_places") for s in run) == 1
        assert not [s for s in run if REWRITE.match(s) or s.startswith("INSERT INTO ballot_places")], run
        _no_probes(statements)


def test_a_rounds_first_entry_lays_its_places_out_in_a_fixed_number_of_statements(traced):
    client, meeting, token, statements = traced
    assert _submit(client, meeting.round_id, token, {"marks": {CANDIDATES[0]: "agree"}})["ok"]
    run = _folded(statements[statements.index("BEGIN IMMEDIATE"):])
    assert sum(bool(REWRITE.match(s)) for s in run) == 4, run     # the places, in key order, as set statements
    assert len(run) <= 16, run
    _no_probes(statements)


def test_the_statements_do_not_grow_with_the_round(traced):
    client, meeting, token, statements = traced
    sizes = []
    for n in range(20):
        statements.clear()
        assert _submit(client, meeting.round_id, token, {"marks": {CANDIDATES[n % 5]: "agree"}})["ok"]
        sizes.append(len(_folded(statements)))
    assert len(set(sizes[1:])) == 1, sizes


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
    assert len(statements) <= 6, statements
    _no_probes(statements)


def test_a_file_with_ballots_entered_before_the_places_keeps_them_and_their_tokens(tmp_path, monkeypatch):
    """Migration 13 moves the ballots and entry tokens of an older file into places: the count,
    a late repeat of an old submission, voiding an old entry and entering new ones all still work."""
    import votekit.store as store_module
    from votekit.service import counting, entry, voids
    from votekit.store import MIGRATIONS, Store
    from tests.counting_fixtures import SCRUTINEERS
    monkeypatch.setattr(store_module, "MIGRATIONS", [m for m in MIGRATIONS if m[0] < 13])
    db = tmp_path / "old.sqlite3"
    old = [(secrets.token_hex(16), secrets.token_hex(16), '{"%s": "agree"}' % CANDIDATES[i]) for i in range(5)]
    with open_database(db) as store:
        meeting = build_meeting(store)
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
