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
from dataclasses import dataclass
from typing import Any

from ..core.piles import compare_piles
from ..store import Store, ballot_box
from ..store import rounds as stored
from ..store.records import DoubleEntry
from . import Outcome, audit
from .entry import candidates_of, context, describe, entered_count

PILES = {"A": "甲", "B": "乙"}


_content_key = ballot_box.content_key


@dataclass(frozen=True)
class Difference:
    key: str
    text: str       # the ballot content in words
    a: int          # how many teller 甲 entered
    b: int          # how many teller 乙 entered


@dataclass(frozen=True)
class Disagreement:
    """One paper ballot the two tellers read differently: 甲's reading beside 乙's, each in the
    ballot's own order (姓氏笔画), so the 监票人 can lay the row beside the paper.  A reading is
    empty when that teller entered no ballot for it (one pile has more ballots)."""
    key_a: str
    key_b: str
    reading_a: tuple[tuple[str, str], ...]      # (name, symbol) per line of the ballot
    reading_b: tuple[tuple[str, str], ...]
    differs: tuple[str, ...]                    # the names whose symbols differ


@dataclass(frozen=True)
class Comparison:
    a_total: int
    b_total: int
    differences: tuple[Difference, ...]
    rows: tuple[Disagreement, ...] = ()

    @property
    def agree(self) -> bool:
        return not self.differences and self.a_total == self.b_total

    @property
    def message(self) -> str:
        if self.agree:
            return f"甲、乙两份录入各{self.a_total}张，逐张内容完全一致。"
        return (f"甲录入{self.a_total}张，乙录入{self.b_total}张，"
                f"有{len(self.rows)}张选票两人录入不同，须监票人查对原票后逐张裁定。")


def set_double_entry(store: Store, actor: str, round_id: int, on: bool) -> Outcome:
    ctx = context(store, round_id)
    if ctx is None or not ctx.state.is_open:
        return Outcome.refused("本轮已结束计票或不存在。")
    if entered_count(store, round_id) or ballot_box.in_piles(store, round_id):
        return Outcome.refused("本轮已开始录入，不能再改变录入方式。")
    with store.write():
        stored.save_round_state(store, round_id, double_entry=DoubleEntry.ON if on else DoubleEntry.OFF)
        if not on:
            ballot_box.clear_pile_places(store, round_id)
        elif ctx.round.issued:      # each pile's places laid out now, before the first reading
            ballot_box.prepare_pile_places(store, round_id, ctx.round.issued, candidates_of(store, round_id))
        audit.record(store, actor, "设定录入方式", {"round_id": round_id, "double_entry": on}, ctx.meeting.id)
    return Outcome.done(on, "本轮采用双人录入：计票人甲、乙各自独立录入同一叠选票。" if on
                        else "本轮采用单人录入。")


def compare(store: Store, round_id: int) -> Comparison:
    texts: dict[str, str] = {}
    piles: dict[str, list[str]] = {p: [] for p in PILES}
    order = candidates_of(store, round_id)
    for row in ballot_box.pile_rows(store, round_id):
        key = _content_key(row)
        piles[row["pile"]].append(key)
        texts.setdefault(key, describe(row, order))
    found = compare_piles(piles["A"], piles["B"], order=lambda k: texts[k])
    diffs = tuple(Difference(d.content, texts[d.content], d.left, d.right) for d in found.differences)
    return Comparison(found.left_total, found.right_total, diffs, _pair(diffs, order))


SYMBOLS = {"agree": "○", "disagree": "×", "illegible": "？"}


def reading(key: str, order: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """A ballot content line by line in the ballot's order ("—": nothing marked), then write-ins."""
    if not key:
        return ()
    content = json.loads(key)
    if content["illegible"]:
        return (("整张", "无法辨认"),)
    marks = content["marks"]
    lines = [(n, SYMBOLS.get(marks.get(n, ""), "—")) for n in order]
    lines += [(f"另选{w['name']}", "○" if w["mark"] == "agree" else "未画○") for w in content["write_ins"]]
    return tuple(lines)


def _pair(diffs: tuple[Difference, ...], order: tuple[str, ...]) -> tuple[Disagreement, ...]:
    """One row per differing ballot: each ballot 甲 has more of is matched with the closest
    ballot 乙 has more of; what is left over was entered by one teller only."""
    more_a = [d.key for d in diffs for _ in range(max(0, d.a - d.b))]
    more_b = [d.key for d in diffs for _ in range(max(0, d.b - d.a))]
    out = []

    def differing(a: str, b: str) -> tuple[str, ...]:
        ra, rb = dict(reading(a, order)), dict(reading(b, order))
        return tuple(n for n in dict.fromkeys(list(ra) + list(rb)) if ra.get(n) != rb.get(n))
    for key_a in more_a:
        key_b = min(more_b, key=lambda k: len(differing(key_a, k)), default="")
        if key_b:
            more_b.remove(key_b)
        out.append(Disagreement(key_a, key_b, reading(key_a, order), reading(key_b, order), differing(key_a, key_b)))
    out += [Disagreement("", k, (), reading(k, order), differing("", k)) for k in more_b]
    return tuple(out)


def settle_ballot(store: Store, actor: str, round_id: int, key_a: str, key_b: str, right: str) -> Outcome:
    """The 监票人 looked at one paper ballot: pile ``right`` read it correctly, so the other
    pile's reading of that ballot is replaced by it (one ballot, audited)."""
    ctx = context(store, round_id)
    if right not in PILES or ctx is None or not ctx.state.in_piles:
        return Outcome.refused("无法裁定：本轮不在双人录入核对中。")
    row = next((r for r in compare(store, round_id).rows if (r.key_a, r.key_b) == (key_a, key_b)), None)
    if row is None:
        return Outcome.refused("这张选票已经裁定过或两人录入已一致，请看刷新后的列表。")
    wrong, keep_key, drop_key = ("B", key_a, key_b) if right == "A" else ("A", key_b, key_a)
    order = candidates_of(store, round_id)
    with store.write():
        if drop_key:
            victim = next(r for r in ballot_box.pile_rows(store, round_id, wrong) if _content_key(r) == drop_key)
            ballot_box.drop_reading(store, victim["id"])
        if keep_key:
            ballot_box.copy_reading(store, round_id, wrong, ballot_box.columns_of_key(keep_key))
        text = "、".join(f"{n}{s}" for n, s in reading(keep_key, order)) or "（没有这张选票）"
        audit.record(store, actor, "监票人裁定录入分歧",
                     {"round_id": round_id, "content": text, "correct": PILES[right]}, ctx.meeting.id)
    return Outcome.done(None, f"已按{PILES[right]}的录入为准：{text}。")


def settle(store: Store, actor: str, round_id: int, key: str, right: str) -> Outcome:
    """The 监票人 checked the paper: pile ``right`` read this content correctly, so the
    other pile is brought to the same number of such ballots (audited)."""
    ctx = context(store, round_id)
    if right not in PILES or ctx is None or not ctx.state.in_piles:
        return Outcome.refused("无法裁定：本轮不在双人录入核对中。")
    diff = next((d for d in compare(store, round_id).differences if d.key == key), None)
    if diff is None:
        return Outcome.refused("这一处已经一致，无需裁定。")
    other = "B" if right == "A" else "A"
    want = diff.a if right == "A" else diff.b
    have = diff.b if right == "A" else diff.a

    def matching(pile: str) -> list[dict[str, Any]]:
        return [r for r in ballot_box.pile_rows(store, round_id, pile) if _content_key(r) == key]

    with store.write():
        for row in matching(other)[: max(0, have - want)]:
            ballot_box.drop_reading(store, row["id"])
        for _ in range(max(0, want - have)):
            ballot_box.copy_reading(store, round_id, other, matching(right)[0])
        audit.record(store, actor, "监票人裁定录入分歧",
                     {"round_id": round_id, "correct": PILES[right], "甲": diff.a, "乙": diff.b}, ctx.meeting.id)
    return Outcome.done(None, f"已按{PILES[right]}的录入为准：{diff.text}（{want}张）。")


def adopt(store: Store, actor: str, round_id: int) -> Outcome:
    """Both piles agree: pile 甲 becomes the round's ballots (new random keys)."""
    ctx = context(store, round_id)
    if ctx is None or not ctx.state.in_piles:
        return Outcome.refused("本轮不在双人录入核对中。")
    result = compare(store, round_id)
    if not result.agree or result.a_total == 0:
        return Outcome.refused(result.message if not result.agree else "两份录入都还没有选票。")
    with store.write():
        ballot_box.adopt_pile(store, round_id, "A")
        stored.save_round_state(store, round_id, double_entry=DoubleEntry.SETTLED)
        audit.record(store, actor, "双人录入核对一致", {"round_id": round_id, "ballots": result.a_total},
                     ctx.meeting.id)
    return Outcome.done(result.a_total, result.message + "已作为本轮计票依据。")
