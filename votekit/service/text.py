"""The one gate for text that enters the kit (forms, JSON bodies, roster files,
decided write-in names): whatever a person pastes from Word, a spreadsheet or a
hostile script, what is stored can be shown, printed and archived.

``clean(value, field, limit)`` returns ``(text, problem)``:

- not a string (a JSON object sent as a name, a list, a number from a JSON
  body) → refused with a Chinese reason naming the field; ``None`` is "";
- NFC-normalised (a decomposed "é" or a half-composed 汉字 sequence becomes one);
- control characters (C0/C1 but tab and newline where ``lines`` allows),
  bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F,
  U+061C), zero-width characters (U+200B–U+200D, U+2060, U+FEFF), other
  format characters, surrogates, private-use and unassigned code points, and
  line/paragraph separators are removed;
- runs of spaces (incl. the ideographic space) inside one line collapse to one,
  and the ends are trimmed;
- longer than ``limit`` characters after cleaning → refused (never cut).

A person's *identity* (is 李秀英 the same as 李\u200b秀英?) is not decided here:
that is ``votekit.core.names`` (NFKC, no whitespace).  This module only makes
text safe to keep and to render.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..core.printable import printable

NAME_LIMIT = 40          # a person's name, a write-in
SHORT_LIMIT = 200        # a reason, a place, a title
LONG_LIMIT = 4000        # a proposal, a note

_SPACES = re.compile(r"[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# text the gate leaves as it is: visible ASCII and the common 汉字, no space (most JSON keys,
# marks and candidates' names on the counting table's hot path skip the full scrub)
_PLAIN = re.compile(r"[!-~\u4e00-\u9fa5]*")


def scrub(value: str, lines: bool = False) -> str:
    """The cleaned form of a string (no length check): ``printable`` (NFC, no invisible or
    direction-changing characters), tabs as spaces, single spaces, trimmed lines; one line
    unless ``lines``."""
    if _PLAIN.fullmatch(value):
        return value
    return _scrub(value, lines)


def _scrub(value: str, lines: bool) -> str:
    text = printable(value).replace("\t", " ")
    if not lines:
        text = text.replace("\n", " ")
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return unicodedata.normalize("NFC", text)


def clean(value: Any, field: str, limit: int = SHORT_LIMIT, lines: bool = False) -> tuple[str, str]:
    """``(text, "")`` when the value can be kept, else ``("", Chinese reason)``."""
    if value is None:
        return "", ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return "", f"{field}应为文字，收到的是{_kind(value)}，未保存"
    text = scrub(str(value), lines)
    if len(text) > limit:
        return "", f"{field}过长（{len(text)} 个字，最多 {limit} 个字），未保存"
    return text, ""


def clean_name(value: Any, field: str = "姓名") -> tuple[str, str]:
    """A person's name: one line, at most ``NAME_LIMIT`` characters."""
    return clean(value, field, NAME_LIMIT)


def must(value: Any, field: str, limit: int = SHORT_LIMIT, lines: bool = False) -> str:
    """``clean`` for callers that turn a refusal into an exception (``TextRefused``)."""
    text, problem = clean(value, field, limit, lines)
    if problem:
        raise TextRefused(problem)
    return text


class TextRefused(ValueError):
    """A text that cannot be kept; ``str(exc)`` is the Chinese reason."""


def safe_for_documents(value: Any) -> str:
    """Whatever is already stored, as text that every document writer can render
    (used when reading old files, so a meeting recorded before this gate existed
    still gets its paperwork)."""
    if value is None:
        return ""
    return scrub(value if isinstance(value, str) else str(value), lines=True)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "一组键值（对象）"
    if isinstance(value, (list, tuple)):
        return "一个列表"
    if isinstance(value, bool):
        return "真/假值"
    if isinstance(value, float):
        return "小数"
    return type(value).__name__
