"""One name identity for the whole kit (TALLY-JSON.md, RULES.md §5).

Two spellings are the same person when they are equal after Unicode NFKC
normalisation with whitespace, zero-width characters and variation selectors
removed: “张 伟”, “张　伟” (full-width space), “张\u200b伟” (zero-width space)
are all 张伟; 林 U+F9F4 (a compatibility ideograph) is 林 U+6797; 葛 followed
by a variation selector is 葛.

``canonical_name`` gives that form; it is also the form the kit stores, so a
name that entered through the roster, the slate, a write-in or the entry API
compares equal with ``==`` afterwards.  The middle dot of minority names
(“·”) is kept.  Pure: standard library only.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable, Mapping

# zero-width and joiner characters, word joiner, BOM, Mongolian vowel separator,
# soft hyphen, invisible operators — they never belong to a name
_INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff")


def _dropped(ch: str) -> bool:
    code = ord(ch)
    return (ch.isspace() or ch in _INVISIBLE
            or 0xFE00 <= code <= 0xFE0F            # variation selectors 1–16
            or 0xE0100 <= code <= 0xE01EF          # variation selectors 17–256
            or 0x180B <= code <= 0x180D            # Mongolian free variation selectors
            or unicodedata.category(ch) == "Zs")


def canonical_name(name: str) -> str:
    """The one form of a name: NFKC, without whitespace, zero-width or variation selectors."""
    text = unicodedata.normalize("NFKC", name or "")
    return "".join(ch for ch in text if not _dropped(ch))


def same_name(a: str, b: str) -> bool:
    return canonical_name(a) == canonical_name(b)


def name_index(names: Iterable[str]) -> dict[str, str]:
    """canonical form → the first spelling given (for finding a person by any spelling)."""
    index: dict[str, str] = {}
    for name in names:
        index.setdefault(canonical_name(name), name)
    return index


def resolve(name: str, index: Mapping[str, str]) -> str:
    """The spelling in ``index`` for the same person, else the canonical form."""
    key = canonical_name(name)
    return index.get(key, key)


def repeated(names: Iterable[str]) -> tuple[str, ...]:
    """Names that occur more than once under the identity (each once, first spelling)."""
    seen: set[str] = set()
    twice: list[str] = []
    for name in names:
        key = canonical_name(name)
        if key in seen and key not in twice:
            twice.append(key)
        seen.add(key)
    return tuple(twice)
