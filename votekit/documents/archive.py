"""The sealed archive: one .zip per election, checkable with nothing but ``sha256sum``.

Layout inside the zip::

    MANIFEST                     "<sha256>  <path>" per member, sorted by path: the format
                                 ``sha256sum -c MANIFEST`` reads (run it in the unzipped folder)
    说明.txt                     what each file is and how to check it, in Chinese
    rounds/NN-….json             one TALLY-JSON round record each (``votekit tally`` reads it),
                                 plus the stored "verdict" and a "votekit" label
    void/NN-….json               a round declared void before counting (more ballots returned
                                 than issued, RULES.md §6): 发出, 收回 and 选举无效 — no ballots
                                 and no tally, for none was made; NN is its place among the rounds
    attendance/attendance.json   the roster with who was present, on leave or left out of 应到
    audit/audit-log.jsonl        the audit events with their hash chain
    votes/motions.json           表决 and 民主测评 records (RULES.md §10), re-judged by verify
    votes/appraisals.json
    scans/<sha256>.<ext>         scanned ballot images: named by content and without
                                 metadata (times, camera), so nothing gives their order
    pdf/….pdf, docx/….docx       every document, as printed and as an editable file
    specimens/….pdf              a blank specimen of each ballot and sheet

The **records fingerprint** (``records-root``) is the SHA-256 over the MANIFEST lines of
the records (rounds, void rounds, attendance, audit, votes, scans).  The **archive root** is the
SHA-256 over the MANIFEST lines of every file except the two papers that print it
(计票结果报告单 and 归档目录, PDF and .docx) — the same as
``grep -v -e 02-计票结果报告单 -e 09-归档目录 MANIFEST | sha256sum``.  Both are printed on
the 计票结果报告单 and the 归档目录 and stored in their PDF metadata, so the paper and
the archive vouch for each other; the 归档目录 also lists every covered file with its
hash, so a replaced, added or removed file can be named.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import zipfile
from pathlib import Path

from ..core.export import round_to_data, verdict_to_data
from .model import Dossier, RoundResult, VoidRound
from .scrub import scrubbed_scan

RECORD_DIRS = ("rounds/", "void/", "attendance/", "audit/", "scans/", "votes/")
VOID_STATUS = "void_more_returned"
TALLY = "02-计票结果报告单"
INDEX = "09-归档目录"
TALLY_PDF = f"pdf/{TALLY}.pdf"
INDEX_PDF = f"pdf/{INDEX}.pdf"
PRINTS_ROOT = (TALLY_PDF, INDEX_PDF, f"docx/{TALLY}.docx", f"docx/{INDEX}.docx")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _dump(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def round_member(r: RoundResult, contest: str) -> bytes:
    data = round_to_data(r.record)
    data["ballots"].sort(key=lambda b: json.dumps(b, ensure_ascii=False, sort_keys=True))
    data["votekit"] = {"contest": contest, "label": r.label, "ballots_printed": r.ballots_printed,
                       "ballots_spoiled": r.ballots_spoiled, "note": r.note}
    data["verdict"] = verdict_to_data(r.verdict)
    return _dump(data)


def void_member(v: VoidRound, contest: str) -> bytes:
    """A void round as the 监票人 declared it: the ballots out and back, no ballots, no tally."""
    roll = v.roll
    return _dump({"kind_of_record": "void_round", "seats": v.seats, "candidates": list(v.candidates),
                  "expected": roll.expected if roll else None, "present": roll.present if roll else None,
                  "ballots_issued": v.issued, "ballots_returned": v.returned,
                  "election_valid": v.returned <= v.issued, "status": VOID_STATUS, "tally": {},
                  "votekit": {"contest": contest, "label": v.label, "round_number": v.number,
                              "ballots_printed": v.ballots_printed, "ballots_spoiled": v.ballots_spoiled}})


def record_members(d: Dossier) -> list[tuple[str, bytes]]:
    """The records: every round (a void one in its place), the attendance list, the audit log, the scans."""
    out = []
    held = [(c.office, r) for c in d.contests for r in c.held]   # 委员, or 书记 then 副书记
    for i, (office, r) in enumerate(held, start=1):
        if isinstance(r, VoidRound):
            out.append((f"void/{i:02d}-{office}-{r.label}-选举无效.json", void_member(r, office)))
        else:
            again = "-重新投票" if r.rerun else ""
            out.append((f"rounds/{i:02d}-{office}-{r.label}{again}.json", round_member(r, office)))
    if d.plenary is not None:
        for i, (post, vote) in enumerate(d.plenary.held, start=11):
            if isinstance(vote, VoidRound):
                out.append((f"void/{i:02d}-{post}-选举无效.json", void_member(vote, post)))
            else:
                again = "-重新投票" if vote.result.rerun else ""
                out.append((f"rounds/{i:02d}-{post}{again}.json", round_member(vote.result, post)))
    att = d.attendance
    attendance = {
        "meeting": d.meeting.branch + "党员大会", "date": d.meeting.meeting_date.isoformat(),
        "expected": att.expected, "present": att.present,
        "members": [{"name": m.name, "status": m.status.value, "present": m.present,
                     "group": d.meeting.group_of(m.name)} for m in att.members],
        "absent": [{"name": a.name, "reason": a.reason, "kind": a.kind.value, "wording": a.wording}
                   for a in att.absent],
        "excluded": [{"name": e.name, "reason": int(e.reason), "higher_approved": e.higher_approved,
                      "meeting_approved": e.meeting_approved, "note": e.note,
                      "higher_approved_on": e.higher_approved_on.isoformat() if e.higher_approved_on else None,
                      "meeting_approved_on": e.meeting_approved_on.isoformat() if e.meeting_approved_on else None}
                     for e in att.excluded],
    }
    out.append(("attendance/attendance.json", _dump(attendance)))
    log = "".join(json.dumps(ev, ensure_ascii=False, sort_keys=True) + "\n" for ev in d.audit_log)
    out.append(("audit/audit-log.jsonl", log.encode("utf-8")))
    for name, data in d.other_votes:
        out.append((f"votes/{name}.json", _dump(data)))
    for name, data in d.scans:
        out.append(scrubbed_scan(name, data))
    return out


def manifest_line(path: str, data: bytes) -> str:
    """One line as ``sha256sum`` writes it (text mode: two spaces)."""
    return f"{sha256(data)}  {path}"


def line_path(line: str) -> str:
    return line.split("  ", 1)[1]


def _digest(lines) -> str:
    chosen = sorted(lines, key=line_path)
    return sha256("".join(line + "\n" for line in chosen).encode("utf-8"))


def records_root(lines: list[str]) -> str:
    """SHA-256 over the manifest lines of the records, in path order."""
    return _digest(line for line in lines if line_path(line).startswith(RECORD_DIRS))


def covered(path: str) -> bool:
    """Whether the archive root covers ``path`` (all but MANIFEST and the papers printing it)."""
    return path != "MANIFEST" and path not in PRINTS_ROOT


def archive_root(lines: list[str]) -> str:
    """SHA-256 over the manifest lines of every covered file, in path order."""
    return _digest(line for line in lines if covered(line_path(line)))


def fingerprint_of(members: list[tuple[str, bytes]]) -> str:
    return records_root([manifest_line(p, data) for p, data in members])


def root_of(members: list[tuple[str, bytes]]) -> str:
    return archive_root([manifest_line(p, data) for p, data in members])


def manifest(members: list[tuple[str, bytes]]) -> bytes:
    lines = sorted((manifest_line(p, data) for p, data in members), key=line_path)
    return "".join(line + "\n" for line in lines).encode("utf-8")


def replace_atomically(path, write) -> None:
    """``write(temp_path)`` next to ``path``, flushed to disk, then renamed over it: a crash
    or a full disk leaves the previous file whole (and no partial file behind)."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.part")
    try:
        write(partial)
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_archive(path, members: list[tuple[str, bytes]], day: dt.date) -> str:
    """Write the zip (deterministic bytes, all member times the meeting day, members in
    name order); returns the archive root."""
    text = manifest(members)
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)

    def write(target) -> None:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in [("MANIFEST", text)] + sorted(members):
                info = zipfile.ZipInfo(name, stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)
    replace_atomically(path, write)
    return root_of(members)
