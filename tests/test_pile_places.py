"""Double entry's readings in places (migration 16, ``store.ballot_box``): the piles' places are
laid out before the first reading whichever comes first (issuing the ballots or choosing double
entry), a reading taken out keeps its token, and an older meeting file keeps its readings and
tokens when it is opened by this kit."""
import secrets

import pytest

from votekit.service import ballots, counting, double_entry, entry, voids
from votekit.service.database import open_database
from votekit.store import MIGRATIONS, Store, open_store, rounds
from votekit.store.ballot_box import ballot_columns
from votekit.store.records import DoubleEntry
from tests.counting_fixtures import CANDIDATES as C, SCRUTINEERS, build_meeting

TELLERS = {"A": entry.Enterer("杨帆", "device-a"), "B": entry.Enterer("周敏", "device-b")}


@pytest.fixture
def store():
    with open_store(":memory:") as s:
        yield s


def _places(store, round_id, pile):
    return store.value("SELECT COUNT(*) FROM pile_places WHERE round_id = ? AND pile = ?", [round_id, pile])


def _read(store, round_id, pile, ballot, token=None):
    return entry.submit(store, "计票人", round_id, ballot, token or secrets.token_hex(16), pile, TELLERS[pile])


def test_each_piles_places_are_laid_out_before_the_first_reading_whichever_comes_first(store):
    issued_first = build_meeting(store)                              # 30 ballots out, then double entry
    assert double_entry.set_double_entry(store, "监票人", issued_first.round_id, True).ok
    assert _places(store, issued_first.round_id, "A") == _places(store, issued_first.round_id, "B") == 30
    runoff = build_meeting(store, issued=0)                          # double entry first, then the ballots
    assert double_entry.set_double_entry(store, "监票人", runoff.round_id, True).ok
    assert _places(store, runoff.round_id, "A") == 0
    assert ballots.issue_ballots(store, "监票人", runoff.round_id, 30).ok
    assert _places(store, runoff.round_id, "A") == _places(store, runoff.round_id, "B") == 30
    assert double_entry.set_double_entry(store, "监票人", runoff.round_id, False).ok   # back to one teller
    assert _places(store, runoff.round_id, "A") == _places(store, runoff.round_id, "B") == 0


def test_more_readings_than_places_get_more_places_and_a_repeat_is_recognised(store):
    m = build_meeting(store, issued=2)
    assert double_entry.set_double_entry(store, "监票人", m.round_id, True).ok
    assert ballots.record_returned(store, "监票人", m.round_id, 3).ok      # one more back than out
    token = secrets.token_hex(16)
    keys = [_read(store, m.round_id, "A", {"marks": {C[i]: "agree"}}, token if i == 2 else None).value["ballot_id"]
            for i in range(3)]
    assert _places(store, m.round_id, "A") == 3 and len(set(keys)) == 3
    again = _read(store, m.round_id, "A", {"marks": {C[0]: "agree"}}, token)
    assert again.ok and again.value["duplicate"] and again.value["ballot_id"] == keys[2]
    refused = _read(store, m.round_id, "A", {"marks": {}})
    assert not refused.ok and "已等于收回的选票数3张" in refused.message


def test_a_voided_or_settled_away_reading_keeps_its_token_and_its_place_is_not_refilled(store):
    m = build_meeting(store)
    assert double_entry.set_double_entry(store, "监票人", m.round_id, True).ok
    token = secrets.token_hex(16)
    mistaken = _read(store, m.round_id, "A", {"marks": {C[1]: "agree"}}, token).value["ballot_id"]
    assert voids.request_void(store, "计票人", m.round_id, mistaken, "录错").ok
    assert voids.decide_void(store, "计票人", mistaken, SCRUTINEERS[0], True).ok
    assert entry.entered_count(store, m.round_id, "A") == 0
    late = _read(store, m.round_id, "A", {"marks": {C[1]: "agree"}}, token)          # the tablet sends it again
    assert late.ok and late.value["duplicate"] and entry.entered_count(store, m.round_id, "A") == 0
    for _ in range(29):                                          # every other place of 甲 is filled …
        assert _read(store, m.round_id, "A", {"marks": {C[0]: "agree"}}).ok
    assert store.value("SELECT COUNT(*) FROM pile_places WHERE id = ? AND filled = 0", [mistaken]) == 1
    assert {r["token"] for r in store.query("SELECT token FROM pile_tokens")} >= {token}   # … but not the voided one


def test_settling_and_adopting_keep_the_count_whole(store):
    m = build_meeting(store)
    assert double_entry.set_double_entry(store, "监票人", m.round_id, True).ok
    pile = [{"marks": {C[i % 6]: "agree"}} for i in range(10)]
    for b in pile:
        assert _read(store, m.round_id, "A", b).ok
    for b in pile[:-1] + [{"marks": {C[5]: "disagree"}}]:
        assert _read(store, m.round_id, "B", b).ok
    row = double_entry.compare(store, m.round_id).rows[0]
    assert double_entry.settle_ballot(store, "监票人", m.round_id, row.key_a, row.key_b, "A").ok
    assert double_entry.compare(store, m.round_id).agree
    assert double_entry.adopt(store, "监票人", m.round_id).ok
    assert counting.board(store, m.round_id)["entered"] == 10
    assert store.value("SELECT COUNT(*) FROM ballot_places WHERE round_id = ?", [m.round_id]) == 30  # no new place
    assert store.integrity_ok()


def test_an_older_file_keeps_its_readings_and_tokens(tmp_path, monkeypatch):
    """A file written before migration 16 (readings as rows of ``pile_ballots``, their tokens in
    ``pile_tokens``, a token whose reading was already taken out): opened by this kit, every
    reading is in its pile, a late repeat of an old submission is still recognised, a voided
    reading's repeat too, and double entry goes on to adoption."""
    import votekit.store as store_module
    monkeypatch.setattr(store_module, "MIGRATIONS", [m for m in MIGRATIONS if m[0] < 16])
    db = tmp_path / "old.sqlite3"
    a = [{"marks": {C[i]: "agree"}} for i in range(5)] + [{"illegible": True}]
    b = a[:-1] + [{"marks": {C[5]: "agree"}, "write_ins": [{"name": "韩雪"}]}]
    tokens = {"A": [], "B": []}
    with open_database(db) as old:                   # written as the older kit wrote it
        m = build_meeting(old)
        rounds.save_round_state(old, m.round_id, double_entry=DoubleEntry.ON)
        with old.write():
            for pile, readings in (("A", a), ("B", b)):
                for ballot in readings:
                    key, cols = secrets.token_hex(16), ballot_columns(entry.clean_ballot(ballot, C))
                    tokens[pile].append(secrets.token_hex(16))
                    old.conn.execute("INSERT INTO pile_ballots (id, round_id, pile, marks, write_ins, illegible) "
                                     "VALUES (?, ?, ?, ?, ?, ?)", [key, m.round_id, pile, *cols.values()])
                    old.conn.execute("INSERT INTO pile_tokens VALUES (?, ?, ?)", [tokens[pile][-1], m.round_id, key])
            old.conn.execute("INSERT INTO pile_tokens VALUES (?, ?, ?)", ["v" * 20, m.round_id, "voided"])
            old.conn.execute("INSERT INTO voided_ballots (id, round_id, pile, marks, write_ins, illegible, reason) "
                             "VALUES ('voided', ?, 'A', '{}', '[]', 0, '录错')", [m.round_id])
        before = sorted((r["id"], r["pile"], r["marks"], r["write_ins"], r["illegible"])
                        for r in old.query("SELECT * FROM pile_ballots"))
        old_tokens = {r["token"]: r["ballot_id"] for r in old.query("SELECT * FROM pile_tokens")}
        assert old.value("SELECT type FROM sqlite_master WHERE name = 'pile_ballots'") == "table"
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with open_database(db) as store:
        assert store.schema_version() == MIGRATIONS[-1][0]
        assert sorted((r["id"], r["pile"], r["marks"], r["write_ins"], r["illegible"])
                      for r in store.query("SELECT * FROM pile_ballots")) == before
        assert {r["token"]: r["ballot_id"] for r in store.query("SELECT * FROM pile_tokens")} == old_tokens
        again = _read(store, m.round_id, "B", b[0], tokens["B"][0])
        assert again.ok and again.value["duplicate"] and again.value["ballot_id"] == old_tokens[tokens["B"][0]]
        assert _read(store, m.round_id, "A", {"marks": {}}, "v" * 20).value["duplicate"]
        assert entry.entered_count(store, m.round_id, "A") == 6 and entry.entered_count(store, m.round_id, "B") == 6
        assert _read(store, m.round_id, "B", {"illegible": True}).ok    # a new reading: into a new place
        (row,) = double_entry.compare(store, m.round_id).rows       # 乙 alone has the write-in ballot
        assert not row.key_a and "韩雪" in row.key_b
        assert double_entry.settle_ballot(store, "监票人", m.round_id, row.key_a, row.key_b, "A").ok
        assert double_entry.compare(store, m.round_id).agree and double_entry.adopt(store, "监票人", m.round_id).ok
        assert counting.board(store, m.round_id)["entered"] == 6
        assert store.integrity_ok()
    with Store(tmp_path / "fresh.sqlite3") as fresh, Store(db) as upgraded:
        fresh.migrate()
        schema = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        assert upgraded.conn.execute(schema).fetchall() == fresh.conn.execute(schema).fetchall()
