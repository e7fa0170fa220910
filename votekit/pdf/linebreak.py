"""Line breaking for Chinese documents: 禁则 and names kept whole.

One breaker for the 公文 grid (``official_pdf``) and the forms (``form_pdf``):

* a line never starts with closing punctuation (，。、；：？！）》” …) — the token
  before it goes down with it (避头);
* a line never ends with opening punctuation (（《“ …) (避尾);
* a run of Latin letters or digits (28, 2026, SHA-256 hex) is one token;
* every name given in ``keep`` (the people of the meeting) is one token, so
  "王建国" is never cut into "王建 / 国".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

NO_START = frozenset("，。、；：？！）》」』”’％…—·〉】〕,.;:!?)]%")
NO_END = frozenset("（《「『“‘〈【〔([")


def _latin(ch: str) -> bool:
    return ord(ch) < 0x2000 and ch.isalnum()


def tokens(text: str, keep: Iterable[str] = ()) -> list[str]:
    """Units that may not be broken: one CJK character, a Latin/digit run, or a kept name."""
    names = sorted({k for k in keep if len(k) > 1}, key=len, reverse=True)
    out: list[str] = []
    i = 0
    while i < len(text):
        name = next((n for n in names if text.startswith(n, i)), None)
        if name is not None:
            out.append(name)
            i += len(name)
            continue
        ch = text[i]
        prev = out[-1] if out and out[-1] not in names else ""
        if prev and ((_latin(ch) and _latin(prev[-1]))
                     or (ch in ".%" and prev[-1].isdigit())
                     or (ch.isdigit() and prev[-1] == "." and len(prev) > 1)):
            out[-1] += ch     # 2026, 61.5%, SHA-256 hex: one unit
        else:
            out.append(ch)
        i += 1
    return out


@dataclass
class Line:
    tokens: list            # (text, width)
    indent: float = 0.0     # in points
    last: bool = False      # a paragraph's last line (not justified)
    meta: dict = field(default_factory=dict)

    @property
    def width(self) -> float:
        return sum(w for _, w in self.tokens)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.tokens)


def _bad_break(before: list, after: tuple) -> bool:
    return after[0][0] in NO_START or before[-1][0][-1] in NO_END


def wrap(text: str, width_of: Callable[[str], float], room: float, first: float = 0.0,
         rest: float = 0.0, keep: Iterable[str] = ()) -> list[Line]:
    """Greedy breaking into lines of at most ``room`` points (less the indent)."""
    items = [(t, width_of(t)) for t in tokens(text, keep)]
    lines: list[Line] = []
    current: list = []
    used, indent = 0.0, first
    for item in items:
        if current and used + item[1] > room - indent + 0.01:
            carry: list = []
            while len(current) > 1 and _bad_break(current, carry[0] if carry else item):
                carry.insert(0, current.pop())
            lines.append(Line(current, indent))
            current, used, indent = carry, sum(w for _, w in carry), rest
        current.append(item)
        used += item[1]
    lines.append(Line(current, indent, last=True))
    return lines
