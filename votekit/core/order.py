"""姓氏笔画 order (RULES.md §9).

1. Compare the surname by stroke count, then stroke by stroke in the order
   横 1 < 竖 2 < 撇 3 < 点 4 < 折 5 (GF 3003-1999), then the next character.
2. A one-character given name sorts before a two-character one: a two-character
   name is read as 姓 + "○" + 名, and "○" comes before every character
   (田富 before 田大利, 高富 before 高大富).
3. Two different characters with the same count and the same strokes (孔/巴 5215,
   叶/申 25112) are never interleaved: the lower code point comes first.
4. "·" in minority names, annotations such as "（女）" and spaces are ignored.
5. A character missing from the stroke table sorts by its Unihan stroke count, after
   every table character of that count; a character with no stroke data at all sorts
   last.  Either way the name is flagged (needs_check) for a person to confirm.

Data: stroke_table (generated), stroke_overrides (corrections), stroke_fallback
(Unihan counts); see STROKES-PROVENANCE.md.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Iterable

from .stroke_fallback import TOTAL_STROKES
from .stroke_overrides import OVERRIDES
from .stroke_table import STROKES

__all__ = ["clean_name", "order_key", "needs_check", "sort_names", "unknown_characters",
           "stroke_count", "stroke_sequence", "check_note"]

# Where a character's strokes come from; also its rank among characters of equal count.
_TABLE, _UNIHAN, _NO_DATA = 0, 1, 2
_NO_DATA_COUNT = 10_000          # after every real stroke count
_GAP = (0, _TABLE, "", 0)        # the "○" of a one-character given name: before everything

_SEQUENCES: dict[str, str] = {**STROKES, **OVERRIDES}
_TABLE_KEYS = {ch: (len(seq), _TABLE, seq, ord(ch)) for ch, seq in _SEQUENCES.items()}

# After NFKC: "．" has become "." and full-width brackets half-width ones.
_SEPARATORS = frozenset("·•‧∙⋅・.‐-ᐧ")
_OPENERS, _CLOSERS = "([{【〔〖〈《", ")]}】〕〗〉》"
_ANNOTATION = re.compile(
    "[" + re.escape(_OPENERS) + "][^" + re.escape(_CLOSERS) + "]*(?:[" + re.escape(_CLOSERS) + "]|$)")


def clean_name(name: str) -> str:
    """The characters that decide the order: "阿依古丽·买买提（女）" -> "阿依古丽买买提".

    NFKC folds full-width and compatibility forms; bracketed annotations (an unclosed
    bracket runs to the end), middle dots, spaces and invisible characters are dropped.
    This is the sort form, not the display form: lists keep showing the name as entered.
    """
    text = _ANNOTATION.sub("", unicodedata.normalize("NFKC", name))
    return "".join(ch for ch in text
                   if not (ch.isspace() or ch in _SEPARATORS or ch in _CLOSERS
                           or unicodedata.category(ch) in ("Cc", "Cf")))


@cache
def _unihan_counts() -> dict[str, int]:
    """Character -> Unihan kTotalStrokes, built on the first character the table lacks."""
    return {ch: count for count, chars in TOTAL_STROKES.items() for ch in chars}


@cache
def _fallback_key(char: str) -> tuple[int, int, str, int]:
    count = _unihan_counts().get(char)
    if count is None:
        return (_NO_DATA_COUNT, _NO_DATA, "", ord(char))
    return (count, _UNIHAN, "", ord(char))


def _char_key(char: str) -> tuple[int, int, str, int]:
    return _TABLE_KEYS.get(char) or _fallback_key(char)


@lru_cache(maxsize=1 << 16)
def order_key(name: str) -> tuple[object, ...]:
    """Sort key: (per-character keys, cleaned name, name as given).

    Each character key is (stroke count, source rank, stroke sequence, code point);
    the last two parts make the order total, so any shuffle sorts the same way.
    """
    cleaned = clean_name(name)
    keys = [_char_key(ch) for ch in cleaned]
    if len(keys) == 2:
        keys.insert(1, _GAP)
    return (tuple(keys), cleaned, name)


def sort_names(names: Iterable[str]) -> list[str]:
    """The names as given, in 姓氏笔画 order."""
    return sorted(names, key=order_key)


def unknown_characters(name: str) -> tuple[str, ...]:
    """Characters of the cleaned name that the stroke table lacks, each once, in order."""
    return tuple(dict.fromkeys(ch for ch in clean_name(name) if ch not in _SEQUENCES))


def needs_check(name: str) -> bool:
    """True when a person must confirm this name's place (empty, or not all in the table)."""
    return not clean_name(name) or bool(unknown_characters(name))


def stroke_sequence(char: str) -> str | None:
    """"德" -> "332122522114544"; None when the stroke table lacks the character."""
    return _SEQUENCES.get(char)


def stroke_count(char: str) -> int | None:
    """From the stroke table, else Unihan kTotalStrokes, else None."""
    sequence = _SEQUENCES.get(char)
    if sequence is not None:
        return len(sequence)
    return _unihan_counts().get(char)


def check_note(name: str) -> str:
    """Why a name needs checking, for the operator ("" when it does not)."""
    if not clean_name(name):
        return f"“{name}”去掉注释和符号后没有姓名用字，请核对。"
    notes = []
    for char in unknown_characters(name):
        count = stroke_count(char)
        if count is None:
            notes.append(f"“{char}”没有笔画数据，暂排在最后")
        else:
            notes.append(f"“{char}”不在笔顺表中，按{count}画排在同画数的字之后")
    if not notes:
        return ""
    return f"{name}：" + "；".join(notes) + "。请核对排序。"
