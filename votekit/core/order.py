"""姓氏笔画 order (RULES.md §9).  PLACEHOLDER — being replaced by the stroke-table work."""
from __future__ import annotations

from typing import Iterable


def clean_name(name: str) -> str:
    return name.strip()


def order_key(name: str) -> tuple:
    return tuple(clean_name(name))


def needs_check(name: str) -> bool:
    return False


def sort_names(names: Iterable[str]) -> list[str]:
    return sorted(names, key=order_key)
