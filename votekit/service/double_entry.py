"""双人录入 (double entry): two tellers enter the same pile independently.

Order is not kept anywhere (secret ballot), so the two piles are compared as
*multisets* of ballots: for every distinct ballot content, how many each
teller entered.  Every disagreement is listed for the 监票人; after they
look at the paper they settle each line ("teller 甲/乙 read it right"), and
only when the two piles agree is pile 甲 adopted as the round's ballots —
before that no result is shown and the round cannot be closed.
"""
from __future__ import annotations

import json
import secrets
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..store import Store
from . import Outcome, audit
from .entry import describe, entered_count, save_state, state
from .meetings import get_election, get_round

PILES = {"A": "甲", "B": "乙"}


def _content_key(row: dict[str, Any]) -> str:
    """What a ballot says, canonically (write-ins in any order read the same)."""
    writes = sorted(json.loads(row["write_ins"]), key=lambda w: (w["name"], w["mark"]))
    return json.dumps({"illegible": bool(row["illegible"]), "marks": json.loads(row["marks"]),
                       "write_ins": writes}, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Difference:
    key: str
    text: str       # the ballot content in words
    a: int          # how many teller 甲 entered
    b: int          # how many teller 乙 entered


@dataclass(frozen=True)
class Comparison:
    a_total: int
    b_total: int
    differences: tuple[Difference, ...]

    @property
    def agree(self) -> bool:
        return not self.differences and self.a_total == self.b_total

    @property
    def message(self) -> str:
        if self.agree:
            return f"甲、乙两份录入各{self.a_total}张，逐张内容完全一致。"
        return (f"甲录入{self.a_total}张，乙录入{self.b_total}张，"
                f"有{len(self.differences)}处不一致，须监票人查对原票后裁定。")


def set_double_entry(store: Store, actor: str, round_id: int, on: bool) -> Outcome:
    rnd = get_round(store, round_id)
    st = state(store, round_id)
    if rnd is None or st["status"] != "open":
        return Outcome.refused("本轮已结束计票或不存在。")
    if entered_count(store, round_id) or store.count("pile_ballots", round_id=round_id):
        return Outcome.refused("本轮已开始录入，不能再改变录入方式。")
    with store.write():
        save_state(store, round_id, double_entry=1 if on else 0)
        audit.record(store, actor, "设定录入方式", {"round_id": round_id, "double_entry": on},
                     get_election(store, rnd["election_id"])["meeting_id"])
    return Outcome.done(on, "本轮采用双人录入：计票人甲、乙各自独立录入同一叠选票。" if on
                        else "本轮采用单人录入。")


def compare(store: Store, round_id: int) -> Comparison:
    rows = store.rows("pile_ballots", round_id=round_id)
    counts = {p: Counter() for p in PILES}
    texts: dict[str, str] = {}
    for row in rows:
        key = _content_key(row)
        counts[row["pile"]][key] += 1
        texts.setdefault(key, describe(row))
    keys = sorted(set(counts["A"]) | set(counts["B"]), key=lambda k: texts[k])
    diffs = tuple(Difference(k, texts[k], counts["A"][k], counts["B"][k])
                  for k in keys if counts["A"][k] != counts["B"][k])
    return Comparison(sum(counts["A"].values()), sum(counts["B"].values()), diffs)


def settle(store: Store, actor: str, round_id: int, key: str, right: str) -> Outcome:
    """The 监票人 checked the paper: pile ``right`` read this content correctly, so the
    other pile is brought to the same number of such ballots (audited)."""
    if right not in PILES or state(store, round_id)["double_entry"] != 1:
        return Outcome.refused("无法裁定：本轮不在双人录入核对中。")
    diff = next((d for d in compare(store, round_id).differences if d.key == key), None)
    if diff is None:
        return Outcome.refused("这一处已经一致，无需裁定。")
    other = "B" if right == "A" else "A"
    want = diff.a if right == "A" else diff.b
    have = diff.b if right == "A" else diff.a

    def matching(pile: str) -> list[dict[str, Any]]:
        return [r for r in store.rows("pile_ballots", round_id=round_id, pile=pile) if _content_key(r) == key]

    with store.write():
        for row in matching(other)[: max(0, have - want)]:
            store.delete("pile_ballots", id=row["id"])
        for _ in range(max(0, want - have)):
            source = matching(right)[0]
            store.insert("pile_ballots", {"id": secrets.token_hex(16), "round_id": round_id,
                                          "pile": other, "marks": source["marks"],
                                          "write_ins": source["write_ins"], "illegible": source["illegible"]})
        rnd = get_round(store, round_id)
        audit.record(store, actor, "监票人裁定录入分歧",
                     {"round_id": round_id, "correct": PILES[right], "甲": diff.a, "乙": diff.b}, get_election(store, rnd["election_id"])["meeting_id"])
    return Outcome.done(None, f"已按{PILES[right]}的录入为准：{diff.text}（{want}张）。")


def adopt(store: Store, actor: str, round_id: int) -> Outcome:
    """Both piles agree: pile 甲 becomes the round's ballots (new random keys)."""
    if state(store, round_id)["double_entry"] != 1:
        return Outcome.refused("本轮不在双人录入核对中。")
    result = compare(store, round_id)
    if not result.agree or result.a_total == 0:
        return Outcome.refused(result.message if not result.agree else "两份录入都还没有选票。")
    rnd = get_round(store, round_id)
    with store.write():
        for row in store.rows("pile_ballots", round_id=round_id, pile="A"):
            store.insert_ballot(round_id, row["marks"], row["write_ins"], bool(row["illegible"]))
        save_state(store, round_id, double_entry=2)
        audit.record(store, actor, "双人录入核对一致", {"round_id": round_id, "ballots": result.a_total},
                     get_election(store, rnd["election_id"])["meeting_id"])
    return Outcome.done(result.a_total, result.message + "已作为本轮计票依据。")
