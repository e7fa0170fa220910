"""扫描与人工录入核对: the machine's reading against the tellers' entry of the same pile.

No order is kept on either side (secret ballot), so the two are compared as
*multisets*: for every distinct ballot content, how many the scan read and
how many people entered.  Every difference is listed for the 监票人, who
looks at the paper and settles it ("the scan read it right" or "people
entered it right"); the round closes only when both agree
(``close_problem``), and no result leans on the machine alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.piles import compare_piles
from ..core.vocabulary import Ballot
from ..store import Store, ballot_box
from . import Outcome, audit
from .adjudication import summary
from .entry import context, describe

SIDES = {"scan": "扫描读票", "people": "人工录入"}


@dataclass(frozen=True)
class Difference:
    key: str
    text: str       # the ballot content in words
    scan: int       # how many the scan read
    people: int     # how many people entered


@dataclass(frozen=True)
class Comparison:
    scan_total: int
    people_total: int
    differences: tuple[Difference, ...]
    undecided: int

    @property
    def agree(self) -> bool:
        return not self.differences and not self.undecided and self.scan_total == self.people_total

    @property
    def message(self) -> str:
        if self.undecided:
            return f"扫描读票还有{self.undecided}处须监票人裁定，裁定后才能核对。"
        if self.agree:
            return f"扫描读出{self.scan_total}张，人工录入{self.people_total}张，逐张内容完全一致。"
        return (f"扫描读出{self.scan_total}张，人工录入{self.people_total}张，"
                f"有{len(self.differences)}处不一致，须监票人查对原票后裁定。")


def _scan_rows(store: Store, round_id: int) -> list[dict[str, Any]]:
    return ballot_box.scan_rows(store, round_id, "ready")


def scanned_ballots(store: Store, round_id: int) -> tuple[Ballot, ...]:
    """The read ballots with every doubt decided, as the core's ballots (key order)."""
    return tuple(ballot_box.ballot_from_columns(row) for row in _scan_rows(store, round_id))


def compare(store: Store, round_id: int) -> Comparison:
    texts: dict[str, str] = {}
    sides: dict[str, list[str]] = {"scan": [], "people": []}
    for side, rows in (("scan", _scan_rows(store, round_id)), ("people", ballot_box.ballot_rows(store, round_id))):
        for row in rows:
            key = ballot_box.content_key(row)
            sides[side].append(key)
            texts.setdefault(key, describe(row))
    found = compare_piles(sides["scan"], sides["people"], order=lambda k: texts[k])
    diffs = tuple(Difference(d.content, texts[d.content], d.left, d.right) for d in found.differences)
    return Comparison(found.left_total, found.right_total, diffs, summary(store, round_id)["undecided"])


def settle(store: Store, actor: str, round_id: int, key: str, right: str, scrutineer: str) -> Outcome:
    """The 监票人 checked the paper: side ``right`` has this content right; the other
    side is brought to the same number of such ballots (audited)."""
    from .slate import tellers
    ctx = context(store, round_id)
    if ctx is None or right not in SIDES or not ctx.state.is_open:
        return Outcome.refused("无法裁定：本轮已结束计票或不存在。")
    if scrutineer.strip() not in tellers(store, ctx.election.id)["scrutineer"]:
        return Outcome.refused(f"“{scrutineer.strip()}”不是本选举的监票人，须由监票人裁定。")
    diff = next((d for d in compare(store, round_id).differences if d.key == key), None)
    if diff is None:
        return Outcome.refused("这一处已经一致，无需裁定。")
    want = diff.scan if right == "scan" else diff.people
    with store.write():
        if right == "scan":
            _bring_people(store, round_id, key, want - diff.people)
        else:
            _bring_scan(store, round_id, key, want - diff.scan)
        audit.record(store, actor, "监票人裁定扫描与录入分歧",
                     {"round_id": round_id, "content": diff.text, "correct": SIDES[right],
                      "scan": diff.scan, "people": diff.people, "scrutineer": scrutineer.strip()},
                     ctx.meeting.id)
    return Outcome.done(None, f"已按{SIDES[right]}为准：{diff.text}（{want}张）。")


def _bring_people(store: Store, round_id: int, key: str, change: int) -> None:
    mine = [r for r in ballot_box.ballot_rows(store, round_id) if ballot_box.content_key(r) == key]
    for row in mine[:max(0, -change)]:
        ballot_box.drop_ballot(store, row["id"])
    if change > 0:
        source = next(r for r in _scan_rows(store, round_id) if ballot_box.content_key(r) == key)
        for _ in range(change):
            ballot_box.insert_stored(store, round_id, source["marks"], source["write_ins"], bool(source["illegible"]))


def _bring_scan(store: Store, round_id: int, key: str, change: int) -> None:
    mine = [r for r in _scan_rows(store, round_id) if ballot_box.content_key(r) == key]
    for row in mine[:max(0, -change)]:
        ballot_box.drop_scan(store, row["id"])
    if change > 0:
        source = next(r for r in ballot_box.ballot_rows(store, round_id) if ballot_box.content_key(r) == key)
        for _ in range(change):
            ballot_box.copy_to_scan(store, round_id, source)


def close_problem(store: Store, round_id: int) -> str | None:
    """Why the round cannot close yet because of the scan, or None.

    Nothing to say when no scan was read, or when the scan itself was adopted
    as the round's ballots; otherwise the scan and the people must agree."""
    s = summary(store, round_id)
    if not s["ballots"] or s["adopted"]:
        return None if not s["undecided"] else f"扫描读票还有{s['undecided']}处须监票人裁定。"
    result = compare(store, round_id)
    return None if result.agree else result.message
