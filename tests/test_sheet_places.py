"""测评表 in places (migration 17, ``store.ballot_box``): recording the sheets handed out lays out
one empty place per sheet; a sheet typed at the counting table fills a place drawn at random, in
place, with its entry token — no key-order rewrite per sheet, nothing in the file following the
order of entry — and an older meeting file keeps its sheets and tokens."""
import json
import random
import re
import secrets
from pathlib import Path

from votekit.core.appraisal import KEYS
from votekit.service import appraisal
from votekit.service.database import open_database
from votekit.store import MIGRATIONS, Store
from votekit.web import create_app
from tests.counting_fixtures import NAMES, build_meeting
from tests.test_hot_path import KEEP_CHECK, REWRITE, _folded, _no_probes, trace_connections
from tests.test_secrecy import chance_bound, kendall_tau
from tests.layout_support import places_layout

APPRAISED = NAMES[:8]
N = 120


def _sheet(i: int) -> dict:
    keys = random.Random(i).choices("12345", k=len(APPRAISED))
    return {"ratings": {n: KEYS[k].value for n, k in zip(APPRAISED, keys) if KEYS[k].value != "blank"}}


def _appraisal(store, issued: int | None) -> int:
    m = build_meeting(store, issued=0)
    appraisal_id = appraisal.add_appraisal(store, "测试", m.meeting_id, appraised=APPRAISED).value
    if issued is not None:
        assert appraisal.record_issued(store, "测试", appraisal_id, issued).ok
    return appraisal_id


def _places(store, appraisal_id) -> int:
    return store.value("SELECT COUNT(*) FROM sheet_places WHERE appraisal_id = ?", [appraisal_id])


def test_a_sheet_submission_fills_a_place_in_a_fixed_number_of_statements(tmp_path, monkeypatch):
    db = tmp_path / "sheets.sqlite3"
    with open_database(db) as store:
        appraisal_id = _appraisal(store, 150)
        assert _places(store, appraisal_id) == 150
    statements: list[str] = []
    trace_connections(monkeypatch, statements)
    client = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True}).test_client()
    page = client.get(f"/appraisals/{appraisal_id}/entry").get_data(as_text=True)
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    def submit(i, token=None):
        return client.post(f"/appraisals/{appraisal_id}/sheets", headers={"X-CSRFToken": csrf},
                           json={"sheet": _sheet(i), "token": token or secrets.token_hex(16)}).get_json()
    sizes = []
    for i in range(150):
        statements.clear()
        reply = submit(i)
        assert reply["ok"] and reply["value"]["entered"] == i + 1, reply
        run = _folded(statements)
        sizes.append(len(run))
        assert [s for s in run[run.index("COMMIT") + 1:] if not s.startswith(KEEP_CHECK)] == []
        assert sum(s.startswith("UPDATE sheet_places") for s in run) == 1, run
        assert not [s for s in run if REWRITE.match(s) or s.startswith("INSERT INTO sheet_places")], run
        _no_probes(statements)
    assert max(sizes) <= 12 and len(set(sizes[1:])) == 1, sizes
    with open_database(db) as store:
        assert appraisal.record_returned(store, "测试", appraisal_id, 151).ok
    token = secrets.token_hex(16)
    statements.clear()
    assert submit(150, token)["ok"]                       # one more back than out: one more place
    run = _folded(statements[statements.index("BEGIN IMMEDIATE"):])
    assert sum(s.startswith("INSERT INTO sheet_places") for s in run) == 1
    assert sum(bool(REWRITE.match(s)) for s in run) == 4, run
    again = submit(150, token)
    assert again["ok"] and again["value"]["duplicate"] and again["value"]["entered"] == 151


def test_a_sheet_taken_back_keeps_its_token_and_its_place_is_not_refilled(tmp_path):
    with open_database(tmp_path / "m.sqlite3") as store:
        appraisal_id = _appraisal(store, 3)
        token = secrets.token_hex(16)
        sheet_id = appraisal.submit_sheet(store, "测试", appraisal_id, _sheet(0), token).value["sheet_id"]
        assert appraisal.remove_sheet(store, "监票人", appraisal_id, sheet_id).ok
        late = appraisal.submit_sheet(store, "测试", appraisal_id, _sheet(0), token)
        assert late.ok and late.value["duplicate"] and appraisal.entered_count(store, appraisal_id) == 0
        keys = {appraisal.submit_sheet(store, "测试", appraisal_id, _sheet(i), secrets.token_hex(16)).value["sheet_id"]
                for i in range(3)}
        assert sheet_id not in keys and _places(store, appraisal_id) == 4      # a new place, not the taken-back one
        assert not appraisal.remove_sheet(store, "监票人", appraisal_id, sheet_id).ok   # already taken back


def test_sheets_fill_their_places_where_they_lie(tmp_path):
    """Byte by byte: after the first sheet, 58 more and one taken back change no page header, no
    cell pointer, no page count and no freelist field of the sheets' places; the file keeps its size."""
    db = tmp_path / "m.sqlite3"
    with open_database(db) as store:
        appraisal_id = _appraisal(store, 60)
        first = appraisal.submit_sheet(store, "测试", appraisal_id, _sheet(0), secrets.token_hex(16))
        before, size = places_layout(db, "sheet_places"), db.stat().st_size
        for i in range(1, 59):
            assert appraisal.submit_sheet(store, "测试", appraisal_id, _sheet(i), secrets.token_hex(16)).ok
        assert appraisal.remove_sheet(store, "监票人", appraisal_id, first.value["sheet_id"]).ok
        after = places_layout(db, "sheet_places")
    assert len(before[1]) >= 2 and db.stat().st_size == size
    assert after == before


def _tokens_in_file(db: Path) -> tuple[list[str], list[str], bytes]:
    tokens = [secrets.token_hex(16) for _ in range(N)]
    with open_database(db) as store:
        appraisal_id = _appraisal(store, N)
        for i, token in enumerate(tokens):
            assert appraisal.submit_sheet(store, "测试", appraisal_id, _sheet(i), token).ok
        stored = [r["token"] for r in store.query("SELECT token FROM appraisal_tokens")]
    return tokens, stored, db.read_bytes()


def test_no_order_read_from_the_file_follows_the_order_of_entry(tmp_path):
    """Where each sheet's token lies in the file, and the order the tokens are read back in, are
    within chance of the order the sheets were typed."""
    tokens, stored, raw = _tokens_in_file(tmp_path / "m.sqlite3")
    entered = {t: i for i, t in enumerate(tokens)}
    for order in (sorted(range(N), key=lambda i: raw.find(tokens[i].encode())), [entered[t] for t in stored]):
        assert len(order) == N and abs(kendall_tau(order)) < chance_bound(N)


def test_the_order_checks_see_sheet_places_filled_in_key_order(tmp_path, monkeypatch):
    """The control: sheets put in the first empty place (key order) would lie in the order of entry."""
    monkeypatch.setattr("secrets.randbits", lambda bits: 0)       # every draw takes the first place
    tokens, stored, raw = _tokens_in_file(tmp_path / "m.sqlite3")
    entered = {t: i for i, t in enumerate(tokens)}
    assert kendall_tau(sorted(range(N), key=lambda i: raw.find(tokens[i].encode()))) > chance_bound(N)
    assert kendall_tau([entered[t] for t in stored]) > chance_bound(N)


def test_an_older_file_keeps_its_sheets_and_tokens(tmp_path, monkeypatch):
    """A file written before migration 17 (sheets as rows, tokens beside them, a token whose sheet was
    taken back): opened by this kit, the sheets tally the same, old tokens are still recognised, and
    new sheets fill new places."""
    import votekit.store as store_module
    monkeypatch.setattr(store_module, "MIGRATIONS", [m for m in MIGRATIONS if m[0] < 17])
    db = tmp_path / "old.sqlite3"
    tokens = [secrets.token_hex(16) for _ in range(4)]
    with open_database(db) as old:                      # written as the older kit wrote it
        appraisal_id = _appraisal(old, None)
        old.conn.execute("UPDATE appraisals SET issued = 6 WHERE id = ?", [appraisal_id])
        with old.write():
            for i, token in enumerate(tokens[:3]):
                key = secrets.token_hex(16)
                ratings = json.dumps(_sheet(i)["ratings"], ensure_ascii=False, sort_keys=True)
                old.conn.execute("INSERT INTO appraisal_sheets VALUES (?, ?, ?, ?)",
                                 [key, appraisal_id, ratings, int(i == 2)])
                old.conn.execute("INSERT INTO appraisal_tokens VALUES (?, ?, ?)", [token, appraisal_id, key])
            old.conn.execute("INSERT INTO appraisal_tokens VALUES (?, ?, 'taken-back')", [tokens[3], appraisal_id])
        before = appraisal.result(old, appraisal_id)
        old_tokens = {r["token"]: r["sheet_id"] for r in old.query("SELECT * FROM appraisal_tokens")}
        assert old.value("SELECT type FROM sqlite_master WHERE name = 'appraisal_sheets'") == "table"
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with open_database(db) as store:
        assert store.schema_version() == MIGRATIONS[-1][0]
        assert appraisal.result(store, appraisal_id) == before
        assert {r["token"]: r["sheet_id"] for r in store.query("SELECT * FROM appraisal_tokens")} == old_tokens
        for token in tokens:
            again = appraisal.submit_sheet(store, "测试", appraisal_id, _sheet(9), token)
            assert again.ok and again.value["duplicate"] and again.value["sheet_id"] == old_tokens[token]
        for i in range(3):
            assert appraisal.submit_sheet(store, "测试", appraisal_id, _sheet(10 + i), secrets.token_hex(16)).ok
        assert appraisal.entered_count(store, appraisal_id) == 6
        assert not appraisal.submit_sheet(store, "测试", appraisal_id, _sheet(20), secrets.token_hex(16)).ok
        assert store.integrity_ok()
    with Store(tmp_path / "fresh.sqlite3") as fresh, Store(db) as upgraded:
        fresh.migrate()
        schema = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        assert upgraded.conn.execute(schema).fetchall() == fresh.conn.execute(schema).fetchall()
