"""Ballots into the kit at the counting table: which round (by its QR), then the marks.

- The round's code (RULES.md §5) is the same on every ballot of a round; this
  module says which code each round carries (``payload_for_round``) and reads a
  scanned one back (``identify``), refusing another meeting's, another round's,
  a forged one, or a closed/void round with a Chinese sentence saying which.
- ``submit`` commits one ballot atomically with the client's idempotency token:
  the same token twice records the ballot once (``service.paper_entry``, the
  lifecycle a 测评表 shares).  The token table is keyed by the random token only
  (``WITHOUT ROWID``): nothing about who, when or in which order.
- Voiding a mistaken entry (with a 监票人's confirmation) is ``service.voids``.
"""
from __future__ import annotations

import functools
import re
import secrets
from dataclasses import dataclass
from typing import Any

from ..core.names import canonical_name, name_index
from ..core.payload import BallotCode, BallotKind, make_payload, parse_payload
from ..core.validity import read_ballot
from ..core.vocabulary import Ballot, Mark, RoundOptions, WriteIn, WriteInMark
from ..store import Store, ballot_box
from ..store import rounds as stored
from ..store import records
from ..store.records import Round, RoundState, RoundStatus
from ..store.rounds import RoundContext
from . import Outcome, paper_entry, text
from .meetings import get_election, get_round

KEY_NAME = "ballot_code_key"
LAYOUT = 1
_ELECTION_CODE = re.compile(r"M(\d{1,7})E(\d{1,7})")
MAX_NAME = 20
MAX_WRITE_INS = 50


# -- round state --------------------------------------------------------------
def state(store: Store, round_id: int) -> RoundState:
    """The counting state of a round (defaults when nothing has been recorded yet)."""
    return stored.round_state(store, round_id)


def context(store: Store, round_id: int) -> RoundContext | None:
    """The round with its election, meeting and state, in one read (None: no such round)."""
    return stored.round_context(store, round_id)


def round_title(store: Store, rnd: Round) -> str:
    return records.round_title(get_election(store, rnd.election_id), rnd)


# -- the round's code ------------------------------------------------------------
def code_key(store: Store) -> str:
    """The kit's secret for check values (created once, kept in the meeting file)."""
    return stored.kit_key(store, KEY_NAME, lambda: secrets.token_hex(32))


def code_for_round(store: Store, round_id: int) -> BallotCode:
    rnd = get_round(store, round_id)
    election = get_election(store, rnd.election_id)
    kind = BallotKind.SECRETARY if election.post in ("secretary", "deputy") else BallotKind.COMMITTEE
    return BallotCode(f"M{election.meeting_id}E{election.id}", rnd.number, kind, LAYOUT)


def payload_for_round(store: Store, round_id: int) -> str:
    """The QR text printed on every ballot of this round."""
    return make_payload(code_for_round(store, round_id), code_key(store))


def _round_of_code(store: Store, code: BallotCode, meeting_id: int) -> Outcome:
    match = _ELECTION_CODE.fullmatch(code.election)
    election = get_election(store, int(match[2])) if match else None
    if election is None or election.meeting_id != int(match[1]) or int(match[1]) != meeting_id:
        return Outcome.refused(f"这张选票（选举编号{code.election}）不属于本次会议的选举，"
                               "请放到一边交监票人。")
    rnd = stored.round_numbered(store, election.id, code.round_no)
    if rnd is None:
        return Outcome.refused(f"{election.title}没有第{code.round_no}轮投票，这张选票无法录入。")
    return Outcome.done(rnd)


def identify(store: Store, text: str, meeting_id: int, current_round_id: int | None = None) -> Outcome:
    """Which round a scanned code names; refused (with the reason) unless it can be entered now."""
    reading = parse_payload(text, code_key(store))
    if not reading.ok:
        return Outcome.refused(reading.message + "。")
    found = _round_of_code(store, reading.code, meeting_id)
    if not found.ok:
        return found
    rnd = found.value
    title = round_title(store, rnd)
    current = get_round(store, current_round_id) if current_round_id is not None else None
    if current is not None and rnd.id != current_round_id:
        return Outcome.refused(f"这是“{title}”的选票，不是正在录入的“{round_title(store, current)}”"
                               "的选票，不能录入本轮，请放到一边交监票人。")
    status = state(store, rnd.id).status
    if status is RoundStatus.CLOSED:
        return Outcome.refused(f"“{title}”已结束计票，这轮的选票不能再录入。")
    if status is RoundStatus.VOID:
        return Outcome.refused(f"“{title}”已宣布选举无效，须重新投票，这轮的选票不能再录入。")
    if rnd.issued is None:
        return Outcome.refused(f"“{title}”尚未发出选票，不能录入。")
    return Outcome.done(rnd.id, f"已识别：{title}，应选{rnd.seats}名。")


# -- one ballot -------------------------------------------------------------------
def clean_ballot(data: Any, candidates: tuple[str, ...]) -> Ballot | str:
    """The submitted marks as a core ``Ballot``, or a Chinese reason it is malformed.

    Names are read by the one identity (``core.names``): a candidate's mark under any
    spelling is that candidate's, a write-in is stored in its canonical form.  An unknown
    mark, a name that is not text, or a list where a name should be is refused."""
    if not isinstance(data, dict):
        return "选票内容格式不对。"
    if data.get("illegible") is True:
        return Ballot(illegible=True)
    marks_raw, writes_raw = data.get("marks") or {}, data.get("write_ins") or []
    if not isinstance(marks_raw, dict) or not isinstance(writes_raw, list):
        return "选票内容格式不对。"
    spelled = _spellings(tuple(candidates))
    marks = {}
    for name, value in marks_raw.items():
        listed = spelled.get(name) or spelled.get(canonical_name(name))
        if listed is None:
            return f"“{str(name)[:MAX_NAME]}”不是本轮候选人。"
        if not isinstance(value, str) or value not in _MARKS:
            return f"“{name}”的符号无法识别（只能是赞成○、不赞成×、弃权或无法辨认）。"
        if value != Mark.ABSTAIN.value:
            marks[listed] = Mark(value)
    if len(writes_raw) > MAX_WRITE_INS:
        return f"另选人多于{MAX_WRITE_INS}名，请核对选票。"
    write_ins = []
    for item in writes_raw:
        write_in = _write_in(item)
        if isinstance(write_in, str):
            return write_in
        write_ins.append(write_in)
    return Ballot.of(marks, write_ins)


_MARKS = frozenset(m.value for m in Mark)


@functools.lru_cache(maxsize=64)
def _spellings(candidates: tuple[str, ...]) -> dict[str, str]:
    """Each candidate's name as listed and in its canonical form → the name as listed (the one
    identity, ``core.names``; kept per round's candidates, as the counting table sends the same)."""
    listed = name_index(candidates)
    return {**listed, **{name: listed[canonical_name(name)] for name in candidates}}


def _write_in(item: Any) -> WriteIn | str:
    if not isinstance(item, dict):
        return "另选人姓名格式不对（应为一个姓名）。"
    cleaned, problem = text.clean(item.get("name"), "另选人姓名", MAX_NAME)   # a JSON object is refused
    if problem:
        return problem
    mark = item.get("mark", WriteInMark.AGREE.value)
    if mark not in {m.value for m in WriteInMark}:
        return "另选人上方的符号无法识别（只能是画○或未画○）。"
    name = canonical_name(cleaned)          # 李\u200b秀英, 李 秀英 and 李秀英 are one person
    if not name or len(name) > MAX_NAME:
        return "另选人姓名为空或过长。"
    return WriteIn(name, WriteInMark(mark))


ballot_columns = ballot_box.ballot_columns


def _entry_problem(title: str, rnd: Round, st: RoundState, entered: int, pile: str | None) -> str | None:
    """Why this round takes no more entries now (or None), given how many it already has."""
    if not st.is_open:
        return f"“{title}”{st.status_label}，不能再录入。"
    if rnd.issued is None:
        return "本轮尚未发出选票，不能录入。"
    if bool(pile) != st.in_piles:
        return ("本轮采用双人录入，请选择“甲”或“乙”录入。" if st.in_piles
                else "本轮未采用双人录入（或已核对完毕），请用普通录入。")
    return paper_entry.limit_problem(entered, rnd.issued, rnd.returned, "选票数")


def entered_count(store: Store, round_id: int, pile: str | None = None) -> int:
    return ballot_box.entered(store, round_id, pile)


def submit(store: Store, actor: str, round_id: int, data: Any, token: str,
           pile: str | None = None, enterer: Enterer | None = None, ctx: RoundContext | None = None) -> Outcome:
    """Record one returned ballot (or, in double entry, one teller's reading of it: the
    two piles must come from two different people on two different devices).

    ``ctx`` is the round as the shell already loaded it for this request."""
    problem = paper_entry.token_problem(token, "选票")
    if problem:
        return Outcome.refused(problem)
    ctx = ctx or context(store, round_id)
    if ctx is None:
        return Outcome.refused("投票轮次不存在。")
    candidates = ctx.listed
    ballot = clean_ballot(data, candidates)
    if isinstance(ballot, str):
        return Outcome.refused(ballot)
    if ctx.round.kind == "runoff" and ballot.write_ins:
        return Outcome.refused("再次投票不另选他人：选票上另写的姓名不计票，请只录入所列候选人上方的符号"
                               "（另写的姓名交监票人记录）。")
    current: list[Round] = []
    counted: list[int] = []

    def problem_now(s: Store) -> tuple[str | None, int]:
        rnd, st, entered = stored.entry_view(s, round_id, pile)   # as of this transaction
        current.append(rnd)
        counted.append(entered)
        problem = _entry_problem(ctx.title, rnd, st, entered, pile)
        if problem is None and pile:
            problem = _pile_owner_problem(s, round_id, pile, enterer)
        return problem, entered

    def insert(s: Store) -> str:
        rnd, entered = current[-1], counted[-1]
        room = (rnd.returned if rnd.returned is not None else rnd.issued or 0) - entered
        if pile:
            return ballot_box.enter_reading(s, round_id, pile, ballot, token, room, candidates)
        return ballot_box.enter_ballot(s, round_id, ballot, token, room, candidates)

    outcome = paper_entry.enter(store, token, paper_entry.Paper(
        noun="选票", key_name="ballot_id", seen=ballot_box.token_target, problem=problem_now, insert=insert,
        entered=lambda s: entered_count(s, round_id, pile),
        record=lambda s: count_entry(s, actor, round_id, pile)))
    if not outcome.ok or outcome.value["duplicate"]:
        return outcome
    seats = current[-1].seats
    read = read_ballot(ballot, candidates, seats, RoundOptions())
    note = "（整张无法辨认，按无效票计）" if ballot.illegible else (
        "" if read.valid else f"（画○{read.selected}人，多于应选{seats}名，按无效票计）")
    entered = outcome.value["entered"]
    return Outcome.done({**outcome.value, "valid": read.valid, "selected": read.selected},
                        f"第{entered}张已记录{note}。")


@dataclass(frozen=True)
class Enterer:
    """Who types a pile of a double entry: the name given at sign-in and the device."""
    person: str
    device: str


def _pile_owner_problem(store: Store, round_id: int, pile: str, enterer: Enterer | None) -> str | None:
    """Pile 甲 and pile 乙 belong to the first person who enters into each; the same person
    (or the same device) cannot enter both, or double entry would check nothing."""
    names = {"A": "甲", "B": "乙"}
    if enterer is None or not canonical_name(enterer.person) or not enterer.device:
        return "双人录入须由计票人在各自的设备上登录（登录时填写本人姓名）后录入。"
    person = canonical_name(enterer.person)
    owners = ballot_box.pile_owners(store, round_id)
    other = owners.get("B" if pile == "A" else "A")
    if other is not None and (other["person"] == person or other["device"] == enterer.device):
        who = "您" if other["person"] == person else "这台设备"
        return (f"{who}已录入{names['B' if pile == 'A' else 'A']}份；双人录入的甲、乙两份须由两名不同的"
                f"计票人在各自的设备上分别录入，请另一位计票人录入{names[pile]}份。")
    mine = owners.get(pile)
    if mine is None:
        ballot_box.claim_pile(store, round_id, pile, person, enterer.device)
    elif mine["person"] != person or mine["device"] != enterer.device:
        return f"{names[pile]}份由{mine['person']}在另一台设备上录入，请由本人继续录入。"
    return None


def count_entry(store: Store, actor: str, round_id: int, pile: str | None) -> None:
    """One more entry by this teller (secret ballot: no audit event per ballot, so neither
    the time of an entry nor who made it is kept; only how many each teller entered)."""
    teller = actor.split("（")[0].strip() or actor
    ballot_box.count_entry(store, round_id, pile or "", teller)


def entry_counts(store: Store, round_id: int) -> dict[str, int]:
    """Entries per teller (and pile), for the audit at the close: coarse, no order."""
    rows = ballot_box.entry_counts(store, round_id)
    return {(f"{r['teller']}（{r['pile']}）" if r["pile"] else r["teller"]): r["entered"]
            for r in sorted(rows, key=lambda r: (r["pile"], r["teller"]))}


def _slate(store: Store, rnd: Round) -> tuple[str, ...]:
    from .slate import candidate_names
    return candidate_names(store, rnd.election_id)


def candidates_of(store: Store, round_id: int) -> tuple[str, ...]:
    rnd = get_round(store, round_id)
    return rnd.candidate_names or _slate(store, rnd)


def describe(row: dict[str, Any], order: tuple[str, ...] = ()) -> str:
    """One stored ballot in words, for the 监票人 (no key, no order of entry); the names in
    the ballot's own order (姓氏笔画) when ``order`` is given."""
    ballot = ballot_box.ballot_from_columns(row)
    if ballot.illegible:
        return "整张无法辨认（无效票）"
    symbols = {"agree": "○", "disagree": "×", "illegible": "？"}
    place = {n: i for i, n in enumerate(order)}
    marks = sorted(ballot.marks, key=lambda m: place.get(m[0], len(place)))
    parts = [f"{n}{symbols[m.value]}" for n, m in marks] or ["全部弃权"]
    if ballot.write_ins:
        parts.append("另选：" + "、".join(w.name + ("○" if w.mark is WriteInMark.AGREE else "（未画○）")
                                          for w in ballot.write_ins))
    return " ".join(parts)
