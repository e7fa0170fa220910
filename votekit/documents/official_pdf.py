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

TOP, LEFT = 37 * mm, 28 * mm
WIDTH, HEIGHT = 156 * mm, 225 * mm
LINES, CHARS = 22, 28
PITCH = HEIGHT / LINES          # line pitch, 28.99 pt
CELL = WIDTH / CHARS            # character pitch, 15.80 pt
BODY, TITLE, FOLIO = 16, 22, 14
NO_START = set("，。、；：？！）》」』”’％…—·,.;:!?)]%")
NO_END = set("（《「『“‘([")


@dataclass
class Line:
    tokens: list            # (text, width_pt)
    indent: float           # cells
    font: str
    size: float
    align: str = "justify"  # justify | left | center | right | date
    last: bool = False      # a paragraph's last line (not justified)


def _tokens(text: str, size: float) -> list[tuple[str, float]]:
    """Split into one token per CJK character and one per run of Latin letters/digits."""
    out: list[tuple[str, float]] = []
    for ch in text:
        if ord(ch) < 0x2000 and not ch.isspace() and out and ord(out[-1][0][-1]) < 0x2000 \
                and out[-1][0][-1].isalnum() and ch.isalnum():
            prev, _ = out.pop()
            ch = prev + ch
        out.append((ch, _width(ch, size)))
    return out


def _width(token: str, size: float) -> float:
    if len(token) == 1 and ord(token) >= 0x2000:
        return CELL * size / BODY
    return stringWidth(token, SERIF, size)


def break_lines(text: str, font: str, size: float = BODY, first: float = 2,
                rest: float = 0, cells: float = CHARS) -> list[Line]:
    """Greedy line breaking with 禁则; indents in character cells."""
    register_fonts()
    tokens, lines = _tokens(text, size), []
    cell = CELL * size / BODY
    current: list = []
    used = 0.0
    indent = first
    for token in tokens:
        room = (cells - indent) * cell
        if current and used + token[1] > room + 0.01:
            carry = []
            if token[0][0] in NO_START or current[-1][0][-1] in NO_END:
                carry = [current.pop()]
                while len(current) > 1 and (carry[0][0][0] in NO_START
                                            or current[-1][0][-1] in NO_END):
                    carry.insert(0, current.pop())
            lines.append(Line(current, indent, font, size))
            current, used, indent = carry, sum(t[1] for t in carry), rest
        current.append(token)
        used += token[1]
    lines.append(Line(current, indent, font, size, last=True))
    return lines


class OfficialLayout:
    """Places lines on the 22-line grid, page after page."""

    def __init__(self, canvas: Canvas, fonts: dict[str, str]):
        self.c, self.fonts = canvas, fonts
        self.row, self.page = 0, 1
        self.bold = False          # 小标宋 look: fill + thin stroke

    def baseline(self, row: int, size: float = BODY) -> float:
        top = A4[1] - TOP - row * PITCH
        return top - PITCH / 2 - 0.36 * size

    def skip(self, rows: float = 1) -> None:
        self.row += int(rows)
        if self.row >= LINES:
            self.new_page()

    def new_page(self) -> None:
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

    def put(self, line: Line, rows: int = 1) -> None:
        if self.row + rows > LINES:
            self.new_page()
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
            self.glyphs(text, x, y, line.font, line.size, width)
            x += width + gap

    def glyphs(self, text: str, x: float, y: float, font: str, size: float, width: float) -> None:
        face = font if covers(font, text) else SERIF
        natural = stringWidth(text, face, size)
        text_object = self.c.beginText(x + (width - natural) / 2, y)
        text_object.setFont(face, size)
        text_object.setTextRenderMode(2 if self.bold else 0)
        text_object.textOut(text)
        self.c.drawText(text_object)


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


def _para_lines(block: Para, fonts: dict[str, str]) -> list[Line]:
    font = {"h1": fonts["hei"], "h2": fonts["kai"]}.get(block.style, fonts["fangsong"])
    if block.style in ("addressee", "plain"):
        return break_lines(block.text, font, first=0, rest=0)
    if block.style in ("center", "right"):
        line = break_lines(block.text, font, first=0)
        for item in line:
            item.align = block.style
            item.indent = 0 if block.style == "center" else 2
        return line
    return break_lines(block.text, font, first=2, rest=0)


def _attachment_lines(items: tuple[str, ...], font: str) -> list[Line]:
    lines: list[Line] = []
    numbered = len(items) > 1
    for i, item in enumerate(items, start=1):
        head = ("附件：" if i == 1 else "") + (f"{i}．" if numbered else "")
        hang = 5 + (1.5 if numbered else 0)   # continuation lines align after "1．"
        text = head + item
        first = 2 if i == 1 else 5
        lines.extend(break_lines(text, font, first=first, rest=hang))
    return lines


def _closing_lines(official: Official, fonts: dict[str, str]) -> list[Line]:
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


def _close(lay: OfficialLayout, official: Official, fonts: dict[str, str]) -> None:
    """附件说明, then 署名 and 成文日期 with room above them for the seal."""
    if official.attachments:
        lay.skip()
        for line in _attachment_lines(official.attachments, fonts["fangsong"]):
            lay.put(line)
    if official.date:
        closing = _closing_lines(official, fonts)
        if lay.row + 2 + len(closing) > LINES:   # keep 署名 and 日期 together, below blank lines
            lay.new_page()
        else:
            lay.skip(2)
        for line in closing:
            lay.put(line)


def render_official(paper: Paper, path) -> None:
    """Write ``paper`` (with ``paper.official`` set) as a GB/T 9704 PDF."""
    fonts = register_fonts()
    c = Canvas(str(path), pagesize=A4, invariant=1, initialFontName=fonts["fangsong"])
    c.setTitle(paper.title.replace("\n", ""))
    c.setAuthor(paper.official.signer if paper.official else "")
    c.setKeywords(paper.keywords)
    c.setCreator("votekit")
    lay = OfficialLayout(c, fonts)
    c.setLineWidth(0.35)
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
            for line in _para_lines(block, fonts):
                lay.put(line)
    _close(lay, official, fonts)
    if lay.row > 0:
        lay.folio()
        c.showPage()
    c.save()
