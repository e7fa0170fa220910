"""印制选票 (RULES.md §5): render one round's ballots to a PDF.

    spec = BallotSpec(branch_name="第一党支部", payload=make_payload(code, key),
                      contests=(Contest("委员", RoundKind.COMPETITIVE, 7, names),))
    layout = render_ballots(spec, copies=45, path="ballots/委员选举.pdf", spares=5)

Every ballot of a round is the same page (no serial, no mark of any kind),
so the page is drawn once as a PDF Form XObject and each copy only places
it.  A4 prints one ballot per sheet; A5 prints two per A4 sheet, stacked,
with cut marks between them.  Spares (备用票) are further identical copies.
The returned :class:`BallotLayout` gives every box in mm for a scan reader.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import segno
from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from votekit.core.order import sort_names
from votekit.core.payload import BallotCode, BallotKind, make_payload
from votekit.core.vocabulary import RoundKind
from votekit.pdf import fonts as vfonts
from votekit.pdf.ballot_layout import LAYOUT_VERSION, PAPERS, BallotLayout, Box, Plan
from votekit.pdf.ballot_plan import fit_plan

# 票种 letter in the payload -> default colour band (distinct per kind of election)
KIND_COLOURS = {"W": "#C8102E", "S": "#1F4E9A", "P": "#2E7D32", "C": "#B26A00"}
# further distinct colours for several elections of one kind at one meeting
ELECTION_COLOURS = ("#C8102E", "#1F4E9A", "#2E7D32", "#B26A00", "#6A1B9A", "#00838F")
_PAYLOAD = re.compile(r"[A-Z0-9-]{1,80}")
A4_SHEET = (210.0, 297.0)


@dataclass(frozen=True)
class Contest:
    """One choice on the paper: 委员 (差额) or one post such as 书记 (等额)."""

    office: str                      # 委员 / 书记 / 副书记
    kind: RoundKind
    seats: int
    candidates: tuple[str, ...]
    write_ins: bool = True           # False for a re-vote among the tied only


@dataclass(frozen=True)
class BallotSpec:
    branch_name: str                 # e.g. "第一党支部"
    contests: tuple[Contest, ...]
    payload: str                     # votekit.core.payload.make_payload(...)
    election_title: str = ""         # full title; default built from branch + offices
    round_label: str = ""            # "" first vote; "再次投票", "另行选举", "第二轮投票"…
    colour: str | None = None        # band colour "#RRGGBB"; default by ballot kind
    paper: str = "A4"                # "A4" or "A5" (two per A4 sheet)

    @property
    def title(self) -> str:
        if self.election_title:
            return self.election_title
        branch = self.branch_name.strip().removeprefix("中共").removesuffix("委员会")
        offices = "、".join(dict.fromkeys(c.office for c in self.contests))
        return f"中共{branch}委员会{offices}选举选票"

    @property
    def band_colour(self) -> str:
        if self.colour:
            return self.colour
        parts = self.payload.split("-")
        return KIND_COLOURS.get(parts[3] if len(parts) > 3 else "", KIND_COLOURS["W"])


def payload_for(election: str, round_no: int, kind: BallotKind, key: bytes | str) -> str:
    """The QR text for one round, naming this program's layout version."""
    return make_payload(BallotCode(election, round_no, kind, LAYOUT_VERSION), key)


def problems(spec: BallotSpec) -> list[str]:
    """Why this spec cannot be printed (Chinese), empty when it can."""
    found = []
    if spec.paper not in PAPERS:
        found.append("纸张只能是A4或A5")
    if not spec.contests:
        found.append("选票上没有任何选举项目")
    if not _PAYLOAD.fullmatch(spec.payload or ""):
        found.append("二维码内容只能由大写字母、数字和“-”组成")
    elif spec.payload.startswith("VK1-") and spec.payload.split("-")[4:5] != [str(LAYOUT_VERSION)]:
        found.append(f"二维码中的版式编号与本程序的选票版式（{LAYOUT_VERSION}）不符")
    if spec.colour and not re.fullmatch(r"#[0-9A-Fa-f]{6}", spec.colour):
        found.append("色带颜色须写成 #RRGGBB")
    for c in spec.contests:
        if c.seats < 1 or not c.candidates:
            found.append(f"{c.office}：应选名额和候选人都不能为空")
        if len(set(c.candidates)) != len(c.candidates):
            found.append(f"{c.office}：候选人名单有重名，请加注区分")
        if c.kind is RoundKind.EQUAL and len(c.candidates) != c.seats:
            found.append(f"{c.office}：等额选举的候选人数应等于应选名额")
    if not found and spec.paper in PAPERS:
        if fit_plan(ordered(spec), PAPERS[spec.paper], vfonts.register_fonts()) is None:
            found.append("候选人较多，A5纸排不下，请改用A4纸" if spec.paper == "A5"
                         else "候选人和另选人栏过多，一张A4纸排不下")
    return found


def ordered(spec: BallotSpec) -> BallotSpec:
    """The spec with every list of names in 姓氏笔画 order (RULES.md §9)."""
    contests = tuple(replace(c, candidates=tuple(sort_names(c.candidates)))
                     for c in spec.contests)
    return replace(spec, contests=contests)


def _text(c: Canvas, roles, h: float, item) -> None:
    x, y, text, role, pt, anchor, bold = item
    font = roles[role]
    width = vfonts.text_width(text, font, pt)
    x = x * mm - {"left": 0, "centre": width / 2, "right": width}[anchor]
    t = c.beginText(x, (h - y) * mm)
    t.setTextRenderMode(2 if bold else 0)
    for run_font, piece in vfonts.runs(text, font):
        t.setFont(run_font, pt)
        t.textOut(piece)
    c.setLineWidth(pt * 0.03)
    c.drawText(t)


def _rect(c: Canvas, h: float, box: Box, **kw) -> None:
    c.rect(box.x * mm, (h - box.y - box.h) * mm, box.w * mm, box.h * mm, **kw)


def _qr(c: Canvas, h: float, box: Box, payload: str) -> None:
    """The QR code as vector modules (one rectangle per horizontal run)."""
    qr = segno.make(payload, error="m", micro=False)
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=0)]
    size = box.w / len(rows)
    path = c.beginPath()
    for r, row in enumerate(rows):
        start = None
        for col, dark in enumerate(row + [False]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                path.rect((box.x + start * size) * mm, (h - box.y - (r + 1) * size) * mm,
                          (col - start) * size * mm, size * mm)
                start = None
    c.setFillColor(black)
    c.drawPath(path, stroke=0, fill=1)


def draw_ballot(c: Canvas, plan: Plan, spec: BallotSpec, roles) -> None:
    """Paint one ballot at the origin (bottom-left of the ballot)."""
    h = plan.paper.h
    c.setFillColor(HexColor(spec.band_colour))
    _rect(c, h, plan.band, stroke=0, fill=1)
    for box, colour in plan.fills:
        c.setFillColor(HexColor(colour) if colour else black)
        _rect(c, h, box, stroke=0, fill=1)
    c.setStrokeColor(black)
    for box, width in plan.frames:
        c.setLineWidth(width)
        _rect(c, h, box, stroke=1, fill=0)
    c.setFillColor(black)
    for box in plan.fiducials:
        _rect(c, h, box, stroke=0, fill=1)
    for item in plan.texts:
        _text(c, roles, h, item)
    _qr(c, h, plan.qr, spec.payload)


def _cut_marks(c: Canvas, y: float) -> None:
    """Ticks and a light dashed line where the A4 sheet is cut into two A5."""
    c.setStrokeColor(HexColor("#888888"))
    c.setLineWidth(0.4)
    c.setDash(3, 3)
    c.line(6 * mm, y * mm, (A4_SHEET[0] - 6) * mm, y * mm)
    c.setDash()
    c.setStrokeColor(black)
    for x0, x1 in ((0, 5), (A4_SHEET[0] - 5, A4_SHEET[0])):
        c.line(x0 * mm, y * mm, x1 * mm, y * mm)


def build_layout(spec: BallotSpec, plan: Plan, ballots: int, spares: int) -> BallotLayout:
    paper = plan.paper
    slots = ((0.0, 0.0),) if paper.name == "A4" else ((0.0, 0.0), (0.0, paper.h))
    return BallotLayout(LAYOUT_VERSION, paper.name, paper.w, paper.h, *A4_SHEET, slots,
                        plan.fiducials, plan.qr, tuple(plan.marks), spec.payload,
                        ballots, spares, math.ceil(ballots / len(slots)))


def render_ballots(spec: BallotSpec, copies: int, path, spares: int = 0) -> BallotLayout:
    """Write ``copies + spares`` identical ballots to ``path``; return the layout.

    Raises ValueError with a Chinese message when the spec cannot be printed
    (see :func:`problems`, which callers should consult first)."""
    found = problems(spec) + ([] if copies >= 0 and spares >= 0 else ["份数不能为负数"])
    if found:
        raise ValueError("；".join(found))
    spec = ordered(spec)
    roles = vfonts.register_fonts()
    plan = fit_plan(spec, PAPERS[spec.paper], roles)
    layout = build_layout(spec, plan, copies + spares, spares)
    c = Canvas(str(path), pagesize=(A4_SHEET[0] * mm, A4_SHEET[1] * mm), invariant=1,
               initialFontName=roles["song"], pageCompression=1)
    c.setTitle(spec.title + (f"（{spec.round_label}）" if spec.round_label else ""))
    c.setCreator("votekit")
    c.beginForm("ballot", 0, 0, plan.paper.w * mm, plan.paper.h * mm)
    draw_ballot(c, plan, spec, roles)
    c.endForm()
    for sheet in range(layout.sheets):
        on_sheet = min(len(layout.slots), layout.ballots - sheet * len(layout.slots))
        for _, top in layout.slots[:on_sheet]:
            c.saveState()
            c.translate(0, (A4_SHEET[1] - top - plan.paper.h) * mm)
            c.doForm("ballot")
            c.restoreState()
        if len(layout.slots) > 1:
            _cut_marks(c, A4_SHEET[1] - layout.slots[1][1])
        c.showPage()
    c.save()
    return layout
