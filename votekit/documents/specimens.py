"""Blank specimens for the archive: one unmarked ballot of each round and one 测评表.

The specimen's QR code carries the election code ``SPECIMEN`` signed with a key that is
never a meeting's, so a specimen fed to the scanner is refused as not of this meeting.
"""
from __future__ import annotations

import io
import tempfile
from pathlib import Path

from ..core.payload import BallotKind
from ..pdf.appraisal_sheet import SheetSpec, render_sheets
from ..pdf.ballot import BallotSpec, Contest, payload_for, render_ballots
from .model import Dossier
from .wording import appraisals

SPECIMEN_KEY = b"votekit-specimen-not-a-ballot"


def _ballot(spec: BallotSpec) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "specimen.pdf"
        render_ballots(spec, 1, path)
        return path.read_bytes()


FIXED_STAMP = b"D:20000101000000+00'00'"      # reportlab's invariant date


def dated(data: bytes, day) -> bytes:
    """The specimen dated the meeting day (same length: the xref offsets stay right)."""
    stamp = f"D:{day.year:04d}{day.month:02d}{day.day:02d}120000+08'00'".encode()
    return data.replace(FIXED_STAMP, stamp) if len(stamp) == len(FIXED_STAMP) else data


def specimens(d: Dossier) -> list[tuple[str, bytes]]:
    """(``specimens/…pdf``, bytes) for each round's ballot and each appraisal sheet."""
    out = []
    branch = d.meeting.branch_name
    held = [(c.office, j, r) for c in d.contests for j, r in enumerate(c.rounds)]   # 委员, or 书记, 副书记
    for i, (office, j, r) in enumerate(held, start=1):
        contest = Contest(office, r.record.kind, r.record.seats, r.record.candidates,
                          write_ins=r.label != "再次投票")
        kind = BallotKind.COMMITTEE if office == "委员" else BallotKind.SECRETARY
        spec = BallotSpec(branch, (contest,), payload_for("SPECIMEN", i, kind, SPECIMEN_KEY),
                          round_label="" if j == 0 else r.label)
        out.append((f"specimens/{i:02d}-{office}选票-{r.label}-样张.pdf", _ballot(spec)))
    if d.plenary is not None:
        for j, vote in enumerate(d.plenary.votes, start=11):
            rec = vote.result.record
            contest = Contest(vote.post, rec.kind, rec.seats, rec.candidates)
            spec = BallotSpec(branch, (contest,), payload_for("SPECIMEN", j, BallotKind.SECRETARY,
                                                              SPECIMEN_KEY))
            out.append((f"specimens/{j:02d}-{vote.post}选票-样张.pdf", _ballot(spec)))
    for k, item in enumerate(appraisals(d), start=21):
        sheet = SheetSpec(item.get("title", "民主测评表"), tuple(item.get("names", ())),
                          payload_for("SPECIMEN", k, BallotKind.APPRAISAL, SPECIMEN_KEY))
        buffer = io.BytesIO()
        render_sheets(sheet, 1, buffer)
        out.append((f"specimens/{k:02d}-民主测评表-样张.pdf", buffer.getvalue()))
    return [(name, dated(data, d.meeting.meeting_date)) for name, data in out]
