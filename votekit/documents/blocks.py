"""The shape of a document, independent of PDF or Word.

Each document module builds a :class:`Paper` from a ``Dossier``; the renderers
(``form_pdf``, ``official_pdf``, ``word``) turn the same paper into a file, so
the PDF and the editable .docx always say the same thing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Para:
    """A paragraph.  ``style``: body (indented 2 characters), plain (no indent),
    h1 (一、 黑体), h2 (（一） 楷体), center, right, cue (主持词 stage direction, 楷体),
    small (a note in smaller type), addressee (主送机关, flush left)."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Grid:
    """A ruled table.  ``widths`` are relative; ``align`` per column: l / c / r."""

    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]
    header: int = 1
    align: str = ""
    spans: tuple[tuple[int, int, int, int], ...] = ()  # (col0,row0,col1,row1) merged cells
    compact: bool = False        # less padding (a long 签到表 stays on its page with its totals)


@dataclass(frozen=True)
class Signatures:
    """Signature lines: one row per (role, printed name); the signature itself is blank."""

    people: tuple[tuple[str, str], ...]
    date_line: bool = True


@dataclass(frozen=True)
class Space:
    lines: float = 1.0


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Official:
    """The parts a 公文 (GB/T 9704-2012) has besides its body."""

    addressee: str = ""                      # 主送机关, without the colon
    attachments: tuple[str, ...] = ()        # 附件说明 items
    signer: str = ""                         # 发文机关署名
    date: str = ""                           # 成文日期, e.g. 2026年11月20日 (or a blank to fill)
    note: str = ""                           # 附注, e.g. 联系人：…，电话：…


@dataclass(frozen=True)
class Paper:
    name: str                                # file stem, e.g. 02-计票结果报告单
    title: str
    blocks: tuple = ()
    subtitle: str = ""
    footer: str = ""                         # printed at the foot of every page
    official: Official | None = None         # set → laid out per GB/T 9704
    keywords: str = ""                       # PDF metadata (e.g. the record fingerprint)
    docx: bool = False                       # also written as .docx for editing
    landscape: bool = False
    keep: tuple[str, ...] = ()               # names never split across lines
    date: dt.date | None = None              # the paper's date (PDF/Word metadata)
    meta: dict = field(default_factory=dict, compare=False)

    def text(self) -> str:
        """The words of the paper, in reading order (for tests and search)."""
        out = [self.title, self.subtitle]
        if self.official and self.official.addressee:
            out.append(self.official.addressee + "：")
        for block in self.blocks:
            if isinstance(block, Para):
                out.append(block.text)
            elif isinstance(block, Grid):
                out.extend(" ".join(row) for row in block.rows)
            elif isinstance(block, Signatures):
                out.extend(f"{role} {name}" for role, name in block.people)
        if self.official:
            out.extend(self.official.attachments)
            out.extend([self.official.signer, self.official.date, self.official.note])
        out.append(self.footer)
        return "\n".join(t for t in out if t)
