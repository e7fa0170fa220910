"""公文格式 (GB/T 9704-2012) on a fixed grid: A4, 22 lines × 28 characters.

Top margin 37 mm, left 28 mm, type area 156 × 225 mm.  Body 3号 (16 pt) in the
仿宋 role, title 2号 (22 pt) in the 小标宋 role centred, 主送机关 flush left,
paragraphs indented two characters, "一、" headings in 黑体 and "（一）" in 楷体,
成文日期 right-aligned four characters in with the 署名 centred over it, page
numbers 4号 "— 1 —" below the type area (odd pages right, even pages left,
one character in).  Characters sit on the grid; a full line is justified to
the right edge; a line never starts with closing punctuation (禁则).
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..pdf.fonts import SERIF, covers, register_fonts
from .blocks import Official, Para, Paper, Space
from ..pdf.linebreak import tokens, wrap
from .pdfmeta import set_metadata

TOP, LEFT = 37 * mm, 28 * mm
WIDTH, HEIGHT = 156 * mm, 225 * mm
LINES, CHARS = 22, 28
PITCH = HEIGHT / LINES          # line pitch, 28.99 pt
CELL = WIDTH / CHARS            # character pitch, 15.80 pt
BODY, TITLE, FOLIO = 16, 22, 14
@dataclass
class Line:
    tokens: list            # (text, width_pt)
    indent: float           # cells
    font: str
    size: float
    align: str = "justify"  # justify | left | center | right | date
    last: bool = False      # a paragraph's last line (not justified)


def _tokens(text: str, size: float) -> list[tuple[str, float]]:
    """One token per CJK character and one per run of Latin letters/digits."""
    return [(t, _width(t, size)) for t in tokens(text)]


def _width(token: str, size: float) -> float:
    cjk = sum(1 for ch in token if ord(ch) >= 0x2000)
    latin = "".join(ch for ch in token if ord(ch) < 0x2000)
    return cjk * CELL * size / BODY + (stringWidth(latin, SERIF, size) if latin else 0.0)


def break_lines(text: str, font: str, size: float = BODY, first: float = 2,
                rest: float = 0, cells: float = CHARS, keep=()) -> list[Line]:
    """Line breaking with 禁则 and whole names (``linebreak.wrap``); indents in cells."""
    register_fonts()
    cell = CELL * size / BODY
    lines = wrap(text, lambda t: _width(t, size), cells * cell, first * cell, rest * cell, keep)
    return [Line(line.tokens, line.indent / cell, font, size, last=line.last) for line in lines]


class OfficialLayout:
    """Places lines on the 22-line grid, page after page.  With ``dry`` it only counts
    (the first pass, which finds where the 落款 would fall)."""

    def __init__(self, canvas: Canvas, fonts: dict[str, str], dry: bool = False):
        self.c, self.fonts, self.dry = canvas, fonts, dry
        self.row, self.page = 0, 1
        self.bold = False          # 小标宋 look: fill + thin stroke
        self.placed = 0            # body lines placed so far
        self.on_page = 0           # body lines on the current page
        self.break_before = -1     # body line that must start a new page

    def baseline(self, row: int, size: float = BODY) -> float:
        top = A4[1] - TOP - row * PITCH
        return top - PITCH / 2 - 0.36 * size

    def skip(self, rows: float = 1) -> None:
        self.row += int(rows)
        if self.row >= LINES:
            self.new_page()

    def new_page(self) -> None:
        if not self.dry:
            self.folio()
            self.c.showPage()
        self.page += 1
        self.row = 0

    def folio(self) -> None:
        text = f"— {self.page} —"
        width = stringWidth(text, self.fonts["song"], FOLIO)
        y = A4[1] - TOP - HEIGHT - 7 * mm - 0.8 * FOLIO
        x = LEFT + WIDTH - FOLIO - width if self.page % 2 else LEFT + FOLIO
        self.c.setFont(self.fonts["song"], FOLIO)
        self.c.drawString(x, y, text)

    def body(self, line: Line) -> None:
        """A line of the text proper (the 落款 may pull the last ones over)."""
        if self.placed == self.break_before and self.row > 0:
            self.new_page()
        if self.row == 0 or self.row >= LINES:
            self.on_page = 0
        self.placed += 1
        self.on_page += 1
        self.put(line)

    def put(self, line: Line, rows: int = 1) -> None:
        if self.row + rows > LINES:
            self.new_page()
        if not self.dry:
            self.draw(line, self.baseline(self.row + rows - 1, line.size) + (rows - 1) * PITCH / 2)
        self.row += rows
        if self.row >= LINES:
            self.new_page()

    def draw(self, line: Line, y: float) -> None:
        natural = sum(w for _, w in line.tokens)
        x = LEFT + line.indent * CELL
        gap = 0.0
        if line.align == "center":
            x = LEFT + (WIDTH - natural) / 2
        elif line.align == "right":
            x = LEFT + WIDTH - line.indent * CELL - natural
        elif line.align == "justify" and not line.last and len(line.tokens) > 1:
            gap = (WIDTH - line.indent * CELL - natural) / (len(line.tokens) - 1)
        for text, width in line.tokens:
            if len(text) > 1 and all(ord(ch) >= 0x2000 for ch in text):
                step = width / len(text)      # a kept name: one character per cell
                for i, ch in enumerate(text):
                    self.glyphs(ch, x + i * step, y, line.font, line.size, step)
            else:
                self.glyphs(text, x, y, line.font, line.size, width)
            x += width + gap

    def glyphs(self, text: str, x: float, y: float, font: str, size: float, width: float) -> None:
        face = font if covers(font, text) else SERIF
        natural = stringWidth(text, face, size)
        if self.bold:               # the render mode stays set: keep it to the title
            self.c.saveState()
        text_object = self.c.beginText(x + (width - natural) / 2, y)
        text_object.setFont(face, size)
        text_object.setTextRenderMode(2 if self.bold else 0)
        text_object.textOut(text)
        self.c.drawText(text_object)
        if self.bold:
            self.c.restoreState()


def _title_lines(title: str, font: str) -> list[Line]:
    """Centred title lines; a "\n" in the title marks where a line may break."""
    per_line = int(WIDTH // TITLE)
    if "\n" in title and all(len(part) <= per_line for part in title.split("\n")):
        return [Line([(ch, TITLE) for ch in part], 0, font, TITLE, "center")
                for part in title.split("\n")]
    title = title.replace("\n", "")
    chunks = [title[i:i + per_line] for i in range(0, len(title), per_line)]
    if len(chunks) > 1 and len(chunks[-1]) < 4:   # no orphan of a few characters
        cut = (len(title) + 1) // 2
        chunks = [title[:cut], title[cut:]]
    return [Line([(ch, TITLE) for ch in chunk], 0, font, TITLE, "center") for chunk in chunks]


def _para_lines(block: Para, fonts: dict[str, str], keep=()) -> list[Line]:
    font = {"h1": fonts["hei"], "h2": fonts["kai"]}.get(block.style, fonts["fangsong"])
    if block.style in ("addressee", "plain"):
        return break_lines(block.text, font, first=0, rest=0, keep=keep)
    if block.style in ("center", "right"):
        line = break_lines(block.text, font, first=0, keep=keep)
        for item in line:
            item.align = block.style
            item.indent = 0 if block.style == "center" else 2
        return line
    return break_lines(block.text, font, first=2, rest=0, keep=keep)


def _attachment_lines(items: tuple[str, ...], font: str) -> list[Line]:
    lines: list[Line] = []
    numbered = len(items) > 1
    for i, item in enumerate(items, start=1):
        head = ("附件：" if i == 1 else "") + (f"{i}．" if numbered else "")
        hang = 5 + (1 if numbered else 0)   # continuation lines align after "1．"
        text = head + item
        first = 2 if i == 1 else 5
        lines.extend(break_lines(text, font, first=first, rest=hang))
    return lines


def _closing_lines(official: Official, fonts: dict[str, str]) -> list[Line]:
    """署名 centred over the 成文日期, the date right-aligned four characters in."""
    font = fonts["fangsong"]
    date = _tokens(official.date, BODY)
    date_width = sum(w for _, w in date)
    date_line = Line(date, 4, font, BODY, "right", True)
    if not official.signer:
        return [date_line]
    signer = _tokens(official.signer, BODY)
    signer_width = sum(w for _, w in signer)
    centre = WIDTH - 4 * CELL - date_width / 2
    right_gap = (WIDTH - centre - signer_width / 2) / CELL
    signer_line = Line(signer, max(2.0, right_gap), font, BODY, "right", True)
    return [signer_line, date_line]


def _closing_rows(official: Official, fonts: dict[str, str]) -> list[Line | None]:
    """附件说明, two blank lines for the seal, 署名 and 日期, then the 附注 (None = blank)."""
    rows: list[Line | None] = []
    if official.attachments:
        rows.append(None)
        rows += _attachment_lines(official.attachments, fonts["fangsong"])
    if official.date:
        rows += [None, None] + _closing_lines(official, fonts)
    if official.note:
        rows += break_lines(f"（{official.note}）", fonts["fangsong"], first=2, rest=2)
    return rows


def _lay_out(lay: OfficialLayout, paper: Paper, fonts: dict[str, str]) -> None:
    lay.bold = True
    for line in _title_lines(paper.title, fonts["title"]):
        lay.put(line)
    lay.bold = False
    if paper.subtitle:
        for line in break_lines(paper.subtitle, fonts["kai"], first=0):
            line.align = "center"
            lay.put(line)
    lay.skip()
    official = paper.official or Official()
    if official.addressee:
        for line in break_lines(official.addressee + "：", fonts["fangsong"], first=0):
            lay.put(line)
    for block in paper.blocks:
        if isinstance(block, Space):
            lay.skip(block.lines)
        elif isinstance(block, Para):
            lines = _para_lines(block, fonts, paper.keep)
            if block.style == "h1" and len(lines) == 1 and lay.row == LINES - 1:
                lay.new_page()          # a heading never ends a page: it goes over with its text
            for line in lines:
                lay.body(line)
    closing = _closing_rows(official, fonts)
    if closing and lay.placed and (lay.row == 0 or lay.row + len(closing) > LINES):
        lay.overflow = True
    for line in closing:
        if line is None:
            lay.skip() if lay.row else None
        else:
            lay.put(line)


def render_official(paper: Paper, path) -> None:
    """Write ``paper`` (with ``paper.official`` set) as a GB/T 9704 PDF.

    The 落款 is never left alone on a page: when the 附件说明, 署名 and 成文日期
    do not fit under the text, the last two lines of the text go over with them."""
    fonts = register_fonts()
    c = Canvas(str(path), pagesize=A4, invariant=1, initialFontName=fonts["fangsong"])
    dry = OfficialLayout(c, fonts, dry=True)
    dry.overflow = False
    _lay_out(dry, paper, fonts)
    set_metadata(c, paper, paper.official.signer if paper.official else "")
    lay = OfficialLayout(c, fonts)
    lay.overflow = False
    widow = dry.page > 1 and dry.on_page < 2
    if dry.overflow or widow:       # no page of only a 落款, nor of one last line
        lay.break_before = max(dry.placed - 2, 0)
    c.setLineWidth(0.35)
    _lay_out(lay, paper, fonts)
    if lay.row > 0:
        lay.folio()
        c.showPage()
    c.save()
