"""Two readings of the same pile of ballots, compared as multisets.

No order of the ballots exists anywhere (secret ballot), so two readings of one
pile — teller 甲 and teller 乙 in 双人录入, or the scanner and the tellers — can
only be compared content by content: for every distinct ballot content, how many
each side has.  Used by double entry and by scan reconciliation alike.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Generic, Hashable, Iterable, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class PileDifference(Generic[K]):
    content: K
    left: int       # how many the first side has
    right: int      # how many the second side has


@dataclass(frozen=True)
class PileComparison(Generic[K]):
    left_total: int
    right_total: int
    differences: tuple[PileDifference[K], ...]

    @property
    def agree(self) -> bool:
        return not self.differences and self.left_total == self.right_total


def _itself(content: Any) -> Any:
    return content


def compare_piles(left: Iterable[K], right: Iterable[K],
                  order: Callable[[K], Any] | None = None) -> PileComparison[K]:
    """Every content whose count differs between the two sides, in ``order`` (default: the content)."""
    a, b = Counter(left), Counter(right)
    keys = sorted(set(a) | set(b), key=order or _itself)
    return PileComparison(sum(a.values()), sum(b.values()),
                          tuple(PileDifference(k, a[k], b[k]) for k in keys if a[k] != b[k]))
