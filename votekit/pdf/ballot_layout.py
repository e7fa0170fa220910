"""选票版式：一张选票上每个方框的位置 (layout version 1).

Everything here is geometry in **millimetres, origin at the top-left corner
of one ballot, y growing downwards** (as in a scanned image).  An A5 ballot
is measured on its own (after cutting); ``BallotLayout.slots`` says where
each ballot sits on the printed A4 sheet.

The same plan drives the drawing (``votekit.pdf.ballot``) and the later scan
reader (``BallotLayout``), so the two can never disagree.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from reportlab.pdfbase.pdfmetrics import stringWidth

from votekit.core.vocabulary import RoundKind
from votekit.pdf import fonts as vfonts

LAYOUT_VERSION = 1
PT = 25.4 / 72  # one point in mm


@dataclass(frozen=True)
class Box:
    """A rectangle in mm: top-left (x, y), width, height; y grows downwards."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class MarkSlot:
    """One 符号栏 cell and the name cell under it."""

    contest: int             # index into BallotSpec.contests
    office: str              # 委员 / 书记 / 副书记
    kind: str                # "candidate" or "write_in"
    name: str | None         # printed candidate; None for a write-in
    under: str | None        # 等额: the candidate this write-in replaces
    mark: Box                # where ○ / × goes
    name_box: Box            # printed name, or the blank for a written name


@dataclass(frozen=True)
class BallotLayout:
    version: int
    paper: str               # "A4" or "A5"
    ballot_w: float          # one ballot, mm
    ballot_h: float
    sheet_w: float           # the printed sheet, mm
    sheet_h: float
    slots: tuple[tuple[float, float], ...]  # top-left of each ballot on a sheet
    fiducials: tuple[Box, ...]              # TL, TR, BL, BR solid squares
    qr: Box
    marks: tuple[MarkSlot, ...]
    payload: str
    ballots: int = 0         # copies + spares printed
    spares: int = 0
    sheets: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "BallotLayout":
        """Rebuild a layout stored as ``to_dict()`` (e.g. in JSON)."""
        marks = tuple(MarkSlot(**{**m, "mark": Box(**m["mark"]), "name_box": Box(**m["name_box"])})
                      for m in data["marks"])
        return cls(**{**data, "slots": tuple(tuple(s) for s in data["slots"]),
                      "fiducials": tuple(Box(**b) for b in data["fiducials"]),
                      "qr": Box(**data["qr"]), "marks": marks})

    @property
    def candidate_slots(self) -> tuple[MarkSlot, ...]:
        return tuple(m for m in self.marks if m.kind == "candidate")

    @property
    def write_in_slots(self) -> tuple[MarkSlot, ...]:
        return tuple(m for m in self.marks if m.kind == "write_in")


@dataclass(frozen=True)
class Paper:
    name: str
    w: float
    h: float
    margin: float
    fid: float
    band_h: float
    side: float       # content inset from the page edge
    title_pt: float
    sub_pt: float
    instr_pt: float
    label_w: float
    mark_h: float
    name_h: float
    write_h: float
    head_h: float
    qr: float
    gap: float
    name_pt: float
    label_pt: float
    min_col: float
    max_col: float


PAPERS = {
    "A4": Paper("A4", 210, 297, 9, 7, 6, 18, 24, 16, 12, 26, 22, 15, 22, 11, 28, 10,
                16, 11.5, 16, 32),
    "A5": Paper("A5", 210, 148.5, 7, 5, 3.5, 15, 16, 11, 8.2, 19, 11.5, 9, 11.5, 7, 19,
                3.5, 11, 8, 15, 26),
}


@dataclass
class Plan:
    """What to draw on one ballot (mm, top-left origin) plus its layout."""

    paper: Paper
    texts: list = field(default_factory=list)   # (x, baseline_y, text, role, pt, anchor, bold)
    frames: list = field(default_factory=list)  # (Box, line width pt)
    fills: list = field(default_factory=list)   # (Box, colour or None for black)
    rules: list = field(default_factory=list)   # (x1, y1, x2, y2, line width pt)
    marks: list = field(default_factory=list)
    fiducials: tuple = ()
    qr: Box | None = None
    band: Box | None = None
    bottom: float = 0.0

    def text(self, x, y, text, role="song", pt=12.0, anchor="left", bold=False):
        self.texts.append((x, y, text, role, pt, anchor, bold))


def fit_pt(text: str, role_font: str, pt: float, width: float) -> float:
    """Largest size ≤ pt at which ``text`` fits ``width`` mm."""
    used = vfonts.text_width(text, role_font, pt) * PT
    return pt if used <= width else max(6.0, pt * width / used)


def wrap(text: str, font: str, pt: float, width: float) -> list[str]:
    """Break Chinese text into lines no wider than ``width`` mm (any character
    may end a line, except that closing punctuation never starts one)."""
    lines, line = [], ""
    for ch in text:
        if line and stringWidth(line + ch, font, pt) * PT > width:
            if ch in "，。；、：”）" and len(line) > 1:
                lines.append(line[:-1])   # 避头: carry the last character down
                line = line[-1]
            else:
                lines.append(line)
                line = ""
        line += ch
    return lines + [line] if line else lines


def columns_per_band(paper: Paper, count: int) -> int:
    avail = paper.w - 2 * paper.side - paper.label_w
    return max(1, min(count, int(avail // paper.min_col)))


def column_width(paper: Paper, per_band: int) -> float:
    avail = paper.w - 2 * paper.side - paper.label_w
    return min(paper.max_col, avail / per_band)


def equal_contest_columns(contests) -> list[tuple[int, str, str]]:
    """(contest index, office, candidate) for every column of a 等额 table."""
    return [(i, c.office, name) for i, c in enumerate(contests)
            if c.kind is RoundKind.EQUAL for name in c.candidates]


def corner_boxes(paper: Paper) -> tuple[Box, ...]:
    m, f = paper.margin, paper.fid
    return (Box(m, m, f, f), Box(paper.w - m - f, m, f, f),
            Box(m, paper.h - m - f, f, f), Box(paper.w - m - f, paper.h - m - f, f, f))
