"""The slate (候选人名单) and the tellers (监票人、计票人) of one election.

The rules come from the counting core (``core.slate.check_slate``); names are
always kept and shown in 姓氏笔画 order (``core.order``), with a flag on any
name whose order a person should confirm.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from ..core.names import canonical_name, name_index
from ..core.order import needs_check, sort_names
from ..core.slate import check_slate, differential_percent, min_candidates
from ..core.vocabulary import RoundKind
from ..store import Store, roster, rounds
from ..store import slate as stored
from ..store.records import Election
from . import Outcome, audit
from .meetings import get_election
from .roster import core_members
from .roster_files import clean_name


@dataclass(frozen=True)
class SlateView:
    election_id: int
    kind: RoundKind
    seats: int
    names: tuple[str, ...]          # 姓氏笔画 order
    to_confirm: tuple[str, ...]     # names whose stroke order needs a person's check
    min_candidates: int
    differential_percent: int
    ok: bool
    problems: tuple[str, ...]
    scrutineers: tuple[str, ...]
    counters: tuple[str, ...]


def tellers(store: Store, election_id: int) -> dict[str, tuple[str, ...]]:
    """监票人 (``scrutineer``) and 计票人 (``counter``), each in 姓氏笔画 order."""
    found = stored.tellers(store, election_id)
    return {role: tuple(sort_names(name for r, name in found if r == role)) for role in ("scrutineer", "counter")}


def candidate_names(store: Store, election_id: int) -> tuple[str, ...]:
    return tuple(sort_names(stored.candidate_names(store, election_id)))


def view(store: Store, election: Election | int) -> SlateView:
    """The slate of an election (the record, or its id) as the screens and the paperwork show it."""
    if not isinstance(election, Election):
        election = get_election(store, election)
    names = candidate_names(store, election.id)
    staff = tellers(store, election.id)
    check = check_slate(election.round_kind, election.seats, names, core_members(store, election.meeting_id),
                        staff["scrutineer"])
    checked = stored.strokes_checked(store, election.id)
    return SlateView(election.id, election.round_kind, election.seats, names,
                     tuple(n for n in names if needs_check(n) and n not in checked), check.min_candidates,
                     differential_percent(election.seats, len(names)), check.ok and bool(names),
                     check.problems, staff["scrutineer"], staff["counter"])


def confirm_strokes(store: Store, actor: str, election_id: int) -> Outcome:
    """The secretary checked the stroke order of the names the table could not settle (已核对)."""
    election = get_election(store, election_id)
    if election is None:
        return Outcome.refused("选举不存在。")
    names = view(store, election).to_confirm
    if not names:
        return Outcome.refused("没有需要核对笔画顺序的姓名。")
    with store.write():
        stored.set_strokes_checked(store, election_id, stored.strokes_checked(store, election_id) | set(names))
        audit.record(store, actor, "核对候选人笔画顺序", {"election_id": election_id, "names": list(names)},
                     election.meeting_id)
    return Outcome.done(None, f"已核对笔画顺序：{'、'.join(names)}。")


def eligible(store: Store, meeting_id: int) -> list[str]:
    """Members with 被选举权, in 姓氏笔画 order."""
    return sort_names(m.name for m in core_members(store, meeting_id) if m.has_vote)


def as_on_roster(names: Sequence[str], members) -> list[str]:
    """Names typed for members, in the roster's spelling under the one name identity
    (``core.names``: a zero-width space, a variation selector or a compatibility ideograph
    typed into 孙丽 is 孙丽); a name matching nobody stays as cleaned, to be refused."""
    index = name_index(m.name for m in members)
    return [index.get(canonical_name(n)) or clean_name(n) for n in names if clean_name(n)]


def set_candidates(store: Store, actor: str, election_id: int, names: Sequence[str],
                   extra_problems: Sequence[str] = ()) -> Outcome:
    """Replace the slate; refused (nothing written) if the core finds any problem (or the
    caller passes its own: ``plenary.set_post_candidates`` for 书记/副书记)."""
    election = get_election(store, election_id)
    if election is None:
        return Outcome.refused("选举不存在。")
    first = rounds.round_numbered(store, election_id, 1)
    if first is not None and first.issued is not None:
        return Outcome.refused("选票已发出，候选人名单不能再改。")
    meeting_id = election.meeting_id
    names = as_on_roster(names, core_members(store, meeting_id))
    check = check_slate(election.round_kind, election.seats, names,
                        core_members(store, meeting_id), tellers(store, election_id)["scrutineer"])
    problems = list(check.problems) + list(extra_problems)
    if problems:
        return Outcome(False, tuple(dict.fromkeys(problems)))
    ordered = sort_names(names)
    by_name = roster.member_ids(store, meeting_id)
    with store.write():
        stored.set_candidates(store, election_id, ((by_name[name], name) for name in ordered))
        audit.record(store, actor, "确定候选人名单", {"election_id": election_id, "names": ordered},
                     meeting_id)
    flagged = [n for n in ordered if needs_check(n)]
    notes = [f"候选人名单已确定（按姓氏笔画为序）：{'、'.join(ordered)}。"]
    if flagged:
        notes.append(f"请人工核对以下姓名的笔画顺序：{'、'.join(flagged)}。")
    return Outcome(True, tuple(notes), view(store, election))


def _teller_problems(names: Sequence[str], role_label: str, candidates: Sequence[str],
                     roster: dict[str, Any], must_vote: bool) -> list[str]:
    problems = []
    for name in names:
        if name in candidates:
            problems.append(f"{name}是候选人，不能担任{role_label}。")
        elif must_vote and name not in roster:
            problems.append(f"{role_label}{name}不在党员名册上。")
        elif must_vote and not roster[name].has_vote:
            problems.append(f"{role_label}{name}是{roster[name].status.label}，"
                            "监票人应从有选举权的党员中推选。")
    if len(set(names)) != len(names):
        problems.append(f"{role_label}名单中有重复的姓名。")
    return problems


def set_tellers(store: Store, actor: str, election_id: int, scrutineers: Sequence[str],
                counters: Sequence[str]) -> Outcome:
    """监票人 come from members with the vote who are not candidates; 计票人 may be staff."""
    election = get_election(store, election_id)
    if election is None:
        return Outcome.refused("选举不存在。")
    meeting_id = election.meeting_id
    members = core_members(store, meeting_id)
    scrutineers, counters = as_on_roster(scrutineers, members), as_on_roster(counters, members)
    on_roster = {m.name: m for m in members}
    candidates = set(candidate_names(store, election_id))
    for rnd in rounds.rounds_of(store, election_id):     # 另行选举/再次投票 candidates too
        candidates |= set(rnd.candidate_names)
    problems = _teller_problems(scrutineers, "监票人", candidates, on_roster, must_vote=True)
    problems += _teller_problems(counters, "计票人", candidates, on_roster, must_vote=False)
    if not scrutineers:
        problems.append("至少需要1名监票人。")
    if problems:
        return Outcome(False, tuple(problems))
    ids = roster.member_ids(store, meeting_id)
    with store.write():
        stored.set_tellers(store, election_id, [(role, name, ids.get(name)) for role, names in
                                                (("scrutineer", scrutineers), ("counter", counters))
                                                for name in names])
        audit.record(store, actor, "确定监票人、计票人", {"election_id": election_id,
                     "scrutineers": scrutineers, "counters": counters}, meeting_id)
    return Outcome.done(tellers(store, election_id),
                        f"监票人：{'、'.join(sort_names(scrutineers))}；"
                        f"计票人：{'、'.join(sort_names(counters)) or '（未指定）'}。")


__all__ = ["SlateView", "view", "eligible", "set_candidates", "set_tellers", "tellers",
           "candidate_names", "min_candidates"]
