"""The sealed archive and ``votekit verify``: intact passes; any change is found and named."""
from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest
from click.testing import CliRunner

from votekit.documents import verify as verify_module
from votekit.documents.archive import manifest
from votekit.documents.before import days_until_due, due_reminder, request_due
from votekit.cli import main
from tests.documents_support import played_dossier
from votekit.documents.verify import verify_archive


@pytest.fixture(scope="module")
def sealed(demo_documents):
    return demo_documents("runoff")[2]          # written once per run (conftest.py); tests copy


def members_of(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rewrite(path, members: dict[str, bytes], reseal: bool = False) -> None:
    if reseal:
        members = dict(members)
        members.pop("MANIFEST")
        members = {"MANIFEST": manifest(list(members.items())), **members}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def cli():
    return main


def test_fresh_archive_is_intact(sealed):
    check = verify_archive(sealed.archive)
    assert check.ok, check.summary
    assert check.rounds == 4 and check.events == len(played_dossier().audit_log) > 60   # the played log
    assert check.root == sealed.root and check.records_root == sealed.records_root
    assert "归档完整" in check.summary and sealed.records_root in check.summary
    assert sealed.root in check.summary                      # verify prints the root it computed
    assert verify_archive(sealed.archive, sealed.root).ok
    assert not verify_archive(sealed.archive, "f" * 64).ok
    wrong = verify_archive(sealed.archive, sealed.records_root)   # the other fingerprint
    assert not wrong.ok and "给出的是计票记录指纹" in wrong.summary


def test_the_archive_explains_itself_and_sha256sum_reads_the_manifest(sealed, tmp_path):
    import subprocess
    with zipfile.ZipFile(sealed.archive) as zf:
        zf.extractall(tmp_path)
        names = zf.namelist()
    readme = (tmp_path / "说明.txt").read_text("utf-8")
    assert "sha256sum -c MANIFEST" in readme and "PDF/A" in readme
    assert any(n.startswith("docx/") for n in names) and any(n.startswith("specimens/") for n in names)
    ok = subprocess.run(["sha256sum", "--strict", "-c", "MANIFEST"], cwd=tmp_path,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    root = subprocess.run("grep -v -e 02-计票结果报告单 -e 09-归档目录 MANIFEST | sha256sum",
                          shell=True, cwd=tmp_path, capture_output=True, text=True).stdout.split()[0]
    assert root == sealed.root
    records = subprocess.run("grep -e '  rounds/' -e '  attendance/' -e '  audit/' -e '  votes/' "
                             "-e '  scans/' MANIFEST | sha256sum", shell=True, cwd=tmp_path,
                             capture_output=True, text=True).stdout.split()[0]
    assert records == sealed.records_root                   # as 说明.txt tells the reader


def _tampered(sealed, tmp_path, change) -> tuple:
    members = members_of(sealed.archive)
    name = change(members)
    rewrite(tmp_path / "t.zip", members, reseal=True)     # the MANIFEST is rewritten to match
    return name, verify_archive(tmp_path / "t.zip", sealed.root)


def test_replaced_pdf_is_named_under_the_printed_root(sealed, tmp_path):
    def change(members):
        name = "pdf/05-关于选举结果的报告.pdf"
        members[name] = members["pdf/07-公示.pdf"]
        return name
    name, check = _tampered(sealed, tmp_path, change)
    assert not check.ok and name in check.bad_files, check.summary


def test_added_pdf_is_named_under_the_printed_root(sealed, tmp_path):
    def change(members):
        members["pdf/99-补充说明.pdf"] = members["pdf/07-公示.pdf"] + b"%extra"
        return "pdf/99-补充说明.pdf"
    name, check = _tampered(sealed, tmp_path, change)
    assert not check.ok and name in check.bad_files, check.summary


def test_deleted_pdf_is_caught_under_the_printed_root(sealed, tmp_path):
    def change(members):
        del members["pdf/07-公示.pdf"]
        return "pdf/07-公示.pdf"                  # named from the 归档目录's list of files
    name, check = _tampered(sealed, tmp_path, change)
    assert not check.ok and name in check.bad_files, check.summary
    assert "已被删除" in check.summary


def test_changed_count_is_named_under_the_printed_root(sealed, tmp_path):
    def change(members):
        name = "attendance/attendance.json"
        data = json.loads(members[name])
        data["present"] += 1                      # 实到 changed
        members[name] = json.dumps(data, ensure_ascii=False).encode("utf-8")
        return name
    name, check = _tampered(sealed, tmp_path, change)
    assert not check.ok and name in check.bad_files, check.summary


def test_cli_exit_codes(sealed, tmp_path):
    ok = CliRunner().invoke(cli(), ["verify", str(sealed.archive)])
    assert ok.exit_code == 0 and "归档完整" in ok.output
    members = members_of(sealed.archive)
    members["attendance/attendance.json"] += b" "
    rewrite(tmp_path / "bad.zip", members)
    bad = CliRunner().invoke(cli(), ["verify", str(tmp_path / "bad.zip")])
    assert bad.exit_code == 1 and "归档不完整" in bad.output
    assert "attendance/attendance.json" in bad.output


def test_cli_documents_writes_the_demo_set(sealed, tmp_path):
    """The command plays the demo meeting afresh: the same archive, byte for byte, as the set
    written from another play of it (the output is deterministic)."""
    result = CliRunner().invoke(cli(), ["documents", "--out", str(tmp_path), "--demo"])
    assert result.exit_code == 0, result.output
    check = verify_archive(tmp_path / "archive.zip")
    assert check.ok and check.root == sealed.root and check.records_root == sealed.records_root
    assert members_of(tmp_path / "archive.zip")["MANIFEST"] == members_of(sealed.archive)["MANIFEST"]


def _names(path):
    with zipfile.ZipFile(path) as zf:
        return zf.namelist()


@pytest.mark.parametrize("position", ["start", "middle", "end"])
def test_one_changed_byte_in_any_member_is_named(sealed, tmp_path, position):
    original = members_of(sealed.archive)
    kinds = {}
    for name in sorted(original):           # one member of each kind (folder, or file at the top)
        kinds.setdefault(name.split("/")[0] if "/" in name else name, name)
    for name in kinds.values():
        members = dict(original)
        data = bytearray(members[name])
        at = {"start": 0, "middle": len(data) // 2, "end": len(data) - 2}[position]
        data[at] ^= 0x01
        members[name] = bytes(data)
        target = tmp_path / "changed.zip"
        rewrite(target, members)
        check = verify_archive(target)
        assert not check.ok, name
        assert name in check.bad_files, (name, check.summary)
        assert name in check.summary


def _drop_ballot(members, name="rounds/01-委员-第一轮.json"):
    data = json.loads(members[name])
    data["ballots"].pop()
    members[name] = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return name


def test_a_removed_ballot_is_found(sealed, tmp_path):
    members = members_of(sealed.archive)
    name = _drop_ballot(members)
    rewrite(tmp_path / "a.zip", members)
    assert name in verify_archive(tmp_path / "a.zip").bad_files


def test_a_removed_ballot_is_found_even_when_the_manifest_is_redone(sealed, tmp_path):
    members = members_of(sealed.archive)
    name = _drop_ballot(members)
    rewrite(tmp_path / "b.zip", members, reseal=True)
    check = verify_archive(tmp_path / "b.zip")
    assert not check.ok
    assert name in check.bad_files                         # re-count differs from the record
    assert "重新计票的结果与记录的结果不符" in check.summary
    assert "pdf/02-计票结果报告单.pdf" in check.bad_files   # printed fingerprint differs


def test_a_removed_audit_event_breaks_the_chain(sealed, tmp_path):
    members = members_of(sealed.archive)
    lines = members["audit/audit-log.jsonl"].decode().splitlines(keepends=True)
    members["audit/audit-log.jsonl"] = "".join(lines[:3] + lines[4:]).encode()
    rewrite(tmp_path / "c.zip", members, reseal=True)
    check = verify_archive(tmp_path / "c.zip")
    assert "audit/audit-log.jsonl" in check.bad_files and "哈希链断开" in check.summary


@pytest.mark.parametrize("evil", ["../evil.txt", "/etc/evil", "rounds/../../x", "C:/x", "a\\..\\b"])
def test_unsafe_member_names_are_refused(sealed, tmp_path, evil):
    members = members_of(sealed.archive)
    members[evil] = b"x"
    rewrite(tmp_path / "d.zip", members)
    check = verify_archive(tmp_path / "d.zip")
    assert not check.ok and evil in check.bad_files and "路径不安全" in check.summary


def test_zip_bombs_are_refused(sealed, tmp_path, monkeypatch):
    members = members_of(sealed.archive)
    members["scans/bomb.png"] = bytes(8 << 20)
    rewrite(tmp_path / "e.zip", members)
    check = verify_archive(tmp_path / "e.zip")
    assert "scans/bomb.png" in check.bad_files and "压缩炸弹" in check.summary
    monkeypatch.setattr(verify_module, "MAX_TOTAL", 100_000)
    check = verify_archive(sealed.archive)
    assert not check.ok and "超过上限" in check.summary


def test_not_a_zip_and_a_missing_manifest(sealed, tmp_path):
    (tmp_path / "x.zip").write_bytes(b"not a zip")
    check = verify_archive(tmp_path / "x.zip")
    assert not check.ok and "无法作为 zip 归档打开" in check.summary
    members = members_of(sealed.archive)
    del members["MANIFEST"]
    rewrite(tmp_path / "f.zip", members)
    assert verify_archive(tmp_path / "f.zip").bad_files == ("MANIFEST",)


@pytest.mark.parametrize("today, expires, meeting, due, left", [
    ("2026-09-10", "2026-11-23", "2026-11-19", "2026-09-20", 10),
    ("2026-09-20", "2026-11-23", "2026-11-19", "2026-09-20", 0),
    ("2026-09-25", "2026-11-23", "2026-11-19", "2026-09-20", -5),
    ("2026-01-01", "2026-11-23", None, "2026-09-24", 266),
    ("2024-02-01", "2024-04-30", None, "2024-03-01", 29),      # leap year
])
def test_request_countdown(today, expires, meeting, due, left):
    d = dt.date.fromisoformat
    meeting_day = d(meeting) if meeting else None
    assert request_due(d(expires), meeting_day) == d(due)
    assert days_until_due(d(today), d(expires), meeting_day) == left
    text = due_reminder(d(today), d(expires), meeting_day)
    assert {True: f"还有{left}天", False: "今天是最后期限" if left == 0 else f"已逾期{-left}天"}[left > 0] in text
