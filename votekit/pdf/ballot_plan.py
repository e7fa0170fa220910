"""选票排版：from a BallotSpec to a Plan (what to draw, where; mm, top-left).

Reading order on the paper: colour band, title, round label, the framed
填写说明, the 差额 table(s) (符号栏 above 姓名栏, then the 另选人 columns),
the 等额 table (职务 / 符号 / 候选人 / 符号 / 另选人), and at the foot the
round's QR code.  Fiducial squares sit in the four corners.
"""
from __future__ import annotations

from dataclasses import replace

from votekit.core.vocabulary import RoundKind
from votekit.pdf import fonts as vfonts
from votekit.pdf.ballot_layout import (PT, Box, MarkSlot, Paper, Plan, column_width,
                                       columns_per_band, corner_boxes,
                                       equal_contest_columns, fit_pt, wrap)

NOTE = "注：二维码只标明本次选举及轮次，每张选票完全相同，不含任何个人信息。"


def instructions(spec) -> list[str]:
    """The numbered 填写说明 for this paper."""
    contests = spec.contests
    if len(contests) == 1:
        c = contests[0]
        seats = f"应选{c.office}{c.seats}名"
        valid = f"所选人数等于或少于{c.seats}名的为有效票，多于{c.seats}名的为无效票。"
    else:
        seats = "应选" + "、".join(f"{c.office}{c.seats}名" for c in contests)
        valid = "每项职务所选人数等于或少于应选名额的为有效票，多于应选名额的为无效票。"
    kind = "、".join(sorted({c.kind.label for c in contests}))
    order = "，候选人以姓氏笔画为序" if any(len(c.candidates) > 1 for c in contests) else ""
    items = [f"{seats}（{kind}{order}）。", valid,
             "赞成的在候选人姓名上方空格内画“○”，不赞成的画“×”，弃权的不画任何符号。"]
    if any(c.write_ins for c in contests):
        where = "空白栏内" if all(c.kind is RoundKind.COMPETITIVE for c in contests) \
            else "该候选人下方的空白栏内"
        items.append(f"不赞成的可以另选他人，在{where}写上另选人姓名并在其上方空格内画“○”。")
    else:
        items.append("本轮只在所列候选人中投票，不另选他人。")
    items.append("请用黑色或蓝色笔填写，符号要清楚；票面上不得作其他任何记号。")
    return [f"{i}. {text}" for i, text in enumerate(items, 1)]


def plan_header(plan: Plan, spec, roles: dict[str, str]) -> float:
    p = plan.paper
    inset = p.margin + p.fid + 4
    plan.band = Box(inset, p.margin + (p.fid - p.band_h) / 2, p.w - 2 * inset, p.band_h)
    y = p.margin + p.fid + 4 + p.title_pt * PT
    pt = fit_pt(spec.title, roles["title"], p.title_pt, p.w - 2 * p.side)
    plan.text(p.w / 2, y, spec.title, "title", pt, "centre", bold=True)
    if spec.round_label:
        y += p.sub_pt * PT + 2.5
        plan.text(p.w / 2, y, f"（{spec.round_label}）", "kai", p.sub_pt, "centre", bold=True)
    return y + (4.5 if p.name == "A4" else 3)


def plan_instructions(plan: Plan, spec, roles: dict[str, str], top: float) -> float:
    p = plan.paper
    pad = 3.0 if p.name == "A4" else 2.0
    lead = p.instr_pt * PT * 1.6
    width = p.w - 2 * p.side - 2 * pad
    head = "填 写 说 明"
    lines: list[tuple[str, float]] = []
    for item in instructions(spec):
        indent = vfonts.text_width("1. ", roles["song"], p.instr_pt) * PT
        for n, line in enumerate(wrap(item[3:], roles["song"], p.instr_pt, width - indent)):
            lines.append((item[:3] + line if n == 0 else line, indent if n else 0.0))
    y = top + pad + (p.instr_pt + 1) * PT
    plan.text(p.w / 2, y, head, "hei", p.instr_pt + 1, "centre")
    for line, indent in lines:
        y += lead
        plan.text(p.side + pad + indent, y, line, "song", p.instr_pt)
    bottom = y + pad + 0.8
    plan.frames.append((Box(p.side, top, p.w - 2 * p.side, bottom - top), 0.8))
    return bottom + p.gap


def _cell_text(plan: Plan, box: Box, text: str, role: str, pt: float, roles) -> None:
    """Centre one or two lines of text in a cell."""
    lines = text.split("\n")
    pt = min(fit_pt(line, roles[role], pt, box.w - 2) for line in lines)
    lead = pt * PT * 1.25
    y = box.y + box.h / 2 - lead * (len(lines) - 1) / 2 + pt * PT * 0.35
    for line in lines:
        plan.text(box.x + box.w / 2, y, line, role, pt, "centre")
        y += lead


def name_lines(name: str) -> str:
    """A name of more than four characters goes on two lines (after "·" if any)."""
    if len(name) <= 4:
        return name
    cut = name.find("·") + 1 or (len(name) + 1) // 2
    return name[:cut] + "\n" + name[cut:]


def balanced(count: int, limit: int) -> list[int]:
    """Split ``count`` columns into the fewest bands of at most ``limit``, evenly
    (14 by 10 -> 7 + 7), wider bands first."""
    if count <= 0:
        return []
    bands = -(-count // limit)
    return [count // bands + (1 if i < count % bands else 0) for i in range(bands)]


def _names_pt(plan: Plan, names, col_w: float, roles) -> float:
    """One size for the ordinary names of a table: the largest that fits them all
    (a long name may come out smaller)."""
    return min([fit_pt(n, roles["song"], plan.paper.name_pt, col_w - 2)
                for n in names if len(n) <= 3] or [plan.paper.name_pt])


def _row(plan: Plan, x: float, y: float, h: float, label: str, col_w: float,
         cells: int, roles) -> list[Box]:
    p = plan.paper
    head = Box(x, y, p.label_w, h)
    plan.fills.append((head, "#F3F3F3"))
    plan.frames.append((head, 0.6))
    _cell_text(plan, head, label, "hei", p.label_pt, roles)
    boxes = [Box(x + p.label_w + i * col_w, y, col_w, h) for i in range(cells)]
    for box in boxes:
        plan.frames.append((box, 0.6))
    return boxes


def plan_competitive(plan: Plan, index: int, contest, roles, top: float) -> float:
    """差额 table: bands of (符号, 候选人姓名) then bands of (符号, 另选人姓名)."""
    p = plan.paper
    names = list(contest.candidates)
    blanks = contest.seats if contest.write_ins else 0
    limit = columns_per_band(p, max(len(names), blanks))
    name_bands, blank_bands = balanced(len(names), limit), balanced(blanks, limit)
    col_w = column_width(p, max(name_bands + blank_bands))
    y = top
    groups, start = [], 0
    for count in name_bands:
        groups.append((names[start:start + count], "候选人\n姓　名", p.name_h, "candidate"))
        start += count
    groups += [([None] * count, "另选人\n姓　名", p.write_h, "write_in") for count in blank_bands]
    name_pt = _names_pt(plan, names, col_w, roles)
    for group, label, name_h, kind in groups:
        x = (p.w - (p.label_w + len(group) * col_w)) / 2
        marks = _row(plan, x, y, p.mark_h, "符　号", col_w, len(group), roles)
        cells = _row(plan, x, y + p.mark_h, name_h, label, col_w, len(group), roles)
        for name, mark, cell in zip(group, marks, cells):
            if name:
                _cell_text(plan, cell, name_lines(name), "song", name_pt, roles)
            plan.marks.append(MarkSlot(index, contest.office, kind, name, None, mark, cell))
        y += p.mark_h + name_h + p.gap * 0.6
    return y - p.gap * 0.6 + p.gap


def plan_equal(plan: Plan, contests, roles, top: float) -> float:
    """等额 table: one column per post, a 另选人 blank under each candidate."""
    p = plan.paper
    columns = equal_contest_columns(contests)
    col_w = column_width(p, columns_per_band(p, len(columns)))
    x = (p.w - (p.label_w + len(columns) * col_w)) / 2
    _row(plan, x, top, p.head_h, "职　务", col_w, 0, roles)
    for i, contest in enumerate(contests):
        span = [n for n, col in enumerate(columns) if col[0] == i]
        if span:
            box = Box(x + p.label_w + span[0] * col_w, top, col_w * len(span), p.head_h)
            plan.frames.append((box, 0.6))
            _cell_text(plan, box, contest.office, "hei", p.label_pt + 1, roles)
    y = top + p.head_h
    rows = [("符　号", p.mark_h), ("候选人\n姓　名", p.name_h)]
    writes = any(contests[i].write_ins for i, _, _ in columns)
    if writes:
        rows += [("符　号", p.mark_h), ("另选人\n姓　名", p.write_h)]
    grid = []
    for label, h in rows:
        grid.append(_row(plan, x, y, h, label, col_w, len(columns), roles))
        y += h
    name_pt = _names_pt(plan, [col[2] for col in columns], col_w, roles)
    for n, (i, office, name) in enumerate(columns):
        _cell_text(plan, grid[1][n], name_lines(name), "song", name_pt, roles)
        plan.marks.append(MarkSlot(i, office, "candidate", name, None, grid[0][n], grid[1][n]))
        if writes and contests[i].write_ins:
            plan.marks.append(MarkSlot(i, office, "write_in", None, name, grid[2][n], grid[3][n]))
    return y + p.gap


def plan_footer(plan: Plan, roles) -> None:
    p = plan.paper
    plan.fiducials = corner_boxes(p)
    quiet = 5.0 if p.name == "A4" else 4.5
    plan.qr = Box(p.w - p.margin - p.fid - quiet - p.qr, p.h - p.margin - p.qr, p.qr, p.qr)
    width = plan.qr.x - p.side - 4
    pt = p.instr_pt - 1.5
    lines = wrap(NOTE, roles["song"], pt, width)
    y = p.h - p.margin - p.fid - 2 - (len(lines) - 1) * pt * PT * 1.5
    for line in lines:
        plan.text(p.side, y, line, "song", pt)
        y += pt * PT * 1.5


def make_plan(spec, paper: Paper, roles: dict[str, str]) -> Plan:
    plan = Plan(paper)
    y = plan_header(plan, spec, roles)
    y = plan_instructions(plan, spec, roles, y)
    for i, contest in enumerate(spec.contests):
        if contest.kind is RoundKind.COMPETITIVE:
            y = plan_competitive(plan, i, contest, roles, y)
    if any(c.kind is RoundKind.EQUAL for c in spec.contests):
        y = plan_equal(plan, spec.contests, roles, y)
    plan_footer(plan, roles)
    plan.bottom = y - paper.gap
    return plan


# Tighter variants tried in turn when a long slate does not fit the paper.
_TIGHTER = ((0.8, 0.85, 0.6, 14.0), (0.6, 0.75, 0.4, 12.5), (0.55, 0.7, 0.3, 11.5))


def _tighter(paper: Paper, rows: float, names: float, gap: float, min_col: float) -> Paper:
    return replace(paper, mark_h=paper.mark_h * rows, write_h=paper.write_h * rows,
                   name_h=paper.name_h * names, gap=paper.gap * gap, min_col=min_col,
                   name_pt=paper.name_pt * names)


def fit_plan(spec, paper: Paper, roles: dict[str, str]) -> Plan | None:
    """The roomiest plan that fits the paper, or None when even the tightest does not."""
    for variant in [paper] + [_tighter(paper, *t) for t in _TIGHTER]:
        plan = make_plan(spec, variant, roles)
        if plan.bottom <= plan.qr.y - plan.qr.h * 0.17 - 1:   # QR quiet zone
            return plan
    return None
