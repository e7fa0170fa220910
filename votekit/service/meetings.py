"""A meeting, its elections and their rounds; the meeting PIN for LAN mode."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from typing import Any, Sequence

from ..core.vocabulary import RoundKind, RoundOptions
from ..store import Store
from ..store import rounds as stored
from ..store.records import Election, Meeting, Post, Round, RoundState, RoundType
from . import Outcome, audit, sessions

MEETING_FIELDS = ("branch", "date", "starts_at", "place", "presiding", "recorder",
                  "allow_exact_four_fifths", "count_unmarked_write_in", "higher_committee",
                  "term_elected_on", "term_expires_on", "term_request_sent_on", "term_request_approved_on")

MAX_SEATS = 999


TEXT_LIMITS = {"branch": ("支部名称", 40), "place": ("会议地点", 60), "presiding": ("主持人", 20),
               "recorder": ("记录人", 20), "higher_committee": ("上级党组织", 60)}


def _check_text(values: dict[str, Any]) -> list[str]:
    from .roster_files import hidden_characters
    problems = []
    for key, (label, limit) in TEXT_LIMITS.items():
        text = str(values.get(key) or "")
        if len(text) > limit:
            problems.append(f"{label}过长（不超过{limit}个字）。")
        elif hidden_characters(text):
            problems.append(f"{label}中含有控制字符或不可见的排版字符，请重新输入。")
    return problems


def _check_meeting(values: dict[str, Any]) -> list[str]:
    problems = _check_text(values)
    if "branch" in values and not str(values["branch"]).strip():
        problems.append("请填写支部名称（如“中共××支部委员会”）。")
    if "date" in values:
        try:
            dt.date.fromisoformat(str(values["date"]))
        except ValueError:
            problems.append(f"会议日期“{str(values['date'])[:20]}”格式不对，应为如 2026-11-22。")
    for key, label in (("term_elected_on", "本届选举日期"), ("term_expires_on", "届满日期"),
                       ("term_request_sent_on", "换届请示报送日期"), ("term_request_approved_on", "上级批复日期")):
        if values.get(key):
            try:
                dt.date.fromisoformat(str(values[key]))
            except ValueError:
                problems.append(f"{label}“{str(values[key])[:20]}”格式不对，应为如 2023-11-20。")
    if values.get("starts_at"):
        try:
            if not re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", str(values["starts_at"])):
                raise ValueError
            dt.time.fromisoformat(str(values["starts_at"]))
        except ValueError:
            problems.append(f"开始时间“{str(values['starts_at'])[:20]}”格式不对，应为如 09:00。")
    return problems


def create_meeting(store: Store, actor: str, branch: str, date: str, starts_at: str = "",
                   place: str = "", presiding: str = "", recorder: str = "",
                   allow_exact_four_fifths: bool = False) -> Outcome:
    values = {"branch": branch.strip(), "date": date, "starts_at": starts_at, "place": place.strip(),
              "presiding": presiding.strip(), "recorder": recorder.strip(),
              "allow_exact_four_fifths": int(allow_exact_four_fifths)}
    problems = _check_meeting(values)
    if problems:
        return Outcome.refused(*problems)
    with store.write():
        meeting_id = stored.add_meeting(store, values)
        audit.record(store, actor, "创建会议", values, meeting_id)
    return Outcome.done(meeting_id, f"已创建会议：{values['branch']}党员大会（{date}）。")


def update_meeting(store: Store, actor: str, meeting_id: int, **values: Any) -> Outcome:
    values = {k: v for k, v in values.items() if k in MEETING_FIELDS}
    problems = _check_meeting(values)
    if problems:
        return Outcome.refused(*problems)
    with store.write():
        stored.update_meeting(store, meeting_id, values)
        audit.record(store, actor, "修改会议信息", values, meeting_id)
    return Outcome.done(meeting_id, "会议信息已保存。")


def get_meeting(store: Store, meeting_id: int) -> Meeting | None:
    return stored.get_meeting(store, meeting_id)


def list_meetings(store: Store) -> list[Meeting]:
    return stored.list_meetings(store)


def round_options(meeting: Meeting) -> RoundOptions:
    return meeting.options


# -- meeting PINs (LAN mode) ------------------------------------------------
# The meeting PIN (会议口令) opens the teller's and the projector's screens; the
# scrutineers' PIN (监票人口令) alone opens the 监票人 actions (voids, decisions on
# doubtful marks, closing the count), so a 计票人 who knows the meeting PIN cannot
# act as a 监票人.  Both are kept only as salted PBKDF2 digests.
PIN_COLUMNS = {"meeting": "pin_hash", "scrutineer": "scrutineer_pin_hash"}
PIN_NAMES = {"meeting": "会议口令", "scrutineer": "监票人口令"}


def _pin_digest(pin: str, salt: bytes) -> str:
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, 100_000).hex()


def pin_problem(pin: str, kind: str = "meeting") -> str | None:
    """Why ``pin`` cannot be a PIN of this kind (4 to 8 digits), or None."""
    return None if pin.isdigit() and 4 <= len(pin) <= 8 else f"{PIN_NAMES[kind]}应为4至8位数字。"


def set_pin(store: Store, actor: str, meeting_id: int, pin: str, kind: str = "meeting") -> Outcome:
    pin, name = pin.strip(), PIN_NAMES[kind]
    if problem := pin_problem(pin, kind):
        return Outcome.refused(problem)
    other = "scrutineer" if kind == "meeting" else "meeting"
    if check_pin(store, meeting_id, pin, other):
        return Outcome.refused(f"{name}不能与{PIN_NAMES[other]}相同。")
    salt = secrets.token_bytes(16)
    with store.write():
        stored.update_meeting(store, meeting_id, {PIN_COLUMNS[kind]: f"{salt.hex()}${_pin_digest(pin, salt)}"})
        ended = sessions.end_all(store, meeting_id)       # every device signs in again with the new PIN
        audit.record(store, actor, f"设置{name}", {"devices_signed_out": ended}, meeting_id)
    return Outcome.done(meeting_id, f"{name}已设置。" + (f"已登录的{ended}台设备须重新登录。" if ended else ""))


def check_pin(store: Store, meeting_id: int, pin: str, kind: str = "meeting") -> bool:
    meeting = get_meeting(store, meeting_id)
    kept = getattr(meeting, PIN_COLUMNS[kind]) if meeting else None
    if not kept:
        return False
    salt_hex, digest = kept.split("$")
    return hmac.compare_digest(digest, _pin_digest(pin.strip(), bytes.fromhex(salt_hex)))


# -- elections and rounds ---------------------------------------------------
def _hidden(text: str) -> bool:
    from .roster_files import hidden_characters
    return hidden_characters(text)


def election_title(branch: str, post: str) -> str:
    """中共××支部委员会委员选举 — the name the ballots and paperwork use."""
    return f"{branch}{Post(post).label}选举"


def add_election(store: Store, actor: str, meeting_id: int, post: str, seats: int,
                 title: str = "", kind: RoundKind | None = None) -> Outcome:
    meeting = get_meeting(store, meeting_id)
    if meeting is None or post not in {p.value for p in Post}:
        return Outcome.refused("会议或选举类别不存在。")
    if seats < 1 or seats > MAX_SEATS:
        return Outcome.refused(f"应选人数应为1至{MAX_SEATS}名。")
    if len(title.strip()) > 60 or _hidden(title):
        return Outcome.refused("选举名称过长（不超过60个字）或含有控制字符。")
    post = Post(post)
    kind = kind or post.default_kind
    electorate = post.electorate
    notes = _size_notes(post, seats)
    if electorate == "committee" and not any(e.post is Post.COMMITTEE for e in elections(store, meeting_id)) \
            and _full_members(store, meeting_id) < 7:
        electorate = "meeting"   # 不设委员会的支部：书记（副书记）由党员大会选举 (RULES.md §3, §7)
        notes.append(f"本支部正式党员不足7人，不设委员会，{post.label}由党员大会选举（等额），"
                     "到会人数和当选票数按党员大会计算。")
    parent = None
    if electorate == "committee":
        parent = next((e.id for e in elections(store, meeting_id) if e.post is Post.COMMITTEE), None)
    row = {"meeting_id": meeting_id, "post": post.value, "kind": kind.value, "seats": seats,
           "title": title.strip() or election_title(meeting.branch, post),
           "electorate": electorate, "parent_id": parent}
    with store.write():
        election_id, position = stored.add_election(store, row)
        audit.record(store, actor, "新增选举", {**row, "position": position, "election_id": election_id},
                     meeting_id)
    return Outcome(True, (f"已新增：{row['title']}（{kind.label}，应选{seats}名）。", *notes), election_id)


def _size_notes(post: str, seats: int) -> list[str]:
    """委员会 size: 3–5, at most 7, odd (RULES.md §3) — a warning, never a refusal."""
    if post != "committee":
        return []
    notes = []
    if not 3 <= seats <= 7:
        notes.append(f"提示：支部委员会一般设委员3至5名，最多不超过7名，现应选{seats}名，请核对。")
    if seats % 2 == 0:
        notes.append(f"提示：支部委员会委员人数一般为单数，现应选{seats}名，请核对。")
    return notes


def _full_members(store: Store, meeting_id: int) -> int:
    from .roster import core_members
    return sum(1 for m in core_members(store, meeting_id) if m.has_vote)


def get_election(store: Store, election_id: int) -> Election | None:
    return stored.get_election(store, election_id)


def elections(store: Store, meeting_id: int) -> list[Election]:
    return stored.elections_of(store, meeting_id)


def rounds(store: Store, election_id: int) -> list[Round]:
    return stored.rounds_of(store, election_id)


def states(store: Store, election_id: int) -> dict[int, RoundState]:
    """The counting state of each round of an election (one read), by round id."""
    return stored.states_of(store, election_id)


def get_round(store: Store, round_id: int) -> Round | None:
    return stored.get_round(store, round_id)


def current_round(store: Store, election_id: int) -> Round | None:
    found = rounds(store, election_id)
    return found[-1] if found else None


def open_round(store: Store, actor: str, election_id: int, kind: str, seats: int,
               candidates: Sequence[str], after: int | None = None) -> Outcome:
    """A further round: ``runoff`` among the tied, or ``further`` (另行选举) for a shortfall.

    Which names and how many seats is the counting core's verdict; this only records it.
    ``after``: the round it follows — refused if another round was opened meanwhile (two
    监票人 pressing the button at once open one round, not two).
    """
    election = get_election(store, election_id)
    if election is None or kind not in (RoundType.RUNOFF, RoundType.FURTHER):
        return Outcome.refused("选举不存在，或轮次类别不对。")
    if seats < 1 or not candidates:
        return Outcome.refused("新一轮投票需要至少1个名额和1名候选人。")
    with store.write():
        if after is not None and stored.last_round_number(store, election_id) != after:
            return Outcome.refused("本轮之后已经开始了新一轮投票。")
        round_id, number = stored.add_round(store, election_id, kind, seats, candidates)
        audit.record(store, actor, "开始新一轮投票",
                     {"election_id": election_id, "round": number, "kind": kind, "seats": seats,
                      "candidates": list(candidates)}, election.meeting_id)
    return Outcome.done(round_id, f"{election.title}：{RoundType(kind).label}，应选{seats}名。")
