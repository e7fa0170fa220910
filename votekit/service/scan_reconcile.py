"""扫描与人工录入核对: the machine's reading against the tellers' entry of the same pile.

No order is kept on either side (secret ballot), so the two are compared as
*multisets*: for every distinct ballot content, how many the scan read and
how many people entered.  Every difference is listed for the 监票人, who
looks at the paper and settles it ("the scan read it right" or "people
entered it right"); the round closes only when both agree
(``close_problem``), and no result leans on the machine alone.
"""
from __future__ import annotations

import json
import secrets
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..store import Store
from . import Outcome, audit
from .adjudication import summary
from .double_entry import _content_key
from .entry import describe, state
from .meetings import get_election, get_round

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
    return store.rows("scan_ballots", round_id=round_id, status="ready")


def compare(store: Store, round_id: int) -> Comparison:
    scan = _scan_rows(store, round_id)
    people = store.rows("ballots", round_id=round_id)
    counts = {"scan": Counter(), "people": Counter()}
    texts: dict[str, str] = {}
    for side, rows in (("scan", scan), ("people", people)):
        for row in rows:
            key = _content_key(row)
            counts[side][key] += 1
            texts.setdefault(key, describe(row))
    keys = sorted(set(counts["scan"]) | set(counts["people"]), key=lambda k: texts[k])
    diffs = tuple(Difference(k, texts[k], counts["scan"][k], counts["people"][k])
                  for k in keys if counts["scan"][k] != counts["people"][k])
    return Comparison(len(scan), len(people), diffs, summary(store, round_id)["undecided"])


def settle(store: Store, actor: str, round_id: int, key: str, right: str, scrutineer: str) -> Outcome:
    """The 监票人 checked the paper: side ``right`` has this content right; the other
    side is brought to the same number of such ballots (audited)."""
    from .slate import tellers
    rnd = get_round(store, round_id)
    if rnd is None or right not in SIDES or state(store, round_id)["status"] != "open":
        return Outcome.refused("无法裁定：本轮已结束计票或不存在。")
    if scrutineer.strip() not in tellers(store, rnd["election_id"])["scrutineer"]:
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
                     get_election(store, rnd["election_id"])["meeting_id"])
    return Outcome.done(None, f"已按{SIDES[right]}为准：{diff.text}（{want}张）。")


def _sample(row: dict[str, Any]) -> dict[str, Any]:
    return {"marks": row["marks"], "write_ins": row["write_ins"], "illegible": row["illegible"]}


def _bring_people(store: Store, round_id: int, key: str, change: int) -> None:
    mine = [r for r in store.rows("ballots", round_id=round_id) if _content_key(r) == key]
    for row in mine[:max(0, -change)]:
        store.delete("ballots", id=row["id"])
    if change > 0:
        source = next(r for r in _scan_rows(store, round_id) if _content_key(r) == key)
        for _ in range(change):
            store.insert_ballot(round_id, source["marks"], source["write_ins"], bool(source["illegible"]))


def _bring_scan(store: Store, round_id: int, key: str, change: int) -> None:
    mine = [r for r in _scan_rows(store, round_id) if _content_key(r) == key]
    for row in mine[:max(0, -change)]:
        store.delete("scan_ballots", id=row["id"])
    if change > 0:
        source = next(r for r in store.rows("ballots", round_id=round_id) if _content_key(r) == key)
        for _ in range(change):
            store.insert("scan_ballots", {"id": secrets.token_hex(16), "round_id": round_id,
                                          "status": "ready", "reading": json.dumps([]),
                                          "image": b"", **_sample(source)})


def close_problem(store: Store, round_id: int) -> str | None:
    """Why the round cannot close yet because of the scan, or None.

    Nothing to say when no scan was read, or when the scan itself was adopted
    as the round's ballots; otherwise the scan and the people must agree."""
    s = summary(store, round_id)
    if not s["ballots"] or s["adopted"]:
        return None if not s["undecided"] else f"扫描读票还有{s['undecided']}处须监票人裁定。"
    result = compare(store, round_id)
    return None if result.agree else result.message
