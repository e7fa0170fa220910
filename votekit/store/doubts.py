"""监票人裁定: the doubts a scan left for people (``scan_doubts``), each with its cut-out
picture, and what the service needs to know of the read scans around them.

A doubt is one box (a mark, a written 另选人) or a whole page the machine would not
decide; a named 监票人 decides it.  The read scans themselves (``scan_ballots``) are
written only by ``ballot_box``; here they are only read.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from . import Store

DECISION_WORDS = {"agree": "○ 赞成", "disagree": "× 不赞成", "abstain": "空白（弃权）", "illegible": "无法辨认"}
PAGE_DECISION_WORDS = {"not_ballot": "不计入本轮（放到一边，交监票人保管）",
                       "manual": "是本轮选票，由计票人按原票手工录入"}


@dataclass(frozen=True)
class Doubt:
    id: str                        # a random key (never the page order)
    round_id: int
    ballot_id: str | None          # the read scan it belongs to; None for a whole page
    slot: int | None               # the box on the ballot; None for a whole page
    kind: str                      # mark | write_in | page
    label: str                     # 委员·张伟, 委员·另选人栏1, 整页, 非本轮选票
    reasons: tuple[str, ...]
    guess: str = ""                # what the machine thought (agree, disagree, …), "" if nothing
    confidence: float | None = None
    decision: str | None = None
    name: str | None = None        # the 另选人 name a 监票人 read
    decided_by: str | None = None

    @property
    def is_page(self) -> bool:
        return self.kind == "page"

    @property
    def decision_text(self) -> str:
        return (PAGE_DECISION_WORDS if self.is_page else DECISION_WORDS).get(self.decision or "", "")

    @property
    def guess_text(self) -> str:
        return DECISION_WORDS.get(self.guess, "")


_COLUMNS = "id, round_id, ballot_id, slot, kind, label, reasons, guess, confidence, decision, name, decided_by"


def _doubt(row: tuple[Any, ...]) -> Doubt:
    id_, round_id, ballot_id, slot, kind, label, reasons, guess, confidence, decision, name, decided_by = row
    return Doubt(id_, round_id, ballot_id, slot, kind, label, tuple(json.loads(reasons)), guess, confidence,
                 decision, name, decided_by)


def add_doubt(store: Store, doubt: Doubt, picture: bytes) -> None:
    with store.write(savepoint=False):
        store.conn.execute(
            "INSERT INTO scan_doubts (id, round_id, ballot_id, slot, kind, label, reasons, guess, confidence, "
            "image) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [doubt.id, doubt.round_id, doubt.ballot_id, doubt.slot, doubt.kind, doubt.label,
             json.dumps(list(doubt.reasons), ensure_ascii=False), doubt.guess, doubt.confidence, picture])


def doubts_of(store: Store, round_id: int) -> list[Doubt]:
    """The round's doubts in key (random) order, without their pictures."""
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM scan_doubts WHERE round_id = ? ORDER BY id", [round_id])
    return [_doubt(r) for r in rows.fetchall()]


def doubts_of_ballot(store: Store, ballot_id: str) -> list[Doubt]:
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM scan_doubts WHERE ballot_id = ?", [ballot_id])
    return [_doubt(r) for r in rows.fetchall()]


def get_doubt(store: Store, doubt_id: str) -> Doubt | None:
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM scan_doubts WHERE id = ?", [doubt_id]).fetchone()
    return _doubt(row) if row else None


def doubt_picture(store: Store, doubt_id: str) -> bytes | None:
    row = store.conn.execute("SELECT image FROM scan_doubts WHERE id = ?", [doubt_id]).fetchone()
    return bytes(row[0]) if row and row[0] else None


def record_decision(store: Store, doubt_id: str, decision: str, name: str, decided_by: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute("UPDATE scan_doubts SET decision = ?, name = ?, decided_by = ? WHERE id = ?",
                           [decision, name, decided_by, doubt_id])


# -- the read scans, as far as the doubts need them ------------------------------------------
class ScanStatus(StrEnum):
    PENDING = "pending"      # some box waits for a 监票人
    READY = "ready"          # every box decided: the content is known
    ADOPTED = "adopted"      # counted in the round


@dataclass(frozen=True)
class ScanReading:
    """A read scan: where it stands and the machine's reading, box by box."""

    id: str
    status: ScanStatus
    reading: tuple[dict[str, Any], ...]


def scan_reading(store: Store, scan_id: str) -> ScanReading | None:
    row = store.conn.execute("SELECT id, status, reading FROM scan_ballots WHERE id = ?", [scan_id]).fetchone()
    return ScanReading(row[0], ScanStatus(row[1]), tuple(json.loads(row[2]))) if row else None


def scan_statuses(store: Store, round_id: int) -> Counter[str]:
    """How many read scans of the round are pending, ready, adopted."""
    rows = store.conn.execute("SELECT status, COUNT(*) FROM scan_ballots WHERE round_id = ? GROUP BY status",
                              [round_id]).fetchall()
    return Counter(dict(rows))


def scan_pictures(store: Store, round_id: int) -> list[bytes]:
    """The straightened pictures of the round's read scans, in key (random) order."""
    rows = store.conn.execute("SELECT image FROM scan_ballots WHERE round_id = ? ORDER BY id", [round_id])
    return [bytes(r[0]) for r in rows.fetchall() if r[0]]
