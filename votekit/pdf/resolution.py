"""支部大会决议 (RULES.md §10; seed 001 "填写‘支部大会决议’，签名盖章后逐级上报审批").

    papers = [ResolutionPaper(**service.motions.paper_fields(store, motion_id))]
    render_resolutions(papers, "ballots/支部大会决议.pdf")

One A4 page per decided motion: the subject, a table of the vote (应到会有表决权
的正式党员, 实到, 列席, 表决方式, 赞成/反对/弃权, 结果), the result sentence, the
决议 text, and the places for 支部书记签名, the branch seal and the date.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

import re

from votekit.pdf import fonts as vfonts
from votekit.pdf.ballot import A4_SHEET
from votekit.pdf.ballot_layout import PT
from votekit.pdf.linebreak import wrap

COMRADE = re.compile(r"([\u3400-\u9fff]{2,4}?)同志")

SIDE = 25.0        # left/right margin, mm
WIDTH = A4_SHEET[0] - 2 * SIDE


@dataclass(frozen=True)
class ResolutionPaper:
    branch: str                # 中共××支部委员会
    meeting_date: str          # 2026年11月22日
    subject: str               # 关于接收××同志为中共预备党员的决议
    method: str                # 举手表决 / 无记名投票表决
    expected: int
    present: int
    observers: str             # 预备党员4名（不参加表决）, or ""
    agree: int
    against: int
    abstain: int
    carried: bool
    sentence: str              # core.motions.tally_sentence
    decision: str              # core.motions.decision
    secretary: str = ""        # printed under the signature line when known
    ballots: str = ""          # 发出28张，收回28张，无效1张 (ballot votes only)
    record: str = ""           # 接收预备党员: the applicant's 主要表现 (a line to fill when "")


class _Page:
    """Drawing helpers in mm from the top of the page."""

    def __init__(self, c: Canvas, roles):
        self.c, self.roles, self.h = c, roles, A4_SHEET[1]

    def text(self, x: float, y: float, text: str, role: str, pt: float, anchor: str = "left") -> None:
        vfonts.draw_text(self.c, x * mm, (self.h - y) * mm, text, self.roles[role], pt, anchor)

    def box(self, x: float, y: float, w: float, h: float, fill: str | None = None) -> None:
        if fill:
            self.c.setFillColor(HexColor(fill))
            self.c.rect(x * mm, (self.h - y - h) * mm, w * mm, h * mm, stroke=0, fill=1)
            self.c.setFillColor(black)
        self.c.rect(x * mm, (self.h - y - h) * mm, w * mm, h * mm, stroke=1, fill=0)

    def para(self, y: float, text: str, role: str = "fangsong", pt: float = 14, indent: bool = True,
             keep: tuple[str, ...] = ()) -> float:
        """A paragraph broken with 禁则 and whole names (``pdf.linebreak``)."""
        lead = pt * PT * 1.75
        font = self.roles[role]
        measure = lambda t: vfonts.text_width(t, font, pt) * PT  # noqa: E731
        first = 2 * pt * PT if indent else 0.0
        for line in wrap(text, measure, WIDTH, first, 0.0, keep):
            y += lead
            self.text(SIDE + line.indent, y, line.text, role, pt)
        return y


def branch_of(name: str) -> str:
    """中共××支部委员会 → 中共××支部: the 党员大会 is the branch's, not its committee's."""
    return name.removesuffix("委员会")


def names_in(p: ResolutionPaper) -> tuple[str, ...]:
    """The people a resolution names (kept whole when lines are broken)."""
    found = {m for text in (p.subject, p.sentence, p.decision) for m in COMRADE.findall(text)}
    return tuple(sorted(found | ({p.secretary} if p.secretary else set())))


def _rows(p: ResolutionPaper) -> list[tuple[str, ...]]:
    """Table rows as (label, value[, label, value]); a two-cell row spans the width."""
    rows = [("会议名称", f"{branch_of(p.branch)}党员大会"),
            ("日　期", p.meeting_date, "表决方式", p.method),
            ("应到会有表决权的正式党员", f"{p.expected}名", "实　到", f"{p.present}名"),
            ("列席（不参加表决）", p.observers or "无")]
    if p.ballots:
        rows.append(("表决票", p.ballots))
    rows += [("赞　成", f"{p.agree}票", "反　对", f"{p.against}票"),
             ("弃　权", f"{p.abstain}票", "表决结果", "通过" if p.carried else "未通过")]
    return rows


def _table(page: _Page, p: ResolutionPaper, top: float) -> float:
    widths = (50.0, 40.0, 26.0, WIDTH - 116.0)
    row_h = 11.0
    rows = _rows(p)
    for r, row in enumerate(rows):
        y, x = top + r * row_h, SIDE
        cells = list(zip(widths, row)) if len(row) == 4 else [(widths[0], row[0]), (sum(widths[1:]), row[1])]
        for i, (w, value) in enumerate(cells):
            label = i % 2 == 0
            page.box(x, y, w, row_h, "#F3F3F3" if label else None)
            role = "hei" if label else "song"
            pt = min(12.0, 12.0 * (w - 3) / max(1e-6, vfonts.text_width(value, page.roles[role], 12) * PT))
            page.text(x + w / 2, y + row_h / 2 + pt * PT * 0.35, value, role, pt, "centre")
            x += w
    return top + len(rows) * row_h


def _signatures(page: _Page, p: ResolutionPaper, y: float) -> None:
    x = A4_SHEET[0] - SIDE - 78
    page.text(x, y, "支部书记（签名）：", "fangsong", 14)
    page.c.line((x + 43) * mm, (page.h - y - 1.5) * mm, (x + 78) * mm, (page.h - y - 1.5) * mm)
    if p.secretary:
        page.text(x + 60, y + 6, f"（{p.secretary}）", "kai", 10, "centre")
    page.text(x, y + 22, "（党支部盖章）", "fangsong", 14)
    page.text(x, y + 38, "日期：　　　　年　　月　　日", "fangsong", 14)
    page.c.setStrokeColor(HexColor("#BBBBBB"))
    page.c.setDash(2, 2)
    page.c.circle((x + 62) * mm, (page.h - y - 20) * mm, 19 * mm, stroke=1, fill=0)
    page.c.setDash()
    page.c.setStrokeColor(black)


def draw_resolution(c: Canvas, p: ResolutionPaper, roles) -> None:
    page = _Page(c, roles)
    page.text(A4_SHEET[0] / 2, 36, "支部大会决议", "title", 24, "centre")
    page.text(A4_SHEET[0] / 2, 47, branch_of(p.branch) + "党员大会", "kai", 14, "centre")
    page.text(A4_SHEET[0] / 2, 62, p.subject, "hei", 15, "centre")
    y = _table(page, p, 70) + 4
    keep = names_in(p)
    if "接收" in p.subject and "预备党员" in p.subject:     # the 决议 states the applicant's record
        y = page.para(y, "主要表现：" + (p.record or "（由支部委员会填写）" + "_" * 24), keep=keep)
    y = page.para(y, p.sentence, keep=keep)
    y = page.para(y + 2, "决议：" + p.decision, "fangsong", 14, keep=keep)
    _signatures(page, p, max(y + 22, 200.0))
    page.text(SIDE, A4_SHEET[1] - 18, "本决议经支部书记签名、加盖党支部印章后，逐级上报审批；原件存入党员档案。",
              "song", 9)


def render_resolutions(papers: Sequence[ResolutionPaper], path) -> int:
    """One page per resolution; returns the number of pages written."""
    roles = vfonts.register_fonts()
    target = path if hasattr(path, "write") else str(path)   # a file name or a binary stream
    c = Canvas(target, pagesize=(A4_SHEET[0] * mm, A4_SHEET[1] * mm), invariant=1,
               initialFontName=roles["song"], pageCompression=1)
    c.setTitle("支部大会决议")
    c.setCreator("votekit")
    for paper in papers:
        draw_resolution(c, paper, roles)
        c.showPage()
    c.save()
    return len(papers)
