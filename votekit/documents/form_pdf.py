"""Forms and scripts (计票结果报告单, 主持词, 签到表 …) as A4 PDFs via reportlab Platypus.

Names go through ``votekit.pdf.fonts.markup`` so a character missing from the
chosen font (䶮) falls back to the bundled serif and still prints.
"""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (Flowable, KeepTogether, PageBreak as RLPageBreak, Paragraph,
                                SimpleDocTemplate, Spacer, Table, TableStyle)

from ..pdf.fonts import covers, draw_text, markup, register_fonts, text_width
from .blocks import Grid, PageBreak, Para, Paper, Signatures, Space
from ..pdf.linebreak import Line, wrap
from .pdfmeta import set_metadata

BODY = 12


def _styles(fonts: dict[str, str]) -> dict[str, ParagraphStyle]:
    base = dict(fontName=fonts["song"], fontSize=BODY, leading=BODY * 1.6, wordWrap="CJK",
                alignment=TA_JUSTIFY)
    return {
        "body": ParagraphStyle("body", firstLineIndent=2 * BODY, **base),
        "plain": ParagraphStyle("plain", **base),
        "addressee": ParagraphStyle("addressee", **base),
        "h1": ParagraphStyle("h1", **{**base, "fontName": fonts["hei"]}, spaceBefore=6),
        "h2": ParagraphStyle("h2", **{**base, "fontName": fonts["kai"]}, firstLineIndent=2 * BODY),
        "cue": ParagraphStyle("cue", **{**base, "fontName": fonts["kai"], "fontSize": 11,
                                        "textColor": colors.HexColor("#333333")},
                              firstLineIndent=2 * BODY),
        "center": ParagraphStyle("center", **{**base, "alignment": TA_CENTER}),
        "right": ParagraphStyle("right", **{**base, "alignment": TA_RIGHT}),
        "small": ParagraphStyle("small", **{**base, "fontSize": 9.5, "leading": 14}),
        "cell": ParagraphStyle("cell", **{**base, "fontSize": 10.5, "leading": 14,
                                          "alignment": TA_LEFT}),
        "title": ParagraphStyle("title", **{**base, "fontName": fonts["hei"], "fontSize": 20,
                                            "leading": 30, "alignment": TA_CENTER}),
        "subtitle": ParagraphStyle("subtitle", **{**base, "fontName": fonts["kai"],
                                                  "alignment": TA_CENTER}, spaceAfter=6),
    }


class TextBlock(Flowable):
    """A paragraph broken by ``linebreak.wrap`` (禁则, whole names), justified, split
    between pages with at least two lines on each side."""

    def __init__(self, text: str, style: ParagraphStyle, keep=(), lines=None):
        super().__init__()
        self.text, self.style, self.keep, self.lines = text, style, keep, lines
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter

    def _break(self, width: float) -> list[Line]:
        st = self.style
        measure = lambda t: text_width(t, st.fontName, st.fontSize)  # noqa: E731
        return wrap(self.text, measure, width, st.firstLineIndent, st.leftIndent, self.keep)

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        if self.lines is None:
            self.lines = self._break(avail_width)
        self.height = len(self.lines) * self.style.leading
        return avail_width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        fit = int(avail_height // self.style.leading)
        if fit >= len(self.lines):
            return [self]
        if fit < 2 or len(self.lines) < 4:
            return []
        fit = min(fit, len(self.lines) - 2)
        return [TextBlock(self.text, self.style, self.keep, self.lines[:fit]),
                TextBlock(self.text, self.style, self.keep, self.lines[fit:])]

    def draw(self):
        st = self.style
        canvas = self.canv
        canvas.setFillColor(st.textColor)
        for i, line in enumerate(self.lines):
            y = self.height - (i + 1) * st.leading + (st.leading - st.fontSize) * 0.6
            natural = line.width
            x, gap = line.indent, 0.0
            if st.alignment == TA_CENTER:
                x = (self.width - natural) / 2
            elif st.alignment == TA_RIGHT:
                x = self.width - natural
            elif st.alignment == TA_JUSTIFY and not line.last and len(line.tokens) > 1:
                gap = (self.width - line.indent - natural) / (len(line.tokens) - 1)
            for text, width in line.tokens:
                if covers(st.fontName, text):
                    canvas.setFont(st.fontName, st.fontSize)
                    canvas.drawString(x, y, text)
                else:
                    draw_text(canvas, x, y, text, st.fontName, st.fontSize)
                x += width + gap


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text, style.fontName), style)


def _grid(block: Grid, styles, width: float, keep=()) -> Table:
    total = sum(block.widths)
    widths = [width * w / total for w in block.widths]
    cell = styles["cell"]
    aligned = {"l": TA_LEFT, "c": TA_CENTER, "r": TA_RIGHT}
    col_styles = [ParagraphStyle(f"c{i}", parent=cell, alignment=aligned.get(a, TA_LEFT))
                  for i, a in enumerate(block.align.ljust(len(widths), "l"))]
    head = ParagraphStyle("head", parent=cell, fontName=styles["h1"].fontName, alignment=TA_CENTER)
    rows = [[TextBlock(text, head if r < block.header else col_styles[i], keep) if text else ""
             for i, text in enumerate(row)] for r, row in enumerate(block.rows)]
    style = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("FONTNAME", (0, 0), (-1, -1), cell.fontName),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("TOPPADDING", (0, 0), (-1, -1), 0.5 if block.compact else 1.5),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 if block.compact else 2.5)]
    if block.header:
        style.append(("BACKGROUND", (0, 0), (-1, block.header - 1), colors.HexColor("#eeeeee")))
    style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in block.spans]
    return Table(rows, colWidths=widths, style=TableStyle(style), repeatRows=block.header)


def _signatures(block: Signatures, styles, width: float) -> list:
    """Two signers per row: 监票人：汤小雨（签名）________."""
    cell = styles["plain"]
    people = list(block.people)
    rows, style = [], [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("TOPPADDING", (0, 0), (-1, -1), 9),
                       ("FONTNAME", (0, 0), (-1, -1), cell.fontName),
                       ("LEFTPADDING", (1, 0), (1, -1), 1), ("RIGHTPADDING", (1, 0), (1, -1), 1),
                       ("LEFTPADDING", (4, 0), (4, -1), 1), ("RIGHTPADDING", (4, 0), (4, -1), 1)]
    for r in range(0, len(people), 2):
        row = []
        for c, (role, name) in enumerate(people[r:r + 2]):
            row += [TextBlock(f"{role}：{name}", cell, (name,)), _para("（签名）", cell), ""]
            style.append(("LINEBELOW", (3 * c + 2, r // 2), (3 * c + 2, r // 2), 0.6, colors.black))
        rows.append(row + [""] * (6 - len(row)))
    if block.date_line:
        rows.append([_para("日期：________年_____月_____日", cell), "", "", "", "", ""])
        style.append(("SPAN", (0, len(rows) - 1), (2, len(rows) - 1)))
    widths = [width * f for f in (0.25, 0.115, 0.135, 0.25, 0.115, 0.135)]
    return [Spacer(1, 3 * mm), Table(rows, colWidths=widths, style=style)]


def _add(story: list, item) -> None:
    """Append ``item``; a heading (h1) never ends a page: it goes over with what follows."""
    if story and isinstance(story[-1], TextBlock) and story[-1].style.name == "h1":
        story.append(KeepTogether([story.pop(), item]))
    else:
        story.append(item)


def flowables(paper: Paper, styles, width: float) -> list:
    story = [TextBlock(part, styles["title"], paper.keep) for part in paper.title.split("\n")]
    if paper.subtitle:
        story.append(TextBlock(paper.subtitle, styles["subtitle"], paper.keep))
    story.append(Spacer(1, 3 * mm))
    for block in paper.blocks:
        if isinstance(block, Para):
            style = styles.get(block.style, styles["body"])
            item = TextBlock(block.text, style, paper.keep)
            if style.name == "h1":
                story.append(item)
            else:
                _add(story, item)
        elif isinstance(block, Grid):
            _add(story, _grid(block, styles, width, paper.keep))
        elif isinstance(block, Signatures):
            # a signature block never stands alone on a page: it keeps the text above it
            above = []
            if story and isinstance(story[-1], (TextBlock, Table)):
                above = [story.pop()]
            elif story and isinstance(story[-1], KeepTogether):
                above = list(story.pop()._content)
            story.append(KeepTogether(above + _signatures(block, styles, width)))
        elif isinstance(block, Space):
            story.append(Spacer(1, block.lines * BODY * 1.6))
        elif isinstance(block, PageBreak):
            story.append(RLPageBreak())
    return story


def render_form(paper: Paper, path) -> None:
    fonts = register_fonts()
    styles = _styles(fonts)
    size = landscape(A4) if paper.landscape else A4
    doc = SimpleDocTemplate(str(path), pagesize=size, leftMargin=25 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=22 * mm, title=paper.title,
                            author="votekit", creator="votekit", keywords=paper.keywords,
                            invariant=1, initialFontName=fonts["song"])
    width = size[0] - 45 * mm

    def foot(canvas, document):
        if document.page == 1:
            set_metadata(canvas, paper)
        canvas.saveState()
        page = f"第 {document.page} 页"
        draw_text(canvas, size[0] / 2, 12 * mm, page, fonts["song"], 9, "centre")
        lines = [line for line in paper.footer.split("\n") if line]
        for i, line in enumerate(reversed(lines)):
            draw_text(canvas, 25 * mm, (16 + 3.2 * i) * mm, line, fonts["song"], 7.5)
        canvas.restoreState()

    doc.build(flowables(paper, styles, width), onFirstPage=foot, onLaterPages=foot)
