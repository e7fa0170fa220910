"""Ballots into the kit at the counting table: which round (by its QR), then the marks.

- The round's code (RULES.md §5) is the same on every ballot of a round; this
  module says which code each round carries (``payload_for_round``) and reads a
  scanned one back (``identify``), refusing another meeting's, another round's,
  a forged one, or a closed/void round with a Chinese sentence saying which.
- ``submit`` commits one ballot atomically with the client's idempotency token:
  the same token twice records the ballot once.  The token table is keyed by the
  random token only (``WITHOUT ROWID``): nothing about who, when or in which order.
- Voiding a mistaken entry (with a 监票人's confirmation) is ``service.voids``.
"""
from __future__ import annotations

import json
import re
import secrets
import threading
from dataclasses import dataclass
from typing import Any

from ..core.names import canonical_name, name_index
from ..core.payload import BallotCode, BallotKind, make_payload, parse_payload
from ..core.validity import read_ballot
from ..core.vocabulary import Ballot, Mark, RoundOptions, WriteIn, WriteInMark
from ..store import Store
from . import Outcome, audit, text
from .meetings import get_election, get_meeting, get_round

KEY_NAME = "ballot_code_key"
LAYOUT = 1
_ELECTION_CODE = re.compile(r"M(\d{1,7})E(\d{1,7})")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
MAX_NAME = 20
MAX_WRITE_INS = 50
# Tellers' submissions queue here, in the app process, instead of in SQLite's busy handler
# (whose growing sleeps let one teller starve for a second while others keep the lock).
_ENTRY_GATE = threading.Lock()
STATUS_WORDS = {"open": "正在录入", "closed": "已结束计票", "void": "选举无效（须重新投票）"}


# -- round state --------------------------------------------------------------
def state(store: Store, round_id: int) -> dict[str, Any]:
    """The counting state of a round (defaults when nothing has been recorded yet)."""
    row = store.get("round_state", round_id=round_id)
    row = row or {"round_id": round_id, "status": "open", "double_entry": 0,
                  "seat_reduction_yes": None, "record": None, "verdict": None, "closed_by": ""}
    row["verdict_data"] = json.loads(row["verdict"]) if row["verdict"] else None
    row["status_label"] = STATUS_WORDS[row["status"]]
    return row


def save_state(store: Store, round_id: int, **values: Any) -> None:
    with store.write():
        if store.get("round_state", round_id=round_id) is None:
            store.insert("round_state", {"round_id": round_id})
        store.update("round_state", values, round_id=round_id)


def round_title(store: Store, rnd: dict[str, Any]) -> str:
    election = get_election(store, rnd["election_id"])
    label = "重新投票" if rnd["kind"] == "first" and rnd["number"] > 1 else rnd["label"]
    return f"{election['title']}·{label}（第{rnd['number']}轮）"


# -- the round's code ------------------------------------------------------------
def code_key(store: Store) -> str:
    """The kit's secret for check values (created once, kept in the meeting file)."""
    with store.write():
        row = store.get("kit_keys", name=KEY_NAME)
        if row is None:
            row = {"name": KEY_NAME, "value": secrets.token_hex(32)}
            store.insert("kit_keys", row)
    return row["value"]


def code_for_round(store: Store, round_id: int) -> BallotCode:
    rnd = get_round(store, round_id)
    election = get_election(store, rnd["election_id"])
    kind = BallotKind.SECRETARY if election["post"] in ("secretary", "deputy") else BallotKind.COMMITTEE
    return BallotCode(f"M{election['meeting_id']}E{election['id']}", rnd["number"], kind, LAYOUT)


def payload_for_round(store: Store, round_id: int) -> str:
    """The QR text printed on every ballot of this round."""
    return make_payload(code_for_round(store, round_id), code_key(store))


def _round_of_code(store: Store, code: BallotCode, meeting_id: int) -> Outcome:
    match = _ELECTION_CODE.fullmatch(code.election)
    election = get_election(store, int(match[2])) if match else None
    if election is None or election["meeting_id"] != int(match[1]) or int(match[1]) != meeting_id:
        return Outcome.refused(f"这张选票（选举编号{code.election}）不属于本次会议的选举，"
                               "请放到一边交监票人。")
    rnd = store.get("rounds", election_id=election["id"], number=code.round_no)
    if rnd is None:
        return Outcome.refused(f"{election['title']}没有第{code.round_no}轮投票，这张选票无法录入。")
    return Outcome.done(get_round(store, rnd["id"]))


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
    if current is not None and rnd["id"] != current_round_id:
        return Outcome.refused(f"这是“{title}”的选票，不是正在录入的“{round_title(store, current)}”"
                               "的选票，不能录入本轮，请放到一边交监票人。")
    status = state(store, rnd["id"])["status"]
    if status == "closed":
        return Outcome.refused(f"“{title}”已结束计票，这轮的选票不能再录入。")
    if status == "void":
        return Outcome.refused(f"“{title}”已宣布选举无效，须重新投票，这轮的选票不能再录入。")
    if rnd["issued"] is None:
        return Outcome.refused(f"“{title}”尚未发出选票，不能录入。")
    return Outcome.done(rnd["id"], f"已识别：{title}，应选{rnd['seats']}名。")


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
    listed = name_index(candidates)
    marks = {}
    for name, value in marks_raw.items():
        if canonical_name(name) not in listed:
            return f"“{str(name)[:MAX_NAME]}”不是本轮候选人。"
        if not isinstance(value, str) or value not in {m.value for m in Mark}:
            return f"“{name}”的符号无法识别（只能是赞成○、不赞成×、弃权或无法辨认）。"
        if value != Mark.ABSTAIN.value:
            marks[listed[canonical_name(name)]] = Mark(value)
    if len(writes_raw) > MAX_WRITE_INS:
        return f"另选人多于{MAX_WRITE_INS}名，请核对选票。"
    write_ins = []
    for item in writes_raw:
        write_in = _write_in(item)
        if isinstance(write_in, str):
            return write_in
        write_ins.append(write_in)
    return Ballot.of(marks, write_ins)


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


def ballot_columns(ballot: Ballot) -> dict[str, Any]:
    """How a ballot is stored: sorted marks (no abstentions), write-ins, illegible flag."""
    marks = {name: mark.value for name, mark in ballot.marks}
    writes = [{"name": w.name, "mark": w.mark.value} for w in ballot.write_ins]
    return {"marks": json.dumps(marks, ensure_ascii=False, sort_keys=True),
            "write_ins": json.dumps(writes, ensure_ascii=False), "illegible": int(ballot.illegible)}


def _entry_problem(store: Store, rnd: dict[str, Any], pile: str | None) -> tuple[str | None, int]:
    """Why this round takes no more entries now (or None), and how many it already has."""
    st = state(store, rnd["id"])
    if st["status"] != "open":
        return f"“{round_title(store, rnd)}”{st['status_label']}，不能再录入。", 0
    if rnd["issued"] is None:
        return "本轮尚未发出选票，不能录入。", 0
    if bool(pile) != (st["double_entry"] == 1):
        return ("本轮采用双人录入，请选择“甲”或“乙”录入。" if st["double_entry"] == 1
                else "本轮未采用双人录入（或已核对完毕），请用普通录入。"), 0
    entered = entered_count(store, rnd["id"], pile)
    limit = rnd["returned"] if rnd["returned"] is not None else rnd["issued"]
    if entered >= limit:
        what = "收回" if rnd["returned"] is not None else "发出"
        return f"已录入{entered}张，已等于{what}的选票数{limit}张，不能再录入；如有出入请交监票人核对。", entered
    return None, entered


def entered_count(store: Store, round_id: int, pile: str | None = None) -> int:
    if pile:
        return store.count("pile_ballots", round_id=round_id, pile=pile)
    return store.count("ballots", round_id=round_id)


def submit(store: Store, actor: str, round_id: int, data: Any, token: str,
           pile: str | None = None, enterer: Enterer | None = None) -> Outcome:
    """Record one returned ballot (or, in double entry, one teller's reading of it: the
    two piles must come from two different people on two different devices)."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return Outcome.refused("提交标识无效，请刷新页面后重新录入这张选票。")
    rnd = get_round(store, round_id)
    if rnd is None:
        return Outcome.refused("投票轮次不存在。")
    candidates = tuple(rnd["candidate_names"]) or _slate(store, rnd)
    ballot = clean_ballot(data, candidates)
    if isinstance(ballot, str):
        return Outcome.refused(ballot)
    if rnd["kind"] == "runoff" and ballot.write_ins:
        return Outcome.refused("再次投票不另选他人：选票上另写的姓名不计票，请只录入所列候选人上方的符号"
                               "（另写的姓名交监票人记录）。")
    meeting_id = _meeting_of(store, rnd)
    with _ENTRY_GATE, store.write():
        seen = store.get("entry_tokens", token=token)
        if seen is not None:
            return Outcome.done({"ballot_id": seen["ballot_id"], "duplicate": True,
                                 "entered": entered_count(store, round_id, pile)},
                                "这张选票刚才已经记录，重复提交没有重复计入。")
        rnd = get_round(store, round_id)          # issued/returned as of this transaction
        problem, entered = _entry_problem(store, rnd, pile)
        if problem or pile:
            problem = problem or _pile_owner_problem(store, round_id, pile, enterer)
        if problem:
            return Outcome.refused(problem)
        key = _insert(store, round_id, ballot, pile)
        store.insert("entry_tokens", {"token": token, "round_id": round_id, "ballot_id": key})
        count_entry(store, actor, round_id, pile)
    entered += 1
    read = read_ballot(ballot, candidates, rnd["seats"], RoundOptions())
    note = "（整张无法辨认，按无效票计）" if ballot.illegible else (
        "" if read.valid else f"（画○{read.selected}人，多于应选{rnd['seats']}名，按无效票计）")
    return Outcome.done({"ballot_id": key, "duplicate": False, "entered": entered,
                         "valid": read.valid, "selected": read.selected},
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
    other = store.get("pile_owners", round_id=round_id, pile="B" if pile == "A" else "A")
    if other is not None and (other["person"] == person or other["device"] == enterer.device):
        who = "您" if other["person"] == person else "这台设备"
        return (f"{who}已录入{names['B' if pile == 'A' else 'A']}份；双人录入的甲、乙两份须由两名不同的"
                f"计票人在各自的设备上分别录入，请另一位计票人录入{names[pile]}份。")
    mine = store.get("pile_owners", round_id=round_id, pile=pile)
    if mine is None:
        store.insert("pile_owners", {"round_id": round_id, "pile": pile, "person": person,
                                     "device": enterer.device})
    elif mine["person"] != person or mine["device"] != enterer.device:
        return f"{names[pile]}份由{mine['person']}在另一台设备上录入，请由本人继续录入。"
    return None


def count_entry(store: Store, actor: str, round_id: int, pile: str | None) -> None:
    """One more entry by this teller (secret ballot: no audit event per ballot, so neither
    the time of an entry nor who made it is kept; only how many each teller entered)."""
    teller = actor.split("（")[0].strip() or actor
    row = store.get("entry_counts", round_id=round_id, pile=pile or "", teller=teller)
    if row is None:
        store.insert("entry_counts", {"round_id": round_id, "pile": pile or "", "teller": teller, "entered": 1})
    else:
        store.update("entry_counts", {"entered": row["entered"] + 1},
                     round_id=round_id, pile=pile or "", teller=teller)


def entry_counts(store: Store, round_id: int) -> dict[str, int]:
    """Entries per teller (and pile), for the audit at the close: coarse, no order."""
    rows = store.rows("entry_counts", round_id=round_id)
    return {(f"{r['teller']}（{r['pile']}）" if r["pile"] else r["teller"]): r["entered"]
            for r in sorted(rows, key=lambda r: (r["pile"], r["teller"]))}


def _slate(store: Store, rnd: dict[str, Any]) -> tuple[str, ...]:
    from .slate import candidate_names
    return candidate_names(store, rnd["election_id"])


def candidates_of(store: Store, round_id: int) -> tuple[str, ...]:
    rnd = get_round(store, round_id)
    return tuple(rnd["candidate_names"]) or _slate(store, rnd)


def _meeting_of(store: Store, rnd: dict[str, Any]) -> int:
    return get_election(store, rnd["election_id"])["meeting_id"]


def _insert(store: Store, round_id: int, ballot: Ballot, pile: str | None) -> str:
    cols = ballot_columns(ballot)
    if not pile:
        return store.insert_ballot(round_id, cols["marks"], cols["write_ins"], bool(cols["illegible"]))
    key = secrets.token_hex(16)
    store.insert("pile_ballots", {"id": key, "round_id": round_id, "pile": pile, **cols})
    return key


def describe(row: dict[str, Any], order: tuple[str, ...] = ()) -> str:
    """One stored ballot in words, for the 监票人 (no key, no order of entry); the names in
    the ballot's own order (姓氏笔画) when ``order`` is given."""
    if row["illegible"]:
        return "整张无法辨认（无效票）"
    symbols = {"agree": "○", "disagree": "×", "illegible": "？"}
    marks = json.loads(row["marks"])
    place = {n: i for i, n in enumerate(order)}
    names = sorted(marks, key=lambda n: place.get(n, len(place)))
    parts = [f"{n}{symbols[marks[n]]}" for n in names] or ["全部弃权"]
    writes = json.loads(row["write_ins"])
    if writes:
        parts.append("另选：" + "、".join(w["name"] + ("○" if w["mark"] == "agree" else "（未画○）")
                                          for w in writes))
    return " ".join(parts)


def meeting_of_round(store: Store, round_id: int) -> dict[str, Any] | None:
    rnd = get_round(store, round_id)
    return get_meeting(store, _meeting_of(store, rnd)) if rnd else None
