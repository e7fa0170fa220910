"""Faults (issue 9): SIGKILL at random points during sign-in, ballot entry and archive
writing; a full disk while writing a PDF or the archive; the clock going backwards.

Each kill loop forks a small child that repeats one action against a fresh copy of a
meeting file and, after every action returns, appends one line to a log.  The parent
kills it (SIGKILL) after a seeded random delay, then checks as a restarted kit would:
every logged action is in the database, nothing is doubled, the audit chain verifies.
"""
import datetime as dt
import errno
import os
import random
import shutil
import signal
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from votekit.documents.archive import manifest, sha256, write_archive
from votekit.service import audit, ballots, entry, meetings, papers, roster, signin, slate
from votekit.service.database import open_database
from votekit.store import Store

pytestmark = pytest.mark.slow

ITERATIONS = 50
VOTERS = 120
CANDIDATES = ["丁宁", "于波", "万伟", "马龙", "王芳", "卢静"]
SEED = 20261122


def _roster_csv(n: int) -> bytes:
    names = CANDIDATES + [f"党员{i:03d}" for i in range(n - len(CANDIDATES))]
    return ("姓名,身份\n" + "".join(f"{name},正式\n" for name in names)).encode()


@pytest.fixture(scope="module")
def bases(tmp_path_factory):
    """Two meeting files: before sign-in, and with everyone signed in and ballots issued."""
    folder = tmp_path_factory.mktemp("faults")
    before, issued = folder / "before.sqlite3", folder / "issued.sqlite3"
    with open_database(before) as store:
        mid = meetings.create_meeting(store, "书记", "中共测试支部委员会", "2026-11-22", "09:00").value
        assert roster.import_roster(store, "书记", mid, "名册.csv", _roster_csv(VOTERS)).ok
        eid = meetings.add_election(store, "书记", mid, "committee", 5).value
        assert slate.set_candidates(store, "书记", eid, CANDIDATES).ok
        assert slate.set_tellers(store, "书记", eid, ["党员000"], []).ok
        store.compact()
    shutil.copy(before, issued)
    with open_database(issued) as store:
        with store.write():
            for member in store.rows("members"):
                signin.sign_in(store, "书记", member["id"])
        round_id = meetings.current_round(store, eid).id
        assert ballots.issue_ballots(store, "书记", round_id, VOTERS).ok
        store.compact()
    return before, issued, round_id


def _fresh(base: Path, folder: Path, i: int) -> Path:
    path = folder / f"run{i:03d}.sqlite3"
    shutil.copy(base, path)
    return path


def _kill_during(action, delay: float, log: Path) -> None:
    """Fork a child that runs ``action(log_fd)`` in a loop; SIGKILL it after ``delay`` seconds."""
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    pid = os.fork()
    if pid == 0:                                    # the child: never returns to pytest
        try:
            action(fd)
        finally:
            os._exit(0)
    os.close(fd)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _logged(log: Path) -> list[str]:
    return [line for line in log.read_text().split("\n")[:-1]]     # a torn last line is not logged


def _check_whole(db: Path) -> None:
    with open_database(db) as store:
        assert store.integrity_ok()
        check = audit.verify(store)
        assert check.ok, check.message


def test_sign_in_survives_sigkill(bases, tmp_path):
    before, _, _ = bases
    rng = random.Random(SEED)
    for i in range(ITERATIONS):
        db, log = _fresh(before, tmp_path, i), tmp_path / f"signin{i}.log"

        def sign_everyone(fd, db=db):
            with open_database(db) as store:
                for member in store.rows("members", order_by="id"):
                    assert signin.sign_in(store, "签到员", member["id"]).ok
                    os.write(fd, f"{member['id']}\n".encode())
        _kill_during(sign_everyone, rng.uniform(0.0, 0.4), log)
        logged = {int(x) for x in _logged(log)}
        _check_whole(db)
        with open_database(db) as store:                               # "after restart"
            present = {r["member_id"] for r in store.rows("attendance") if r["arrived_at"]}
            events = Counter(e["detail"] for e in store.rows("audit", action="签到"))
            assert logged <= present
            assert len(events) == len(present) and set(events.values()) <= {1}
            for member_id in logged:
                assert "无需重复签到" in signin.sign_in(store, "签到员", member_id).message
            assert store.count("audit", action="签到") == len(present)


def test_ballot_entry_survives_sigkill_and_resubmission_counts_once(bases, tmp_path):
    _, issued, round_id = bases
    rng = random.Random(SEED + 1)
    for i in range(ITERATIONS):
        db, log = _fresh(issued, tmp_path, i), tmp_path / f"entry{i}.log"
        tokens = [f"tok{i:03d}x{j:04d}{'k' * 8}" for j in range(VOTERS)]
        pile = [{"marks": {name: rng.choice(["agree", "disagree", "abstain"]) for name in CANDIDATES}}
                for _ in tokens]

        def enter(fd, db=db, tokens=tokens, pile=pile):
            with open_database(db) as store:
                for token, ballot in zip(tokens, pile):
                    assert entry.submit(store, "计票人", round_id, ballot, token).ok
                    os.write(fd, f"{token}\n".encode())
        _kill_during(enter, rng.uniform(0.0, 0.5), log)
        logged = _logged(log)
        _check_whole(db)
        with open_database(db) as store:
            stored = {r["token"] for r in store.rows("entry_tokens")}
            count = store.count("ballots", round_id=round_id)
            assert set(logged) <= stored <= set(tokens[:len(logged) + 1])
            assert count == len(stored) == sum(entry.entry_counts(store, round_id).values())
            again = tokens[:len(logged) + 2]                             # the teller presses again
            for token in again:
                entry.submit(store, "计票人", round_id, pile[tokens.index(token)], token)
            assert store.count("ballots", round_id=round_id) == len(again)
            assert sum(entry.entry_counts(store, round_id).values()) == len(again)
        _check_whole(db)


def _members(version: int) -> list[tuple[str, bytes]]:
    body = f'{{"version": {version}}}\n'.encode() * 2000
    return [(f"rounds/0{k}-委员.json", body + bytes([k])) for k in range(1, 4)] + \
           [("audit/audit-log.jsonl", b""), ("pdf/big.pdf", random.Random(version).randbytes(1 << 18))]


def test_archive_writing_survives_sigkill(tmp_path):
    rng = random.Random(SEED + 2)
    day = dt.date(2026, 11, 22)
    for i in range(ITERATIONS):
        target, log = tmp_path / f"archive{i}.zip", tmp_path / f"archive{i}.log"

        def write_again(fd, target=target):
            for version in range(1000):
                root = write_archive(target, _members(version), day)
                os.write(fd, f"{root}\n".encode())
        _kill_during(write_again, rng.uniform(0.0, 0.3), log)
        roots = _logged(log)
        if roots:
            with zipfile.ZipFile(target) as zf:
                assert zf.testzip() is None                       # a whole archive, never a torn one
                names = zf.namelist()
                root = sha256(zf.read("MANIFEST"))
            assert names[0] == "MANIFEST" and names[1:] == sorted(names[1:])
            assert root in set(roots) | {sha256(manifest(_members(len(roots))))}
        write_archive(target, _members(9999), day)                   # the next write cleans up
        assert not list(tmp_path.glob(f".archive{i}.zip.part"))


# -- a full disk -----------------------------------------------------------------------
def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_while_writing_the_archive_keeps_the_previous_one(tmp_path, monkeypatch):
    day = dt.date(2026, 11, 22)
    target = tmp_path / "archive.zip"
    write_archive(target, _members(1), day)
    previous = target.read_bytes()
    calls = {"n": 0}
    original = zipfile.ZipFile.writestr

    def fill_up(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] > 2:
            _no_space()
        return original(self, *args, **kwargs)
    monkeypatch.setattr(zipfile.ZipFile, "writestr", fill_up)
    with pytest.raises(OSError):
        write_archive(target, _members(2), day)
    assert target.read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir()] == ["archive.zip"]


def test_disk_full_in_the_documents_command_is_a_chinese_message(tmp_path, monkeypatch):
    from votekit.documents import bundle
    from votekit.cli.documents import documents_command
    monkeypatch.setattr(bundle, "render_official", _no_space)
    monkeypatch.setattr(bundle, "render_form", _no_space)
    result = CliRunner().invoke(documents_command, ["--out", str(tmp_path / "out"), "--demo"])
    assert result.exit_code == 1 and "磁盘已满" in result.output and "Traceback" not in result.output
    assert not list((tmp_path / "out").rglob("*.part")) and not list((tmp_path / "out").rglob("*.pdf"))


def test_disk_full_while_printing_ballots_keeps_the_previous_pdf(tmp_path, monkeypatch):
    from tests.counting_fixtures import build_meeting
    from votekit.pdf import ballot as ballot_pdf
    db = tmp_path / "m.sqlite3"
    with open_database(db) as store:
        m = build_meeting(store)
        first = papers.print_ballots(store, "监票人", m.round_id, tmp_path / "ballots")
        assert first.ok
        previous, events = first.value.read_bytes(), store.count("audit")

        def half_then_full(self):
            Path(self._filename).write_bytes(b"%PDF-1.4 half")
            _no_space()
        monkeypatch.setattr(ballot_pdf.Canvas, "save", half_then_full)
        again = papers.print_ballots(store, "监票人", m.round_id, tmp_path / "ballots", paper="A4")
        assert not again.ok and "磁盘已满" in again.message
        assert first.value.read_bytes() == previous
        assert not list((tmp_path / "ballots").rglob("*.part"))
        assert store.count("audit") == events


# -- the clock ---------------------------------------------------------------------------
def test_a_clock_going_backwards_does_not_reorder_the_audit_chain(tmp_path):
    stamps = iter(f"2026-11-22T{h:02d}:{m:02d}:00" for h in range(23, 0, -1) for m in (59, 30, 0))
    with Store(tmp_path / "c.sqlite3", clock=lambda: next(stamps)) as store:
        store.migrate()
        mid = meetings.create_meeting(store, "书记", "中共测试支部委员会", "2026-11-22").value
        ids = [roster.add_member(store, "书记", mid, name).value for name in CANDIDATES]
        for member_id in ids:
            signin.sign_in(store, "签到员", member_id)
        check = audit.verify(store)
        rows = store.rows("audit", order_by="seq")
        newest_first = audit.events(store, mid)
    assert check.ok
    assert [r["at"] for r in rows] == sorted((r["at"] for r in rows), reverse=True)    # time ran back
    assert [r["action"] for r in rows] == ["创建会议"] + ["添加党员"] * 6 + ["签到"] * 6
    assert [e.seq for e in newest_first] == sorted((e.seq for e in newest_first), reverse=True)
