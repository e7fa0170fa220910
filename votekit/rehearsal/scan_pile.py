"""Rehearsal: the same pile counted twice, typed by the tellers and read from a scan.

The round's printed ballot PDF is rasterised; each sheet is marked by script
with exactly the paper the tellers typed (○ / × / blank, now and then a faint ○,
a scribbled name with ○ in an 另选人 column), spoiled like a copier's scan, and
fed to the reader one sheet at a time, as a sheet-fed scanner does.  A 监票人
decides every doubt by looking at the paper (here: the paper the script drew).
Then the machine's reading is reconciled with the tellers' entry, and the verdict
is judged from the scanned ballots alone: both must equal the keyboard's, or the
rehearsal fails.
"""
from __future__ import annotations

import dataclasses
import random
from collections import Counter
from typing import Any

import cv2

from ..core.export import verdict_to_data
from ..core.verdict import judge
from ..pdf.ballot_layout import BallotLayout
from ..scan import pages as scan_pages
from . import pen
from ..service import adjudication, counting, meetings, papers, scan_reconcile, slate

from .context import ACTOR, Rehearsal

DPI = 200
FAINT = 0.2          # share of sheets with one faint ○, for the 监票人 to decide
DRAWN = {"agree": "circle", "disagree": "cross"}


def drawing(layout: BallotLayout, paper: dict[str, Any]) -> tuple[dict, dict, dict]:
    """What the voter drew (layout index -> circle/cross/blank), the written-in columns,
    and what a 监票人 reads on the paper at each index (decision, name)."""
    marks, written, truth = {}, {}, {}
    free = [i for i, s in enumerate(layout.marks) if s.kind == "write_in"]
    for i, slot in enumerate(layout.marks):
        if slot.kind == "candidate":
            value = paper["marks"].get(slot.name, "abstain")
            marks[i], truth[i] = DRAWN.get(value, "blank"), (value, "")
        else:
            truth[i] = ("abstain", "")
    for write_in in paper.get("write_ins", []):
        i = free.pop(0)
        marks[i], written[i] = DRAWN.get(write_in["mark"], "blank"), True
        truth[i] = (write_in["mark"] if write_in["mark"] in DRAWN else "abstain", write_in["name"])
    return marks, written, truth


def _decide_page(r: Rehearsal, round_id: int, truth: dict, scrutineer: str, seen: Counter) -> None:
    """The 监票人 looks at the sheet just read and decides each of its doubts."""
    for doubt in adjudication.pending(r.store, round_id):
        if doubt.kind == "page":
            raise RuntimeError(f"扫描演练：{doubt.label}未能读出（{'；'.join(doubt.reasons)}）")
        decision, name = truth[doubt.slot]
        outcome = adjudication.decide(r.store, ACTOR, doubt.id, scrutineer, decision, name)
        if not outcome.ok:
            raise RuntimeError(outcome.message)
        seen[doubt.kind] += 1


def scan_pile(r: Rehearsal, round_id: int, pile: list[dict[str, Any]], seed: int) -> dict[str, Any]:
    """Mark, scan, read and adjudicate the typed pile; reconcile; the scan's own verdict."""
    rnd = meetings.get_round(r.store, round_id)
    layout = adjudication.round_layout(r.store, round_id)
    pdf = r.out / papers.ballot_file_name(rnd.election_id, rnd.number)
    if layout is None or len(layout.slots) != 1:
        return {"skipped": "本轮没有印制A4选票，未演练扫描读票"}
    sheets = scan_pages.load(pdf.read_bytes(), pdf.name, DPI)
    if isinstance(sheets, scan_pages.Unreadable):
        raise RuntimeError(f"扫描演练：{pdf.name}：{sheets.reason}")
    if len(sheets) < len(pile):
        raise RuntimeError(f"扫描演练：{pdf.name}的张数不够（印制的选票少于收回的选票）")
    scrutineer = slate.tellers(r.store, rnd.election_id)["scrutineer"][0]
    rng, seen = random.Random(seed), Counter()
    for n, (sheet, paper) in enumerate(zip(sheets, pile), 1):
        image = sheet.image.copy()
        marks, written, truth = drawing(layout, paper)
        circles = [i for i, what in marks.items() if what == "circle" and i not in written]
        if circles and rng.random() < FAINT:        # a voter with a hard pencil: a faint ○
            marks[rng.choice(circles)] = "faint"
        pen.mark_ballot(image, DPI / 25.4, layout, 0, marks, rng, written=written)
        scan = cv2.imencode(".jpg", pen.scanner(image, rng, degrees=2.5))[1].tobytes()
        read = adjudication.read_upload(r.store, ACTOR, round_id, [(f"扫描{n:03d}.jpg", scan)])
        if not read.ok or read.value["ballots"] != 1:
            raise RuntimeError(f"扫描演练第{n}页：{read.message}")
        seen["clear"] += read.value.get("clear", 0)
        _decide_page(r, round_id, truth, scrutineer, seen)
    return _reconcile(r, round_id, len(pile), seen)


def _reconcile(r: Rehearsal, round_id: int, pages: int, seen: Counter) -> dict[str, Any]:
    comparison = scan_reconcile.compare(r.store, round_id)
    if not comparison.agree:
        raise RuntimeError(f"扫描演练：{comparison.message}")
    record = counting.counting_record(r.store, round_id)
    scanned = scan_reconcile.scanned_ballots(r.store, round_id)
    by_scan = verdict_to_data(judge(dataclasses.replace(record, ballots=scanned)))
    by_hand = verdict_to_data(judge(record))
    if by_scan != by_hand:
        raise RuntimeError("扫描演练：按扫描读出的选票计票，结果与人工录入不同")
    return {"pages": pages, "clear": seen["clear"], "decided_marks": seen["mark"],
            "decided_write_ins": seen["write_in"], "agree": True, "message": comparison.message,
            "same_verdict": True, "status": by_scan["status"], "elected": by_scan["elected"]}
