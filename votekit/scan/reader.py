"""Read one scanned page: every ballot on it, every box, and why a person must look.

    reading = read_page(image, layouts, key)
    for ballot in reading.ballots:
        ballot.payload, ballot.check, [s.mark.mark for s in ballot.slots], ballot.needs_person

``layouts(payload) -> BallotLayout | None`` says which printed layout a QR
text belongs to (from the meeting database, or layout JSON files for the CLI).
``key`` checks the QR's check value; ``None`` reads without checking (the
CLI without a database) and says so.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from votekit.core.payload import BallotCode, parse_payload
from votekit.pdf.ballot_layout import BallotLayout, MarkSlot
from votekit.scan import crops
from votekit.scan.frame import inside_both
from votekit.scan.marks import ABSTAIN, AGREE, DISAGREE, DOUBTFUL, MarkReading, ink_in, read_box
from votekit.scan.namebox import stray_ink
from votekit.scan.photo import as_scan, looks_like_photo
from votekit.scan.placement import Code, Placement, find_codes, place, taken_twice

WRITTEN = 1.0         # mm² of ink in a 另选人 cell: something is written
WRITTEN_FAINT = 2.5   # mm² of faint traces there
STRAY = 0.4           # mm² of ink beside a printed name
Layouts = Callable[[str], "BallotLayout | None"]


@dataclass(frozen=True)
class SlotReading:
    index: int                 # into layout.marks
    slot: MarkSlot
    mark: MarkReading
    name_ink: float            # mm²: a written name (另选人) or stray ink (printed name)
    reasons: tuple[str, ...]   # why a person must look at this box

    @property
    def needs_person(self) -> bool:
        return bool(self.reasons)

    def to_dict(self) -> dict:
        s = self.slot
        return {"contest": s.contest, "office": s.office, "kind": s.kind, "name": s.name,
                "under": s.under, "mark": self.mark.mark, "guess": self.mark.guess,
                "confidence": round(self.mark.confidence, 3), "name_ink_mm2": round(self.name_ink, 2),
                "reasons": list(self.reasons)}


@dataclass(frozen=True)
class BallotReading:
    payload: str
    check: str                          # ok / wrong_check / malformed / unchecked
    code: BallotCode | None
    layout: BallotLayout | None
    placement: Placement | None
    slots: tuple[SlotReading, ...]
    reasons: tuple[str, ...]            # about the whole ballot
    image: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def readable(self) -> bool:
        """Placed on a known layout with a valid (or unchecked) code: boxes were measured."""
        return self.placement is not None

    @property
    def needs_person(self) -> bool:
        return bool(self.reasons) or any(s.needs_person for s in self.slots)

    def all_reasons(self) -> list[str]:
        out = list(self.reasons)
        for s in self.slots:
            label = s.slot.name or f"另选人栏{_write_in_number(self.slots, s)}"
            out += [f"{label}：{r}" for r in s.reasons]
        return out

    def archive_png(self) -> bytes:
        """The straightened ballot, for the archive."""
        if self.image is None or self.placement is None:
            return b""
        return crops.show_ballot(self.image, self.placement.H, self.layout.ballot_w, self.layout.ballot_h)

    def slot_png(self, slot: SlotReading) -> bytes:
        return crops.show_slot(self.image, self.placement.H, slot.slot.mark, slot.slot.name_box)

    def to_dict(self) -> dict:
        code = self.code
        return {"payload": self.payload, "check": self.check,
                "election": code.election if code else None, "round": code.round_no if code else None,
                "kind": code.kind.label if code else None, "layout": code.layout if code else None,
                "marks": [s.to_dict() for s in self.slots if s.slot.kind == "candidate"],
                "write_ins": [s.to_dict() for s in self.slots if s.slot.kind == "write_in"],
                "needs_person": self.all_reasons()}


@dataclass(frozen=True)
class PageReading:
    source: str
    number: int
    ballots: tuple[BallotReading, ...]
    reasons: tuple[str, ...]        # about the page (no code found, a code not read …)
    blank: bool = False
    image: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def needs_person(self) -> bool:
        return bool(self.reasons) or any(b.needs_person for b in self.ballots)

    def page_png(self) -> bytes:
        return crops.show_page(self.image) if self.image is not None else b""

    def to_dict(self) -> dict:
        return {"file": self.source, "page": self.number, "blank": self.blank,
                "ballots": [b.to_dict() for b in self.ballots], "needs_person": list(self.reasons)}


def _write_in_number(slots, target: SlotReading) -> int:
    same = [s for s in slots if s.slot.kind == "write_in"]
    return same.index(target) + 1


def _code_of(text: str, key) -> tuple[str, BallotCode | None, str]:
    """(check, code, Chinese problem or '')."""
    if key is not None:
        got = parse_payload(text, key)
        return got.status.value, got.code, "" if got.ok else got.message
    got = parse_payload(text, b"")
    if got.status.value == "malformed":
        return "malformed", None, got.message
    parts = text.strip().upper().split("-")
    from votekit.core.payload import BallotKind
    return "unchecked", BallotCode(parts[1], int(parts[2]), BallotKind(parts[3]), int(parts[4])), ""


def read_slot(image: np.ndarray, H: np.ndarray, index: int, slot: MarkSlot, shaky: bool) -> SlotReading:
    mark_in, name_in = inside_both(image, H, slot.mark, slot.name_box)
    mark = read_box(image, H, slot.mark, mark_in)
    reasons = list(mark.reasons)
    if slot.kind == "candidate":
        lines = 2 if slot.name and len(slot.name) > 4 else 1    # ballot_plan.name_lines
        ink = stray_ink(image, H, slot.name_box, lines, name_in)
        if ink >= STRAY:
            reasons.append("姓名栏内有其他笔迹")
    else:
        ink, faint, _ = ink_in(image, H, slot.name_box, name_in)
        if ink >= WRITTEN or faint >= WRITTEN_FAINT:
            reasons.append("另选人栏写了字，须人工辨认姓名")
        elif mark.mark in (AGREE, DISAGREE):
            reasons.append("另选栏画了符号但没写姓名")
    if shaky and not reasons and mark.features.get("frame_found", 0) < 4:
        reasons.append("定位方块不全，位置可能不准，请核对")
    return SlotReading(index, slot, mark, ink, tuple(reasons))


def read_ballot(image: np.ndarray, code: Code, layouts: Layouts, key, exclude=()) -> BallotReading:
    check, parsed, problem = _code_of(code.text, key)
    if problem:
        return BallotReading(code.text, check, parsed, None, None, (), (problem,), image)
    layout = layouts(code.text)
    if layout is None:
        return BallotReading(code.text, check, parsed, None, None, (),
                             (f"不认识这张选票的版式（{code.text}），无法读票",), image)
    placement = place(image, layout, code, exclude)
    shaky = not all(placement.found)
    slots = tuple(read_slot(image, placement.H, i, s, shaky) for i, s in enumerate(layout.marks))
    reasons = list(placement.problems)
    if check == "unchecked":
        reasons.append("未核对二维码校验码（没有本次会议的密钥）")
    lost = sum(1 for s in slots if s.mark.features.get("frame_found", 4) < 3)
    if lost * 3 > len(slots):
        reasons.append("方框位置与版式不符")
    return BallotReading(code.text, check, parsed, layout, placement, slots, tuple(reasons), image)


def _is_blank(image: np.ndarray) -> bool:
    """Nothing printed or written (a blank sheet between ballots): checked before any
    search for codes, so a pile of empty pages costs next to nothing."""
    sample = image[::4, ::4]
    white = float(np.percentile(sample[::2, ::2], 95))
    return float((sample < white * 0.5).mean()) < 0.002


def read_page(image: np.ndarray, layouts: Layouts, key=None, source: str = "",
              number: int = 1) -> PageReading:
    """Every ballot on one page image (greyscale uint8).  A phone photo is first made to
    look like a scan (``photo.as_scan``); when the straightened sheet does not read
    cleanly, the photo is read again only with its light evened out, and the reading
    with fewer problems is kept."""
    if not looks_like_photo(image):
        return _read_scan(image, layouts, key, source, number)
    first = _read_scan(as_scan(image), layouts, key, source, number)
    if not _problems(first):
        return first
    second = _read_scan(as_scan(image, straight=False), layouts, key, source, number)
    return min((first, second), key=_problems)


def _problems(page: PageReading) -> int:
    """How badly a page read: no ballot, a page or ballot problem, boxes lost."""
    lost = sum(1 for b in page.ballots for s in b.slots if s.mark.features.get("frame_found", 4) < 3)
    return (0 if page.ballots else 100) + 10 * (len(page.reasons) + sum(len(b.reasons) for b in page.ballots)) + lost


def _read_scan(image: np.ndarray, layouts: Layouts, key, source: str, number: int) -> PageReading:
    if _is_blank(image):
        return PageReading(source, number, (), (), True, image)
    codes = find_codes(image)
    if not codes:
        return PageReading(source, number, (), ("找不到二维码：可能不是选票，或二维码被遮挡、污损",), False, image)
    ballots = [read_ballot(image, c, layouts, key) for c in codes]
    if len(ballots) > 1:
        taken = taken_twice([(b.layout, c, b.placement) for b, c in zip(ballots, codes)])
        for i, squares in taken.items():
            ballots[i] = read_ballot(image, codes[i], layouts, key, tuple(squares))
    ballots = tuple(ballots)
    reasons = tuple(_unread_neighbours(image, ballots, codes))
    return PageReading(source, number, ballots, reasons, False, image)


def _unread_neighbours(image, ballots, codes) -> list[str]:
    """Two A5 ballots share a sheet: say so when one of them had no readable code."""
    from votekit.scan.placement import _scale, _square_near
    out = []
    centres = [c.centre for c in codes]
    for b in ballots:
        if not b.readable or len(b.layout.slots) < 2:
            continue
        lay, H = b.layout, b.placement.H
        for dy in (lay.ballot_h, -lay.ballot_h):
            qr = np.array([lay.qr.x + lay.qr.w / 2, lay.qr.y + lay.qr.h / 2 + dy])
            at = b.placement.to_px([qr])[0]
            scale = _scale(H, qr)
            inside = 0 <= at[0] < image.shape[1] and 0 <= at[1] < image.shape[0]
            if not inside or any(np.linalg.norm(at - c) < 10 * scale for c in centres):
                continue
            fids = [(f.x + f.w / 2, f.y + f.h / 2 + dy) for f in lay.fiducials]
            hits = sum(_square_near(image, p, lay.fiducials[0].w * scale, 5 * scale) is not None
                       for p in b.placement.to_px(fids))
            if hits >= 2:
                out.append("同一页上另一张选票的二维码读不出，须人工处理")
    return sorted(set(out))


__all__ = ["read_page", "PageReading", "BallotReading", "SlotReading",
           "AGREE", "DISAGREE", "ABSTAIN", "DOUBTFUL"]
