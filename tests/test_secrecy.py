"""Secrecy audit (issue 9): nothing the kit stores or exports links a ballot to a voter
or to the order in which ballots were cast or entered.

A meeting is run through the service layer with 120 ballots, each carrying a unique
write-in ("另选001" …) so it can be found anywhere.  Then everything is searched: the
schema, the rows and their default order, the raw database bytes (cells within a page,
the WAL, freed pages), the audit log, the exported round, the sealed archive (member
order, times, PDFs' metadata) and scanned images' metadata.
"""
import io
import json
import re
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

N = 120
CONTENT_TABLE_COLUMNS = {"marks", "ratings", "reading", "write_ins", "image"}
ORDER_COLUMN = re.compile(r"(^|_)(at|time|ts|created|updated|seq|order|position|number|rank|"
                          r"member|member_id|voter|attendance|arrived|signed)($|_)")


def marker(i: int) -> str:
    return f"另选{i:03d}"


def rank_correlation(xs: list, ys: list) -> float:
    """Spearman's rho of two orderings of the same items (no ties)."""
    rx = {x: r for r, x in enumerate(sorted(xs))}
    ry = {y: r for r, y in enumerate(sorted(ys))}
    a, b = [rx[x] for x in xs], [ry[y] for y in ys]
    n = len(a)
    return 1 - 6 * sum((p - q) ** 2 for p, q in zip(a, b)) / (n * (n * n - 1))


@pytest.fixture(scope="module")
def counted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("secrecy")
    db = folder / "meeting.sqlite3"
    with open_database(db) as store:
        m = build_meeting(store, issued=0)
        assert ballots.issue_ballots(store, "监票人", m.round_id, N, "测试：按票数多发").ok
        entered = []
        for i in range(N):
            ballot = {"marks": {CANDIDATES[i % 6]: "agree", CANDIDATES[(i + 1) % 6]: "disagree"},
                      "write_ins": [{"name": marker(i), "mark": "agree"}]}
            done = entry.submit(store, "计票人杨帆", m.round_id, ballot, f"secrecy-token-{i:04d}")
            assert done.ok, done.message
            entered.append(done.value["ballot_id"])
        voids.request_void(store, "计票人杨帆", m.round_id, entered[7], "录错")
        assert voids.decide_void(store, "计票人杨帆", entered[7], SCRUTINEERS[0], True).ok
        entry.submit(store, "计票人杨帆", m.round_id, {"marks": {}, "write_ins": [{"name": marker(7)}]},
                     "secrecy-token-again7")
        assert ballots.record_returned(store, "监票人", m.round_id, N).ok
        wal = Path(f"{db}-wal")
        during = sum(marker(i).encode() in wal.read_bytes() for i in range(N))
        closed = counting.close_round(store, "监票人", m.round_id)
        assert closed.ok, closed.message
        after = sum(marker(i).encode() in wal.read_bytes() for i in range(N)) if wal.exists() else 0
        exported = counting.export_round(store, m.round_id)
        dossier = dossier_for(store, m.meeting_id, m.election_id)
    written = write_documents(dossier, folder / "out")
    return {"db": db, "m": m, "entered": entered, "exported": exported, "archive": written.archive,
            "folder": folder, "wal_during": during, "wal_after": after}


def _tables(db: Path) -> dict[str, tuple[str, list[str]]]:
    conn = sqlite3.connect(db)
    try:
        return {name: (sql, [c[1] for c in conn.execute(f"PRAGMA table_info([{name}])")])
                for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def test_no_ballot_table_has_a_voter_a_time_or_an_order(counted):
    tables = _tables(counted["db"])
    holding = {name for name, (_, cols) in tables.items()
               if CONTENT_TABLE_COLUMNS & set(cols) or re.search(r"ballot|sheet|token", name)}
    assert {"ballots", "pile_ballots", "voided_ballots", "entry_tokens", "appraisal_sheets"} <= holding
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


def test_stored_rows_do_not_follow_the_order_of_entry(counted):
    conn = sqlite3.connect(counted["db"])
    try:
        default = [r[0] for r in conn.execute("SELECT id FROM ballots")]
        by_content = [r[0] for r in conn.execute("SELECT write_ins FROM ballots")]
    finally:
        conn.close()
    order = {key: i for i, key in enumerate(counted["entered"])}
    positions = [order[k] for k in default if k in order]
    assert len(positions) == N - 1
    assert abs(rank_correlation(positions, sorted(positions))) < 0.4
    assert len(by_content) == N


def test_the_raw_database_file_keeps_no_trace_of_the_entry_order(counted):
    db = counted["db"]
    assert counted["wal_during"] > N // 2                  # while counting, the WAL holds commits in order
    assert counted["wal_after"] == 0, "after the count is closed the WAL must not keep them (app still running)"
    raw = db.read_bytes()
    page = int.from_bytes(raw[16:18], "big") or 65536
    first = {}
    for i in range(N):
        found = raw.find(marker(i).encode())
        assert found >= 0
        first[i] = found
    pairs = [(a, b) for a, b in combinations(range(N), 2) if first[a] // page == first[b] // page]
    assert len(pairs) >= 30
    concordant = sum(1 for a, b in pairs if first[a] < first[b]) / len(pairs)
    assert 0.2 < concordant < 0.8, f"within a page, cells lie in entry order ({concordant:.2f})"
    order = [first[i] for i in range(N)]
    assert abs(rank_correlation(order, sorted(order))) < 0.4


def test_the_audit_log_names_no_ballot_with_a_voter_or_an_entry_time(counted):
    with open_database(counted["db"]) as store:
        events = store.rows("audit", order_by="seq")
        voters = {r["name"] for r in store.rows("members")}
    ids = set(counted["entered"])
    for event in events:
        text = event["detail"] + event["actor"]
        detail = json.loads(event["detail"])
        if event["action"] == "录入选票":
            assert set(detail) <= {"round_id", "pile"}, detail
        mentions_ballot = any(k in text for k in ids) or any(marker(i) in text for i in range(N))
        if mentions_ballot:
            assert event["action"] in ("申请作废录入", "监票人确认作废录入", "监票人驳回作废申请",
                                       "结束计票"), event     # 结束计票: the totals only
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
    assert not any(k in log for k in counted["entered"][8:])   # only the voided entry is named
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
