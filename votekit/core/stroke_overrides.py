"""Corrections to the generated stroke table (stroke_table.py), one line each with its reason.

Classes: 1 横(含提) 2 竖(含竖钩) 3 撇 4 点(含捺) 5 折 (GF 3003-1999).  An entry here wins over
stroke_table.STROKES; it may also add a character the table lacks.  Every entry must say
where the correct sequence comes from.  How the table was checked: STROKES-PROVENANCE.md.
"""
from __future__ import annotations

OVERRIDES: dict[str, str] = {
    # 德: cnchar-order has 332132522114544 (撇 in place of the 竖 of 十).  Correct per
    # shared/data/README.md and 通用规范汉字表 stroke order: 彳332 十12 罒25221 一1 心4544.
    "德": "332122522114544",
    # 皙: cnchar-order has 123433122511, 12 strokes, the 白 without its first 撇.  Unihan
    # kTotalStrokes 13 and Make Me a Hanzi 13 strokes: 木1234 斤3312 白32511.
    "皙": "1234331232511",
    # 脩: cnchar-order has 3223542511, 10 strokes, 攵 written as 夂 (354).  The character is
    # 亻32 丨2 攵3134 月3511 = 11 strokes (Make Me a Hanzi: 11; Unihan kRSUnicode 130.7 gives
    # 7 strokes beside the 4-stroke 月).  Unihan's kTotalStrokes 10 disagrees; 11 is kept.
    "脩": "32231343511",
    # 锺 (surname, 锺 ≠ 钟 in names): cnchar-order has 31115312511121, 重 with two strokes
    # swapped.  钅31115 + 重312511211, as the table itself writes 重 and 董.
    "锺": "31115312511211",
    # 雌: cnchar-order has 21211532411121.  此 is 212135 (the table's own 此, 柴, 紫):
    # 此212135 + 隹32411121.
    "雌": "21213532411121",
    # 邶: cnchar-order has 2111552.  北 is 21135 (the table's own 北, 背, 冀): 北21135 + 阝52.
    "邶": "2113552",
    # 撅: cnchar-order has 121134315133534.  厥 is 134315233534 (the table's own 厥, 蹶,
    # 橛, 獗, 阙): 扌121 + 厥134315233534.
    "撅": "121134315233534",
    # 麒, 麟 (common in given names): cnchar-order writes the 鹿 part 41352211515, a 横 where
    # 鹿 has its 撇 (41352211535, the table's own 鹿, 麓, 麋, 麝).  Make Me a Hanzi draws
    # that stroke right-to-left, i.e. a 撇.
    "麒": "4135221153512211134",
    "麟": "41352211535431234354152",
}
