"""Rebuild the bundled TrueType fonts (a maintainer's tool, never run by the kit).

Source: Noto Serif SC / Noto Sans SC Regular (SIL OFL 1.1, Google/Adobe,
github.com/notofonts/noto-cjk), as shipped in the PyPI wheel
``pylopdf-fonts-zh-cn`` 0.1.1 (CFF-flavoured .otf).  reportlab embeds only
TrueType (``glyf``) outlines, so this script

1. subsets each font to the characters a branch's papers need: ASCII,
   Latin-1, general punctuation, CJK symbols and punctuation, full-width
   forms, geometric shapes (○ □ ■), the whole CJK Unified Ideographs block
   (U+4E00–U+9FFF, a superset of GB 18030 level 1+2 / GB 2312 hanzi and of
   the 通用规范汉字表) and, for the serif face, CJK Extension A
   (U+3400–U+4DBF, rare name characters such as 䶮);
2. converts the cubic CFF outlines to quadratic TrueType outlines (cu2qu,
   max error 1 unit of 1000).

The renamed faces are "VotekitSerifSC" and "VotekitSansSC" (OFL: a modified
font may not use the Reserved Font Name; Noto has none, but a distinct name
keeps it honest).  Requires ``fonttools`` (build time only)::

    pip download --no-deps pylopdf-fonts-zh-cn==0.1.1   # then unzip the wheel
    python votekit/fonts/make_fonts.py NotoSerifSC-Regular.otf NotoSansSC-Regular.otf
"""
from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

HERE = Path(__file__).resolve().parent
COMMON = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2190, 0x21FF),
          (0x2460, 0x24FF), (0x2500, 0x25FF), (0x3000, 0x303F),
          (0x3200, 0x32FF), (0xFF00, 0xFFEF), (0x4E00, 0x9FFF),
          (0x2E80, 0x2FDF), (0x31C0, 0x31EF)]
EXT_A = [(0x3400, 0x4DBF)]


def _unicodes(ranges):
    return [cp for lo, hi in ranges for cp in range(lo, hi + 1)]


def _subset(font: TTFont, ranges) -> None:
    options = subset.Options()
    options.layout_features = ["vert", "vrt2", "kern", "palt"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=_unicodes(ranges))
    sub.subset(font)


def _to_truetype(font: TTFont) -> None:
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    post = font["post"]
    post.formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font: TTFont, family: str) -> None:
    for rec in font["name"].names:
        if rec.nameID in (1, 16):
            rec.string = family
        elif rec.nameID == 4:
            rec.string = f"{family} Regular"
        elif rec.nameID == 6:
            rec.string = f"{family}-Regular"
        elif rec.nameID == 3:
            rec.string = f"{family}-Regular;votekit"


def build(src: str, out: str, family: str, ranges) -> None:
    font = TTFont(src)
    _subset(font, ranges)
    _to_truetype(font)
    _rename(font, family)
    font.save(out)
    print(out, Path(out).stat().st_size // 1024, "KiB")


if __name__ == "__main__":
    serif, sans = sys.argv[1:3]
    build(serif, str(HERE / "VotekitSerifSC-Regular.ttf"), "VotekitSerifSC", COMMON + EXT_A)
    build(sans, str(HERE / "VotekitSansSC-Regular.ttf"), "VotekitSansSC", COMMON)
