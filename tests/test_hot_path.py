"""The counting table's hot path in plain SQL: statements counted with ``set_trace_callback``.

A teller's ``POST /r/<id>/ballots`` used to run 73 statements (sqlite-utils' schema
probes, a savepoint per row, an upsert feature probe creating and dropping a table
inside the secret-ballot transaction).  The entry itself must stay at most 12, with no
schema probe and no DDL.  Before the commit the store then rewrites the secret tables
the entry changed in key order (``store.shelving``: secret ballot at every moment);
that step is counted on its own and must be set statements, as many for a round of
twenty ballots as for a round of one.  The board stays small too.

SQLite reports a trigger's program with its parent statement's text, so consecutive
repeats of one text are one statement.
"""
import re
import secrets

import pytest

import votekit.web as web
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


RESHELVE = "SELECT name FROM shelve_pending"


def _split(statements):
    """(the entry's own statements, the key-order rewrite before COMMIT), trigger repeats folded."""
    folded = [s for i, s in enumerate(statements) if i == 0 or s != statements[i - 1]]
    cut = folded.index(RESHELVE) if RESHELVE in folded else len(folded) - 1
    return folded[:cut] + folded[-1:], folded[cut:-1]


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
        own, reshelve = _split(statements)
        assert len(own) <= 12, own
        assert own[-1] == "COMMIT" and sum(s.startswith("INSERT INTO ballots") for s in own) == 1
        _no_probes(statements)
        assert len(reshelve) <= 2 + 4 * 2, reshelve          # ballots and entry tokens, four set statements each


def test_the_key_order_rewrite_does_not_grow_with_the_round(traced):
    client, meeting, token, statements = traced
    sizes = []
    for n in range(20):
        statements.clear()
        assert _submit(client, meeting.round_id, token, {"marks": {CANDIDATES[n % 5]: "agree"}})["ok"]
        sizes.append(len(_split(statements)[1]))
    assert len(set(sizes)) == 1, sizes


def test_a_repeated_submission_and_a_refusal_stay_cheap_too(traced):
    client, meeting, token, statements = traced
    idem = secrets.token_hex(16)
    assert _submit(client, meeting.round_id, token, {"marks": {}}, idem=idem)["ok"]
    statements.clear()
    again = _submit(client, meeting.round_id, token, {"marks": {}}, idem=idem)
    assert again["ok"] and again["value"]["duplicate"] is True
    assert len(_split(statements)[0]) <= 12
    statements.clear()
    refused = _submit(client, meeting.round_id, token, {"marks": {}}, pile="A")   # not in double entry
    assert not refused["ok"] and len(_split(statements)[0]) <= 12
    _no_probes(statements)


def test_the_board_reads_in_a_handful_of_statements(traced):
    client, meeting, token, statements = traced
    assert _submit(client, meeting.round_id, token, {"marks": {CANDIDATES[1]: "agree"}})["ok"]
    statements.clear()
    board = client.get(f"/r/{meeting.round_id}/board.json").get_json()
    assert board["entered"] == 1 and board["rows"][1]["agree"] == 1
    assert len(statements) <= 6, statements
    _no_probes(statements)
