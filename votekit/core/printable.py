"""Text every document writer can render: NFC, without control characters (tab and
newline kept), bidi overrides and isolates, zero-width and other format characters,
surrogates, private-use or unassigned code points; line/paragraph separators become
newlines.  Pure: the documents apply it to a whole dossier before writing (so text kept
before the entry gate existed, or that reached the file another way, still prints), and
``votekit.service.text`` builds the entry gate on it.
"""
from __future__ import annotations

import dataclasses
import enum
import unicodedata
from typing import Any

_DROPPED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_NEWLINES = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"}


def printable(text: str) -> str:
    """``text`` without anything that can break a .docx, a PDF or a terminal, or reverse it."""
    for old, new in _NEWLINES.items():
        text = text.replace(old, new)
    kept = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in _DROPPED)
    return unicodedata.normalize("NFC", kept)


def printable_tree(value: Any) -> Any:
    """The same value with every string in it made ``printable`` (frozen dataclasses, dicts,
    lists and tuples rebuilt; enums, numbers, dates and bytes as they are)."""
    if isinstance(value, enum.Enum):
        return value
    if isinstance(value, str):
        return printable(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: printable_tree(getattr(value, f.name))
                   for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, dict):
        return {printable_tree(k): printable_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return type(value)(printable_tree(v) for v in value)
    return value
