"""The sealed archive: one .zip per election, with a MANIFEST of SHA-256 hashes.

Layout inside the zip::

    MANIFEST                     every other member: "<sha256>  <size>  <path>", then
                                 "records-root: <sha256>"
    rounds/NN-….json             one TALLY-JSON round record each (``votekit tally`` reads it),
                                 plus the stored "verdict" and a "votekit" label
    attendance/attendance.json   the roster with who was present, on leave or left out of 应到
    audit/audit-log.jsonl        the audit events with their hash chain
    votes/motions.json           表决 and 民主测评 records (RULES.md §10), re-judged by verify
    votes/appraisals.json
    scans/<sha256>.<ext>         scanned ballot images, if any: named by content and without
                                 metadata (times, camera), so nothing gives their order
    pdf/….pdf                    every printed document

The **records fingerprint** (``records-root``) is the SHA-256 of the manifest lines
for the records (rounds, attendance, audit, scans); it is printed at the foot of
the signed 计票结果报告单 and stored in that PDF's metadata, so the paper
and the archive vouch for each other.  The **root fingerprint** is the SHA-256 of
the MANIFEST file itself, and covers every member including the PDFs.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import zipfile
from pathlib import Path

from ..core.export import round_to_data, verdict_to_data
from .model import Dossier, RoundResult
from .scrub import scrubbed_scan

HEADER = "votekit-archive v1"
RECORD_DIRS = ("rounds/", "attendance/", "audit/", "scans/", "votes/")
TALLY_PDF = "pdf/02-计票结果报告单.pdf"


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


def record_members(d: Dossier) -> list[tuple[str, bytes]]:
    """The records: every round, the attendance list, the audit log, the scans."""
    out = []
    for i, r in enumerate(d.rounds, start=1):
        out.append((f"rounds/{i:02d}-委员-{r.label}.json", round_member(r, "委员")))
    if d.plenary is not None:
        for i, vote in enumerate(d.plenary.votes, start=11):
            out.append((f"rounds/{i:02d}-{vote.post}.json", round_member(vote.result, vote.post)))
    att = d.attendance
    attendance = {
        "meeting": d.meeting.branch + "党员大会", "date": d.meeting.meeting_date.isoformat(),
        "expected": att.expected, "present": att.present,
        "members": [{"name": m.name, "status": m.status.value, "present": m.present,
                     "group": d.meeting.group_of(m.name)} for m in att.members],
        "absent": [{"name": a.name, "reason": a.reason} for a in att.absent],
        "excluded": [{"name": e.name, "reason": int(e.reason), "higher_approved": e.higher_approved,
                      "meeting_approved": e.meeting_approved, "note": e.note} for e in att.excluded],
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
    return f"{sha256(data)}  {len(data)}  {path}"


def records_root(lines: list[str]) -> str:
    """SHA-256 over the sorted manifest lines of the records."""
    chosen = sorted(line for line in lines if line.split("  ", 2)[2].startswith(RECORD_DIRS))
    return sha256(("\n".join(chosen) + "\n").encode("utf-8"))


def fingerprint_of(members: list[tuple[str, bytes]]) -> str:
    return records_root([manifest_line(p, data) for p, data in members])


def manifest(members: list[tuple[str, bytes]]) -> bytes:
    lines = sorted(manifest_line(p, data) for p, data in members)
    body = [HEADER] + sorted(lines, key=lambda line: line.split("  ", 2)[2])
    body.append(f"records-root: {records_root(lines)}")
    return ("\n".join(body) + "\n").encode("utf-8")


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
    name order); returns the root fingerprint."""
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
    return sha256(text)
