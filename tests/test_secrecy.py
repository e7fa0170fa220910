"""Secrecy audit (issue 9): nothing the kit stores or exports links a ballot to a voter
or to the order in which ballots were cast or entered.

A meeting is run through the service layer with 120 ballots, each carrying a unique
write-in ("另选001" …) so it can be found anywhere.  Then everything is searched: the
schema, the rows and their default order, the raw database bytes (cells within a page,
the WAL, freed pages), the audit log, the exported round, the sealed archive (member
order, times, PDFs' metadata) and scanned images' metadata.
"""
import dataclasses
import io
import json
import math
import os
import random
import re
import secrets
import sqlite3
import zipfile
from itertools import combinations
from pathlib import Path

import pytest
from PIL import Image

from votekit.documents.bundle import write_documents
from votekit.service.dossier import dossier_for
from votekit.documents.scrub import scrubbed_scan
from votekit.service import ballots, counting, entry, voids
from votekit.service.database import open_database
from tests.counting_fixtures import CANDIDATES, SCRUTINEERS, build_meeting
from tests.layout_support import places_layout

N = 120
CONTENT_TABLE_COLUMNS = {"marks", "ratings", "reading", "write_ins", "image"}
ORDER_COLUMN = re.compile(r"(^|_)(at|time|ts|created|updated|seq|order|position|number|rank|"
                          r"member|member_id|voter|attendance|arrived|signed)($|_)")
STATES = ("open", "closed", "void", "killed_mid_close")


def kendall_tau(order: list) -> float:
    """Kendall's τ between 0..n-1 (the order of entry) and ``order`` read back (no ties)."""
    n = len(order)
    s = sum((1 if order[j] > order[i] else -1) for i in range(n) for j in range(i + 1, n))
    return s / (n * (n - 1) / 2)


def chance_bound(n: int) -> float:
    """|τ| that chance alone exceeds with probability below 1e-6: 5 standard deviations of τ
    for n items in random order (σ² = 2(2n+5) / 9n(n−1))."""
    return 5 * math.sqrt(2 * (2 * n + 5) / (9 * n * (n - 1)))


def rank_correlation(xs: list, ys: list) -> float:
    """Spearman's rho of two orderings of the same items (no ties)."""
    rx = {x: r for r, x in enumerate(sorted(xs))}
    ry = {y: r for r, y in enumerate(sorted(ys))}
    a, b = [rx[x] for x in xs], [ry[y] for y in ys]
    n = len(a)
    return 1 - 6 * sum((p - q) ** 2 for p, q in zip(a, b)) / (n * (n * n - 1))


def _run_meeting(db: Path, state: str) -> dict:
    """N ballots entered one by one (each with a unique write-in label, the labels in a
    random order so content says nothing about the order of entry), one voided, then the
    round taken to ``state``.  Returns the labels and the ballot keys in the order of entry."""
    labels = [f"另选{i:03d}" for i in random.sample(range(1000), N)]
    tokens, keys = [], []
    with open_database(db) as store:
        m = build_meeting(store, issued=0)
        assert ballots.issue_ballots(store, "监票人", m.round_id, N, "测试：按票数多发").ok
        for label in labels:
            picked = random.sample(CANDIDATES, 2)
            ballot = {"marks": {picked[0]: "agree", picked[1]: "disagree"},
                      "write_ins": [{"name": label, "mark": "agree"}]}
            tokens.append(secrets.token_hex(16))
            done = entry.submit(store, "计票人杨帆", m.round_id, ballot, tokens[-1])
            assert done.ok, done.message
            keys.append(done.value["ballot_id"])
        voids.request_void(store, "计票人杨帆", m.round_id, keys[7], "录错")
        assert voids.decide_void(store, "计票人杨帆", keys[7], SCRUTINEERS[0], True).ok
        again = secrets.token_hex(16)
        assert entry.submit(store, "计票人杨帆", m.round_id,
                            {"marks": {}, "write_ins": [{"name": labels[7]}]}, again).ok
        labels.append(labels.pop(7))
        tokens.pop(7), keys.pop(7)
        tokens.append(again)
        if state in ("closed", "killed_mid_close"):
            assert ballots.record_returned(store, "监票人", m.round_id, N).ok
        if state == "void":
            assert ballots.record_returned(store, "监票人", m.round_id, N + 1).ok   # more back than out
        run = {"labels": labels, "tokens": tokens, "m": m}
        if state == "open":
            return {**run, "snapshot": _copy_while_open(db)}
        if state == "killed_mid_close":
            _die_before_compaction(store, db, run)
        closed = counting.close_round(store, "监票人", m.round_id)
        assert closed.ok, closed.message
        assert counting.state(store, m.round_id).status == ("void" if state == "void" else "closed")
        return {**run, "snapshot": _copy_while_open(db)}   # what a copy taken during the meeting holds


def _die_before_compaction(store, db: Path, run: dict) -> None:
    """The kit is killed the moment the close has committed, before anything else (the
    compaction) runs: deterministic, no timing involved (called in a forked child)."""
    def killed() -> None:
        (db.parent / "run.json").write_text(json.dumps({**run, "m": dataclasses.astuple(run["m"])}, ensure_ascii=False))
        os._exit(9)
    store.compact = killed


def _killed_meeting(db: Path) -> dict:
    pid = os.fork()
    if pid == 0:
        try:
            _run_meeting(db, "killed_mid_close")
        except BaseException:
            import traceback
            traceback.print_exc()
        os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 9
    run = json.loads((db.parent / "run.json").read_text())
    run["snapshot"] = _copy_while_open(db)      # what the killed kit left on disk
    with open_database(db) as store:
        assert counting.state(store, run["m"][2]).status == "closed"
    return run


def _copy_while_open(db: Path) -> Path:
    """Copy every file the kit keeps beside the meeting, byte for byte, while the kit still
    has the database open (a WAL, if any, is still there then)."""
    folder = db.parent / "copy"
    folder.mkdir()
    for path in db.parent.glob(db.name + "*"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder / db.name


@pytest.fixture(scope="module", params=STATES)
def meeting_in_state(request, tmp_path_factory):
    db = tmp_path_factory.mktemp(request.param) / "meeting.sqlite3"
    run = _killed_meeting(db) if request.param == "killed_mid_close" else _run_meeting(db, request.param)
    copied = sorted(p.name for p in run["snapshot"].parent.iterdir())
    return {**run, "db": run["snapshot"], "state": request.param, "copied": copied}


def _file_set(db: Path) -> bytes:
    """Every byte of a copy: the file, then a journal or WAL if any."""
    return b"".join(p.read_bytes() for p in sorted(db.parent.glob(db.name + "*")))


def readable_orders(db: Path, labels: list[str], tokens: list[str]) -> dict[str, list[int]]:
    """Every order in which the ballots can be read back from a copy, as positions in the
    order of entry: bytes first (before SQLite opens the copy and replays any WAL)."""
    raw = _file_set(db)
    where = {label: [m.start() for m in re.finditer(re.escape(label.encode()), raw)] for label in labels}
    assert all(where.values()), "every entered ballot is somewhere in the file"
    entered = {label: i for i, label in enumerate(labels)}
    orders = {"首次出现的位置": sorted(range(N), key=lambda i: where[labels[i]][0]),
              "最后出现的位置": sorted(range(N), key=lambda i: where[labels[i]][-1])}
    conn = sqlite3.connect(db)
    try:
        stored = [json.loads(w)[0]["name"] for (w,) in conn.execute("SELECT write_ins FROM ballots")]
        orders["表中的默认次序"] = [entered[name] for name in stored]
        key_to_label = {k: json.loads(w)[0]["name"] for k, w in conn.execute("SELECT id, write_ins FROM ballots")}
        by_token = {t: b for t, b in conn.execute("SELECT token, ballot_id FROM entry_tokens")}
    finally:
        conn.close()
    token_at = {t: raw.find(t.encode()) for t in tokens}
    if all(p >= 0 for p in token_at.values()):        # tokens kept as given
        orders["提交标识的位置"] = sorted(range(N), key=lambda i: token_at[tokens[i]])
    if by_token:
        linked = [entered[key_to_label[b]] for b in by_token.values() if b in key_to_label]
        orders["提交标识表的次序"] = linked
    return orders


def test_no_order_that_can_be_read_follows_the_order_of_entry(meeting_in_state):
    db, labels = meeting_in_state["db"], meeting_in_state["labels"]
    bound = chance_bound(N)
    for name, order in readable_orders(db, labels, meeting_in_state["tokens"]).items():
        assert len(order) >= N - 1, name
        tau = kendall_tau(order)
        assert abs(tau) < bound, f"{meeting_in_state['state']}：{name} τ={tau:.2f}（偶然最多 {bound:.2f}）"


def test_within_a_page_cells_do_not_lie_in_the_order_of_entry(meeting_in_state):
    raw = _file_set(meeting_in_state["db"])
    page = int.from_bytes(raw[16:18], "big") or 65536
    labels = meeting_in_state["labels"]
    last = {i: raw.rfind(label.encode()) for i, label in enumerate(labels)}
    pairs = [(a, b) for a, b in combinations(range(N), 2) if last[a] // page == last[b] // page]
    assert len(pairs) >= 30
    concordant = sum(1 for a, b in pairs if last[a] < last[b]) / len(pairs)
    # pairs share pages, so they are not independent: a wide band, far from 0 or 1 (entry order)
    assert 0.3 < concordant < 0.7, f"{meeting_in_state['state']}：同页内 {concordant:.2f}"


def test_the_kit_keeps_no_journal_or_wal_while_the_meeting_is_open(meeting_in_state):
    assert meeting_in_state["copied"] == [meeting_in_state["db"].name]


def test_the_audit_keeps_no_event_per_ballot(meeting_in_state):
    with open_database(meeting_in_state["db"]) as store:
        events = store.rows("audit", order_by="seq")
    per_ballot = [e for e in events if e["action"] == "录入选票"]
    assert not per_ballot, per_ballot[:2]
    labels, tokens = meeting_in_state["labels"], meeting_in_state["tokens"]
    for event in events:
        text = event["detail"]
        assert not any(t in text for t in tokens), event
        if any(label in text for label in labels):
            assert event["action"] in ("结束计票",), event          # the totals only
    voided = [e for e in events if "作废录入" in e["action"]]
    assert voided and all(set(json.loads(e["detail"])) <= {"round_id", "reason", "scrutineer"}
                          for e in voided), voided


def test_a_ballot_fills_its_place_where_it_lies(tmp_path):
    """The mechanism behind the order tests, checked byte by byte: once a round's places are laid
    out (at its first entry), entering ballots moves no cell, allocates no page and changes no page
    header; only bytes inside cells change, so nothing in the layout can follow the entry order."""
    db = tmp_path / "meeting.sqlite3"
    with open_database(db) as store:
        m = build_meeting(store, issued=0)
        assert ballots.issue_ballots(store, "监票人", m.round_id, 60, "测试").ok

        def marks(i: int) -> dict:
            return {"marks": {CANDIDATES[i % 5]: "agree"}, "write_ins": [{"name": f"另选{i:03d}"}]}
        assert entry.submit(store, "计票人杨帆", m.round_id, marks(0), secrets.token_hex(16)).ok
        before, size = places_layout(db, "ballot_places"), db.stat().st_size
        for i in range(1, 59):
            assert entry.submit(store, "计票人杨帆", m.round_id, marks(i), secrets.token_hex(16)).ok
        after = places_layout(db, "ballot_places")
    assert db.stat().st_size == size and len(before[1]) >= 2
    assert after == before
    labels = re.findall("另选(\\d{3})".encode(), db.read_bytes())
    assert len(set(labels)) == 59                     # the ballots are there, written into their places


def test_the_order_checks_see_places_filled_in_key_order(tmp_path, monkeypatch):
    """The control for the checks above: were each ballot put in the first empty place (key
    order) instead of one drawn at random, its position would follow the order of entry."""
    monkeypatch.setattr("secrets.randbits", lambda bits: 0)       # every draw takes the first place
    run = _run_meeting(tmp_path / "meeting.sqlite3", "open")
    orders = readable_orders(run["snapshot"], run["labels"], run["tokens"])
    assert kendall_tau(orders["首次出现的位置"]) > chance_bound(N)
    assert kendall_tau(orders["表中的默认次序"]) > chance_bound(N)


def test_scan_files_in_the_archive_say_nothing_of_the_scanning_order():
    names = []
    for i in range(N):
        buf = io.BytesIO()
        Image.new("L", (20, 20), i).save(buf, format="PNG")
        names.append(scrubbed_scan(f"scan-{i:04d}.png", buf.getvalue())[0])
    archive_order = sorted(range(N), key=lambda i: names[i])      # the archive lists members sorted
    assert abs(kendall_tau(archive_order)) < chance_bound(N)


@pytest.fixture(scope="module")
def counted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("secrecy")
    db = folder / "meeting.sqlite3"
    run = _run_meeting(db, "closed")
    with open_database(db) as store:
        exported = counting.export_round(store, run["m"].round_id)
        dossier = dossier_for(store, run["m"].meeting_id, run["m"].election_id)
        keys = [r["id"] for r in store.rows("ballots")]
    written = write_documents(dossier, folder / "out")
    return {"db": db, "m": run["m"], "labels": run["labels"], "keys": keys, "exported": exported,
            "archive": written.archive, "folder": folder}


def _tables(db: Path, kind: str = "table") -> dict[str, tuple[str, list[str]]]:
    conn = sqlite3.connect(db)
    try:
        return {name: (sql, [c[1] for c in conn.execute(f"PRAGMA table_info([{name}])")])
                for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = ?", [kind])}
    finally:
        conn.close()


def test_no_ballot_table_has_a_voter_a_time_or_an_order(counted):
    tables = _tables(counted["db"])
    holding = {name for name, (_, cols) in tables.items()
               if CONTENT_TABLE_COLUMNS & set(cols) or re.search(r"ballot|sheet|token", name)}
    assert {"ballot_places", "pile_places", "voided_ballots", "sheet_places"} <= holding
    views = _tables(counted["db"], "view")          # ballots, readings, sheets and tokens, read from their places
    assert all("FROM ballot_places" in views[v][0] for v in ("ballots", "entry_tokens"))
    assert all("FROM pile_places" in views[v][0] for v in ("pile_ballots", "pile_tokens"))
    assert all("FROM sheet_places" in views[v][0] for v in ("appraisal_sheets", "appraisal_tokens"))
    for name in holding:
        sql, cols = tables[name]
        assert "WITHOUT ROWID" in sql.upper(), f"{name} keeps a rowid (the order rows were written)"
        assert "AUTOINCREMENT" not in sql.upper() and "INTEGER PRIMARY KEY" not in sql.upper(), name
        assert not [c for c in cols if ORDER_COLUMN.search(c) and c not in ("round_id",)], (name, cols)
        assert "REFERENCES MEMBERS" not in sql.upper(), f"{name} points at a member"
    conn = sqlite3.connect(counted["db"])
    try:
        if "sqlite_sequence" in tables:
            assert not {r[0] for r in conn.execute("SELECT name FROM sqlite_sequence")} & holding
        keys = [r[0] for r in conn.execute("SELECT id FROM ballots")]
    finally:
        conn.close()
    assert all(re.fullmatch(r"[0-9a-f]{32}", k) for k in keys)        # random keys, not counters


def test_the_audit_log_names_no_ballot_with_a_voter_or_an_entry_time(counted):
    with open_database(counted["db"]) as store:
        events = store.rows("audit", order_by="seq")
        voters = {r["name"] for r in store.rows("members")}
    ids = set(counted["keys"])
    for event in events:
        text = event["detail"] + event["actor"]
        detail = json.loads(event["detail"])
        assert not any(k in text for k in ids), event
        if any(label in text for label in counted["labels"]):
            assert event["action"] == "结束计票", event     # the totals only
            assert "member_id" not in detail and "at" not in detail
            named = {v for v in voters if v in event["actor"]} - set(SCRUTINEERS) - {"杨帆"}
            assert not named, event


def test_the_exported_round_is_in_canonical_order(counted):
    listed = counted["exported"]["ballots"]
    keys = [json.dumps(b, ensure_ascii=False, sort_keys=True) for b in listed]
    assert keys == sorted(keys) and len(keys) == N
    assert not any("id" in b or "token" in b for b in listed)


def test_the_archive_lists_nothing_in_entry_order_and_carries_no_times(counted):
    with zipfile.ZipFile(counted["archive"]) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names[0] == "MANIFEST" and names[1:] == sorted(names[1:])
        assert len({i.date_time for i in infos}) == 1
        rounds = [json.loads(zf.read(n)) for n in names if n.startswith("rounds/")]
        pdfs = [zf.read(n) for n in names if n.endswith(".pdf")]
        log = zf.read("audit/audit-log.jsonl").decode()
    for data in rounds:
        keys = [json.dumps(b, ensure_ascii=False, sort_keys=True) for b in data["ballots"]]
        assert keys == sorted(keys)
    assert not any(k in log for k in counted["keys"])
    for pdf in pdfs:
        stamps = set(re.findall(rb"/(?:CreationDate|ModDate) \(D:(\d{14})", pdf))
        # the paper's own day at a fixed noon (or reportlab's fixed date): never a clock time
        assert {s[8:] for s in stamps} <= {b"120000", b"000000"}, stamps
        assert {s[:8] for s in stamps} <= {b"20261122", b"20000101"}, stamps


def _png_with_metadata() -> bytes:
    from PIL import PngImagePlugin
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "scan 0007 at 2026-11-22 10:41:07")
    info.add_text("CreationTime", "2026-11-22T10:41:07")
    buf = io.BytesIO()
    Image.new("L", (40, 30), 200).save(buf, format="PNG", pnginfo=info)
    return buf.getvalue()


def _jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x0132] = "2026:11:22 10:41:07"          # DateTime
    exif[0x010F] = "ScannerCo"
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 190, 180)).save(buf, format="JPEG", exif=exif.tobytes(), comment=b"scan 7")
    return buf.getvalue()


@pytest.mark.parametrize("make,name", [(_png_with_metadata, "scan-0007.png"), (_jpeg_with_exif, "IMG_0007.JPG")])
def test_scans_lose_their_names_and_metadata_but_not_their_pixels(make, name):
    data = make()
    assert b"2026" in data
    kept_name, kept = scrubbed_scan(name, data)
    assert b"2026" not in kept and b"0007" not in kept and b"scan 7" not in kept and b"ScannerCo" not in kept
    assert re.fullmatch(r"scans/[0-9a-f]{64}\.(png|jpg)", kept_name)
    before, after = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(kept))
    assert before.size == after.size and before.tobytes() == after.tobytes()
    assert not after.getexif()


def test_the_kit_writes_no_log_files(counted):
    assert not [p for p in counted["folder"].rglob("*") if p.suffix in (".log", ".jsonl", ".txt")]
