"""印制民主测评表 (RULES.md §10): one round's 测评表 as a PDF, and the 汇总表.

    spec = SheetSpec(title="中共××支部民主评议党员测评表", names=names,
                     payload=service.appraisal.payload(store, appraisal_id))
    layout = render_sheets(spec, copies=30, path="ballots/民主测评表.pdf", spares=3)

Same principle as the ballot: every sheet of a round is the same page — one
QR text for the round, never a serial — drawn once as a Form XObject and
placed on every page.  Members are listed in 姓氏笔画 order, each with four
boxes (优秀 / 合格 / 基本合格 / 不合格); fiducial squares in the corners and
the colour band of ``BallotKind.APPRAISAL``.  The returned :class:`SheetLayout`
gives every box in mm (top-left origin) for a scan reader.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from votekit.core.appraisal import GRADES
from votekit.core.order import sort_names
from votekit.pdf import fonts as vfonts
from votekit.pdf.ballot import A4_SHEET, KIND_COLOURS, draw_ballot
from votekit.pdf.ballot_layout import PAPERS, PT, Box, Plan, corner_boxes, fit_pt, wrap
from votekit.pdf.ballot_plan import plan_header

SHEET_LAYOUT_VERSION = 1
NOTE = "注：二维码只标明本次测评，每张测评表完全相同，不含任何个人信息。"
MIN_ROW = 6.2      # mm; below this a second column of names is used
MAX_ROW = 10.0
MAX_NAMES = 64
HEAD_H = 10.0


@dataclass(frozen=True)
class SheetSpec:
    title: str
    names: tuple[str, ...]
    payload: str
    round_label: str = ""
    colour: str = KIND_COLOURS["C"]

    @property
    def band_colour(self) -> str:
        return self.colour


@dataclass(frozen=True)
class SheetLayout:
    version: int
    sheet_w: float
    sheet_h: float
    fiducials: tuple[Box, ...]
    qr: Box
    boxes: tuple[tuple[str, str, Box], ...]   # (name, grade value, box)
    payload: str
    sheets: int = 0
    spares: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


def instructions(count: int) -> list[str]:
    items = [f"本次民主测评采用无记名方式，被测评党员共{count}名（以姓氏笔画为序）。",
             "对每名党员只在四个等次中选一个，在相应等次栏内画“○”。",
             "对同一名党员画“○”多于一个等次的，对该党员的测评无效；不画的视为未评价。",
             "请用黑色或蓝色笔填写；不写姓名，票面上不得作其他任何记号。"]
    return [f"{i}. {text}" for i, text in enumerate(items, 1)]


def problems(spec: SheetSpec) -> list[str]:
    found = []
    if not spec.names:
        found.append("被测评党员名单为空")
    if len(set(spec.names)) != len(spec.names):
        found.append("被测评党员名单有重名，请加注区分")
    if len(spec.names) > MAX_NAMES:
        found.append(f"被测评党员超过{MAX_NAMES}名，一张A4纸排不下，请分组测评")
    if not spec.payload or not all(ch.isupper() or ch.isdigit() or ch == "-" for ch in spec.payload):
        found.append("二维码内容只能由大写字母、数字和“-”组成")
    return found


def _cell(plan: Plan, box: Box, text: str, role: str, pt: float, roles) -> None:
    """Centre text in a cell; a label that would shrink much goes on two lines."""
    if len(text) == 4 and fit_pt(text, roles[role], pt, box.w - 1.5) < pt * 0.8:
        text = text[:2] + "\n" + text[2:]
    lines = text.split("\n")
    pt = min(fit_pt(line, roles[role], pt, box.w - 1.5) for line in lines)
    lead = pt * PT * 1.2
    y = box.y + box.h / 2 - lead * (len(lines) - 1) / 2 + pt * PT * 0.35
    for line in lines:
        plan.text(box.x + box.w / 2, y, line, role, pt, "centre")
        y += lead


def _instructions(plan: Plan, count: int, roles, top: float) -> float:
    p = plan.paper
    pt, pad = p.instr_pt - 1, 2.5
    width = p.w - 2 * p.side - 2 * pad
    y = top + pad + (pt + 1) * PT
    plan.text(p.w / 2, y, "填 写 说 明", "hei", pt + 1, "centre")
    indent = vfonts.text_width("1. ", roles["song"], pt) * PT
    for item in instructions(count):
        for n, line in enumerate(wrap(item[3:], roles["song"], pt, width - indent)):
            y += pt * PT * 1.55
            plan.text(p.side + pad + (indent if n else 0), y, item[:3] + line if n == 0 else line, "song", pt)
    bottom = y + pad + 0.8
    plan.frames.append((Box(p.side, top, p.w - 2 * p.side, bottom - top), 0.8))
    return bottom + 4


def _table(plan: Plan, names, x: float, top: float, width: float, row_h: float, start: int, roles):
    """One table of names: 序号 | 姓名 | four grade boxes.  Returns the grade boxes."""
    no_w, name_w = width * 0.09, width * 0.27
    grade_w = (width - no_w - name_w) / 4
    head_h = HEAD_H
    heads = [(Box(x, top, no_w, head_h), "序号"), (Box(x + no_w, top, name_w, head_h), "姓　名")]
    heads += [(Box(x + no_w + name_w + i * grade_w, top, grade_w, head_h), g.label)
              for i, g in enumerate(GRADES)]
    for box, text in heads:
        plan.fills.append((box, "#F3F3F3"))
        plan.frames.append((box, 0.6))
        _cell(plan, box, text, "hei", 11, roles)
    boxes = []
    name_pt = min(14.0, row_h / PT * 0.62)
    for n, name in enumerate(names):
        y = top + head_h + n * row_h
        number, cell = Box(x, y, no_w, row_h), Box(x + no_w, y, name_w, row_h)
        for box in (number, cell):
            plan.frames.append((box, 0.6))
        _cell(plan, number, str(start + n), "song", min(11.0, name_pt), roles)
        _cell(plan, cell, name, "song", name_pt, roles)
        for i, grade in enumerate(GRADES):
            box = Box(x + no_w + name_w + i * grade_w, y, grade_w, row_h)
            plan.frames.append((box, 0.6))
            boxes.append((name, grade.value, box))
    return boxes


def _footer(plan: Plan, roles) -> None:
    p = plan.paper
    plan.fiducials = corner_boxes(p)
    plan.qr = Box(p.w - p.margin - p.fid - 5 - p.qr, p.h - p.margin - p.qr, p.qr, p.qr)
    pt = p.instr_pt - 1.5
    lines = wrap(NOTE, roles["song"], pt, plan.qr.x - p.side - 4)
    y = p.h - p.margin - p.fid - 2 - (len(lines) - 1) * pt * PT * 1.5
    for line in lines:
        plan.text(p.side, y, line, "song", pt)
        y += pt * PT * 1.5


def make_plan(spec: SheetSpec, roles) -> tuple[Plan, list]:
    plan = Plan(PAPERS["A4"])
    p = plan.paper
    top = _instructions(plan, len(spec.names), roles, plan_header(plan, spec, roles))
    _footer(plan, roles)
    room = plan.qr.y - 3 - top - HEAD_H
    names = list(spec.names)
    columns = 1 if room / max(1, len(names)) >= MIN_ROW else 2
    per_col = -(-len(names) // columns)
    row_h = min(MAX_ROW, room / max(1, per_col))
    width = p.w - 2 * p.side
    gap = 6.0 if columns == 2 else 0.0
    col_w = (width - gap) / columns
    boxes = []
    for c in range(columns):
        chunk = names[c * per_col:(c + 1) * per_col]
        boxes += _table(plan, chunk, p.side + c * (col_w + gap), top, col_w, row_h, c * per_col + 1, roles)
    return plan, boxes


def render_sheets(spec: SheetSpec, copies: int, path, spares: int = 0) -> SheetLayout:
    """Write ``copies + spares`` identical 测评表 to ``path`` (A4, one per page)."""
    found = problems(spec) + ([] if copies >= 0 and spares >= 0 else ["份数不能为负数"])
    if found:
        raise ValueError("；".join(found))
    spec = SheetSpec(spec.title, tuple(sort_names(spec.names)), spec.payload, spec.round_label, spec.colour)
    roles = vfonts.register_fonts()
    plan, boxes = make_plan(spec, roles)
    target = path if hasattr(path, "write") else str(path)   # a file name or a binary stream
    c = Canvas(target, pagesize=(A4_SHEET[0] * mm, A4_SHEET[1] * mm), invariant=1,
               initialFontName=roles["song"], pageCompression=1)
    c.setTitle(spec.title)
    c.setCreator("votekit")
    c.beginForm("sheet", 0, 0, A4_SHEET[0] * mm, A4_SHEET[1] * mm)
    draw_ballot(c, plan, spec, roles)
    c.endForm()
    for _ in range(copies + spares):
        c.doForm("sheet")
        c.showPage()
    c.save()
    return SheetLayout(SHEET_LAYOUT_VERSION, *A4_SHEET, plan.fiducials, plan.qr, tuple(boxes),
                       spec.payload, copies + spares, spares)
