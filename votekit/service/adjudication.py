"""扫描读票与监票人裁定: read a round's scanned ballots, and a queue for people.

- ``read_upload``: the scanned pages (PDF or images) of one round are read by
  ``votekit.scan`` against the layout printed for that round.  Each ballot
  read is kept with its straightened picture under a **random key**, and the
  rows are inserted in a **shuffled order** in one transaction: nothing keeps
  the page order, the file name or the time of the scan (secret ballot).
- Every doubtful box (faint, neither ○ nor ×, ink outside the box, a written
  另选人 name …) and every page that could not be read (no QR, another
  round's ballot, a forged code) becomes a **doubt** with its cut-out picture.
  Only a named 监票人 decides a doubt (``decide``); the machine never does.
- A ballot is *ready* once all its doubts are decided.  ``adopt`` makes the
  ready ballots the round's ballots when people did not also enter the pile;
  when they did, ``service.scan_reconcile`` compares the two.
"""
from __future__ import annotations

import json
import random
import secrets
from collections import Counter
from typing import Any

from ..core.names import canonical_name
from ..core.vocabulary import Ballot, Mark, WriteIn, WriteInMark
from ..pdf.ballot_layout import BallotLayout
from ..scan import pages as scan_pages
from ..scan.reader import BallotReading, PageReading, read_page
from ..store import Store, ballot_box, rounds
from ..store import doubts as stored
from ..store.doubts import Doubt, ScanReading, ScanStatus
from . import Outcome, audit
from .entry import MAX_NAME, ballot_columns, code_key, entered_count, identify
from .papers import printed_layout

MAX_FILES = 200
DECISIONS = stored.DECISION_WORDS
PAGE_DECISIONS = stored.PAGE_DECISION_WORDS


def round_layout(store: Store, round_id: int) -> BallotLayout | None:
    data = printed_layout(store, round_id)
    return BallotLayout.from_dict(data) if data else None


# -- reading an upload -----------------------------------------------------------------
def read_upload(store: Store, actor: str, round_id: int, files: list[tuple[str, bytes]]) -> Outcome:
    """Read every page of the uploaded files for this round; store ballots and doubts."""
    ctx = rounds.round_context(store, round_id)
    if ctx is None:
        return Outcome.refused("投票轮次不存在。")
    if not ctx.state.is_open:
        return Outcome.refused("本轮已结束计票或已宣布无效，不能再读入选票。")
    layout = round_layout(store, round_id)
    if layout is None:
        return Outcome.refused("本轮选票没有在本系统印制（没有版式记录），无法机读；请人工录入。")
    if not files or len(files) > MAX_FILES:
        return Outcome.refused(f"请选择1至{MAX_FILES}个扫描文件（PDF或图片）。")
    key, meeting_id = code_key(store), ctx.meeting.id
    ballots, doubts, notes, counts = [], [], [], Counter()
    budget = scan_pages.Budget()
    for name, data in files:                 # one page in memory at a time; a bad file is a note
        for page in scan_pages.each_page(data, name, budget):
            if isinstance(page, scan_pages.Unreadable):
                notes.append(f"{name}：{page.reason}。")
                continue
            reading = read_page(page.image, lambda t: layout if t == layout.payload else None,
                                key, name, page.number)
            counts["pages"] += 1
            _collect(store, reading, round_id, meeting_id, ballots, doubts, counts)
    notes += [budget.notice()] if budget.ignored else []
    shuffler = random.SystemRandom()
    shuffler.shuffle(ballots)
    shuffler.shuffle(doubts)
    with store.write():
        ballot_box.insert_scans(store, ballots)
        for doubt, picture in doubts:
            stored.add_doubt(store, doubt, picture)
        audit.record(store, actor, "扫描读票", {"round_id": round_id, "pages": counts["pages"],
                     "ballots": len(ballots), "doubts": len(doubts), "refused": counts["refused"],
                     "blank": counts["blank"]}, meeting_id)
    text = (f"读入{counts['pages']}页，读出选票{len(ballots)}张"
            f"（其中{counts['clear']}张全部清楚），须监票人裁定{len(doubts)}处")
    text += f"，退回非本轮或无法识别的{counts['refused']}张" if counts["refused"] else ""
    text += f"，空白页{counts['blank']}页" if counts["blank"] else ""
    return Outcome.done({"ballots": len(ballots), "doubts": len(doubts), **counts}, text + "。", *notes)


def _page_doubt(round_id: int, picture: bytes, reasons: list[str], label: str) -> tuple[Doubt, bytes]:
    return Doubt(secrets.token_hex(16), round_id, None, None, "page", label, tuple(reasons)), picture


def _collect(store, page: PageReading, round_id, meeting_id, ballots, doubts, counts) -> None:
    if page.blank:
        counts["blank"] += 1
        return
    if not page.ballots or page.reasons:
        counts["refused"] += not page.ballots
        doubts.append(_page_doubt(round_id, page.page_png(), list(page.reasons), "整页"))
    for ballot in page.ballots:
        if not ballot.readable:
            counts["refused"] += 1
            why = list(ballot.reasons)
            if ballot.check == "ok":
                found = identify(store, ballot.payload, meeting_id, round_id)
                why = [found.message] if not found.ok else why
            doubts.append(_page_doubt(round_id, page.page_png(), why, "非本轮选票"))
            continue
        _keep_ballot(ballot, round_id, ballots, doubts, counts)


def _slot_label(ballot: BallotReading, index: int) -> str:
    slot = ballot.layout.marks[index]
    if slot.kind == "candidate":
        return f"{slot.office}·{slot.name}"
    number = [i for i, s in enumerate(ballot.layout.marks) if s.kind == "write_in"].index(index) + 1
    return f"{slot.office}·另选人栏{number}" + (f"（{slot.under}下方）" if slot.under else "")


def _keep_ballot(ballot: BallotReading, round_id, ballots, doubts, counts) -> None:
    key = secrets.token_hex(16)
    reading = []
    for s in ballot.slots:
        reasons = list(s.reasons) or list(ballot.reasons)     # a shaky ballot: every box to people
        reading.append({**s.to_dict(), "index": s.index, "person": bool(reasons)})
        if reasons:
            doubts.append((Doubt(secrets.token_hex(16), round_id, key, s.index,
                                 "write_in" if s.slot.kind == "write_in" else "mark",
                                 _slot_label(ballot, s.index), tuple(reasons),
                                 guess=s.mark.guess or s.mark.mark, confidence=s.mark.confidence),
                           ballot.slot_png(s)))
    row = {"id": key, "round_id": round_id, "status": "pending",
           "reading": json.dumps(reading, ensure_ascii=False), "marks": None, "write_ins": None,
           "illegible": None, "image": ballot.archive_png()}
    if not any(r["person"] for r in reading):
        row.update(status="ready", **ballot_columns(content(reading, {})))
        counts["clear"] += 1
    ballots.append(row)


def content(reading: list[dict], decided: dict[int, tuple[str, str]]) -> Ballot:
    """The ballot a reading says, with the scrutineers' decisions (slot -> (decision, name))."""
    marks: dict[str, Mark] = {}
    write_ins = []
    for r in reading:
        value, name = decided.get(r["index"], (r["mark"], ""))
        if r["kind"] == "candidate":
            if value not in ("abstain", "doubtful"):
                marks[r["name"]] = Mark(value)
        elif name.strip():
            write_ins.append(WriteIn(name.strip(), WriteInMark.AGREE if value == "agree"
                                     else WriteInMark.NONE))
    return Ballot.of(marks, write_ins)


# -- the queue -------------------------------------------------------------------------------
def pending(store: Store, round_id: int) -> list[Doubt]:
    """Undecided doubts, in key (random) order, without their pictures."""
    return [d for d in stored.doubts_of(store, round_id) if d.decision is None]


def decided(store: Store, round_id: int) -> list[Doubt]:
    return [d for d in stored.doubts_of(store, round_id) if d.decision is not None]


def get_doubt(store: Store, doubt_id: str) -> Doubt | None:
    return stored.get_doubt(store, doubt_id)


def doubt_picture(store: Store, doubt_id: str) -> bytes | None:
    return stored.doubt_picture(store, doubt_id)


def archive_pictures(store: Store, election_id: int) -> list[bytes]:
    """Every read ballot's straightened picture over the election's rounds, for the archive;
    in random-key order (the archive then names each by its content hash)."""
    return [picture for rnd in rounds.rounds_of(store, election_id)
            for picture in stored.scan_pictures(store, rnd.id)]


def decide(store: Store, actor: str, doubt_id: str, scrutineer: str, decision: str,
           name: str = "") -> Outcome:
    """A named 监票人 decides one doubt after looking at the picture (or the paper)."""
    from .slate import tellers
    row = stored.get_doubt(store, doubt_id)
    if row is None:
        return Outcome.refused("没有这一处待裁定的内容。")
    ctx = rounds.round_context(store, row.round_id)
    rnd = ctx.round
    if not ctx.state.is_open:
        return Outcome.refused("本轮已结束计票，不能再裁定。")
    if scrutineer.strip() not in tellers(store, rnd.election_id)["scrutineer"]:
        return Outcome.refused(f"“{scrutineer.strip()}”不是本选举的监票人，须由监票人裁定。")
    allowed = PAGE_DECISIONS if row.is_page else DECISIONS
    name = canonical_name(name) if row.kind == "write_in" else ""    # the one name identity
    if decision not in allowed:
        return Outcome.refused("请选择裁定结果。")
    if len(name) > MAX_NAME:
        return Outcome.refused("另选人姓名过长。")
    ballot = stored.scan_reading(store, row.ballot_id) if row.ballot_id else None
    if ballot is not None and ballot.status is ScanStatus.ADOPTED:
        return Outcome.refused("这张选票已计入本轮，不能再改。")
    with store.write():
        stored.record_decision(store, doubt_id, decision, name, scrutineer.strip())
        if ballot is not None:
            _settle_ballot(store, ballot)
        # secret ballot: who decided, not what the ballot said (a time beside a content dates it)
        audit.record(store, actor, "监票人裁定扫描疑问",
                     {"round_id": rnd.id, "scrutineer": scrutineer.strip()}, ctx.meeting.id)
    text = allowed[decision] + (f"，另选人：{name}" if name else "")
    return Outcome.done(doubt_id, f"已裁定{row.label}：{text}。")


def _settle_ballot(store: Store, ballot: ScanReading) -> None:
    """Once every doubt of a ballot is decided, it is ready with its content."""
    rows = stored.doubts_of_ballot(store, ballot.id)
    if any(r.decision is None for r in rows):
        return
    decisions = {r.slot: (r.decision, r.name or "") for r in rows}
    ballot_box.scan_settled(store, ballot.id, content(list(ballot.reading), decisions))


# -- where the round stands -------------------------------------------------------------------
def summary(store: Store, round_id: int) -> dict[str, Any]:
    status = stored.scan_statuses(store, round_id)
    found = stored.doubts_of(store, round_id)
    pages = Counter(d.decision for d in found if d.is_page)
    return {"ballots": sum(status.values()), "ready": status["ready"], "pending": status["pending"],
            "adopted": status["adopted"], "doubts": len(found),
            "undecided": sum(1 for d in found if d.decision is None),
            "manual": pages["manual"], "set_aside": pages["not_ballot"],
            "entered": entered_count(store, round_id)}


def adopt(store: Store, actor: str, round_id: int) -> Outcome:
    """No one entered this pile by hand: the ready scanned ballots become the round's ballots."""
    ctx = rounds.round_context(store, round_id)
    s = summary(store, round_id)
    if ctx is None or not ctx.state.is_open or ctx.state.in_piles:
        return Outcome.refused("本轮已结束计票、不存在或正在双人录入，不能采用扫描结果。")
    if s["undecided"]:
        return Outcome.refused(f"还有{s['undecided']}处须监票人裁定，裁定完才能计入。")
    if not s["ready"]:
        return Outcome.refused("没有可计入的扫描选票。")
    if s["entered"] > s["manual"]:
        return Outcome.refused(f"本轮已人工录入{s['entered']}张选票，请用“扫描与人工录入核对”，不能再直接计入。")
    rnd = ctx.round
    limit = rnd.returned if rnd.returned is not None else rnd.issued or 0
    if s["entered"] + s["ready"] > limit:
        return Outcome.refused(f"扫描选票{s['ready']}张加已录入{s['entered']}张，多于"
                               f"{'收回' if rnd.returned is not None else '发出'}的{limit}张，请监票人核对。")
    with store.write():
        ballot_box.adopt_scans(store, round_id)
        audit.record(store, actor, "计入扫描选票", {"round_id": round_id, "ballots": s["ready"]},
                     ctx.meeting.id)
    return Outcome.done(s["ready"], f"已将扫描读出的{s['ready']}张选票计入本轮。")
