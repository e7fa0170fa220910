"""The same papers as editable Word files (python-docx), for the secretary to finish.

Official papers get the GB/T 9704 page (top 37 mm, left 28 mm, right 26 mm,
22 lines of 3号 仿宋); the font names are the usual Windows ones
(方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) so Word shows them as branches expect.
"""
from __future__ import annotations

import datetime as dt

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .blocks import Grid, PageBreak, Para, Paper, Signatures, Space

FACES = {"title": "方正小标宋简体", "body": "仿宋_GB2312", "h1": "黑体", "h2": "楷体_GB2312",
         "cue": "楷体_GB2312", "form": "宋体"}
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _run(paragraph, text: str, face: str, size: float, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = face
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)
    return run


def _paragraph(doc, text: str, style: str, size: float, official: bool):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if official:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Mm(225 / 22)
    if style in ("body", "h2", "cue", "h1"):
        fmt.first_line_indent = Pt(2 * size)
    if style in ALIGN:
        fmt.alignment = ALIGN[style]
    else:
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    face = FACES.get(style, FACES["body"] if official else FACES["form"])
    _run(p, text, face, size if style != "cue" else size - 1)
    return p


def _page(doc, paper: Paper) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if paper.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    if paper.official:
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    else:
        section.top_margin, section.bottom_margin = Mm(20), Mm(22)
        section.left_margin, section.right_margin = Mm(25), Mm(20)


def _table(doc, block: Grid) -> None:
    table = doc.add_table(rows=len(block.rows), cols=len(block.widths))
    table.style = "Table Grid"
    for r, (row, line) in enumerate(zip(block.rows, table.rows)):
        for text, cell in zip(row, line.cells):
            _run(cell.paragraphs[0], text, FACES["form"], 10.5, bold=r < block.header)


def _signatures(doc, block: Signatures, size: float) -> None:
    for role, name in block.people:
        p = _paragraph(doc, f"{role}：{name}　　（签名）________________", "plain", size, False)
        p.paragraph_format.keep_with_next = True
    if block.date_line:
        _paragraph(doc, "日期：　　　　年　　月　　日", "plain", size, False)


def _page_numbers(doc, official: bool) -> None:
    """Footer with the page number: "— 1 —" (公文, 4号) or "第 1 页" (forms)."""
    footer = doc.sections[0].footer
    p = footer.paragraphs[0]
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "— " if official else "第 ", FACES["form"], 14 if official else 9)
    run = _run(p, "", FACES["form"], 14 if official else 9)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    _run(p, " —" if official else " 页", FACES["form"], 14 if official else 9)


def _closing(doc, paper: Paper, size: float) -> None:
    o = paper.official
    if o.attachments:
        _paragraph(doc, "", "plain", size, True)
        for i, item in enumerate(o.attachments, start=1):
            head = "附件：" if i == 1 else "　　　"
            number = f"{i}．" if len(o.attachments) > 1 else ""
            _paragraph(doc, head + number + item, "body", size, True)
    if o.date:
        for _ in range(2):
            _paragraph(doc, "", "plain", size, True)
        for text, pad in ((o.signer, "　　"), (o.date, "　　　　")):
            if text:
                _paragraph(doc, text + pad, "right", size, True).paragraph_format.keep_with_next = True
    if o.note:
        _paragraph(doc, f"（{o.note}）", "body", size, True)


def write_docx(paper: Paper, path) -> None:
    doc = Document()
    doc.core_properties.title = paper.title.replace("\n", "")
    doc.core_properties.author = "votekit"
    day = paper.date or dt.date(2000, 1, 1)
    fixed = dt.datetime(day.year, day.month, day.day, 12, 0, 0)
    doc.core_properties.created = doc.core_properties.modified = fixed
    _page_numbers(doc, paper.official is not None)
    _page(doc, paper)
    official = paper.official is not None
    size = 16 if official else 12
    _run(_paragraph_bare(doc, "center"), paper.title.replace("\n", ""),
         FACES["title"] if official else "黑体",
         22 if official else 18)
    if paper.subtitle:
        _paragraph(doc, paper.subtitle, "center", size, official)
    if official and paper.official.addressee:
        _paragraph(doc, "", "plain", size, True)
        _paragraph(doc, paper.official.addressee + "：", "plain", size, True)
    for block in paper.blocks:
        if isinstance(block, Para):
            _paragraph(doc, block.text, block.style, size, official)
        elif isinstance(block, Grid):
            _table(doc, block)
        elif isinstance(block, Signatures):
            _signatures(doc, block, size)
        elif isinstance(block, Space):
            for _ in range(int(block.lines)):
                _paragraph(doc, "", "plain", size, official)
        elif isinstance(block, PageBreak):
            doc.add_page_break()
    if official:
        _closing(doc, paper, size)
    for line in paper.footer.split("\n"):
        if line:
            _paragraph(doc, line, "plain", 8, False)
    _save_fixed(doc, path, day)


def _save_fixed(doc, path, day: dt.date) -> None:
    """Save with every zip member dated the paper's day, so the bytes are reproducible."""
    import io
    import zipfile
    buffer = io.BytesIO()
    doc.save(buffer)
    stamp = (max(day.year, 1980), day.month, day.day, 12, 0, 0)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(str(path), "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, src.read(info.filename))


def _paragraph_bare(doc, style: str):
    p = doc.add_paragraph()
    p.paragraph_format.alignment = ALIGN.get(style)
    return p
