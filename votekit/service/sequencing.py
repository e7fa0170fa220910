"""An election's rounds in sequence: where it stands and the next step (RULES.md §6–§7).

The state machine is the core's (``core.sequence.follow``); this module reads the
rounds held so far from the store, offers the steps the core allows, refuses every
other one with the core's reason, and opens the next round:

- 再次投票 among those tied at the last seat (names and seats from the verdict);
- 另行选举 for the seats still short, its slate checked **before** any ballot is
  printed (members with 被选举权, not already elected, not this election's 监票人,
  no duplicates, the 20 % differential on the seats short);
- 重新投票 after a void round (same slate, a new round number and so a new QR).

A seat-reduction vote is recorded by ``counting.record_seat_reduction``, which asks
``progress`` whether it may be taken: on a round that elected someone it is that round's
(in its record and export, TALLY-JSON ``seat_reduction_vote``); after a round that elected
nobody while earlier rounds did, it is the election's (``reduce_election``): the seats still
short are dropped, never to 0, and the round's record stays as counted.
"""
from __future__ import annotations

from typing import Any, Sequence

from ..core.names import canonical_name
from ..core.order import sort_names
from ..core.sequence import Progress, RoundResult, Step, follow
from ..core.slate import check_slate
from ..core.vocabulary import Member, MemberStatus, RoundStage, Status
from ..store import Store
from ..store import reductions
from ..store import rounds as stored
from ..store.records import Election, Post, Round, RoundState, RoundStatus
from . import Outcome, audit
from .entry import state
from .meetings import get_election, get_round, open_round, rounds
from .roster import core_members
from .slate import candidate_names, tellers


def _result(rnd: Round, st: RoundState, reduction: reductions.ElectionReduction | None = None) -> RoundResult:
    stage = rnd.kind.stage
    if st.status is RoundStatus.OPEN:
        return RoundResult(rnd.number, stage, rnd.seats)
    if st.status is RoundStatus.VOID:
        return RoundResult(rnd.number, stage, rnd.seats, Status.VOID_MORE_RETURNED)
    v = st.verdict
    if reduction is not None:        # the election's vote after this round: its open seats dropped
        return RoundResult(rnd.number, stage, rnd.seats, v.status, v.elected, v.runoff, v.shortfall,
                           len(v.elected) if reduction.carried else None, True)
    return RoundResult(rnd.number, stage, rnd.seats, v.status, v.elected, v.runoff, v.shortfall,
                       v.seats_reduced_to, st.seat_reduction_yes is not None)


def round_results(store: Store, election_id: int, held: Sequence[Round] | None = None) -> list[RoundResult]:
    """The rounds ``held`` (default: all, read first), each with its state — a round opened
    meanwhile by another 监票人 is simply not among them."""
    results = _as_counted(store, election_id, held)
    secretary = _secretary_for_deputy(store, election_id)
    return [_without(r, secretary) for r in results] if secretary else results


def _as_counted(store: Store, election_id: int, held: Sequence[Round] | None = None) -> list[RoundResult]:
    """Each round as its verdict says, before any post rule is applied."""
    held = rounds(store, election_id) if held is None else held
    states = stored.states_of(store, election_id)
    voted = reductions.of_election(store, election_id)
    return [_result(r, states.get(r.id) or state(store, r.id), voted.get(r.id)) for r in held]


def _secretary_for_deputy(store: Store, election_id: int) -> str | None:
    """For a 副书记 election: the person already elected 书记 at this meeting (None otherwise).
    One person cannot hold both posts (RULES.md §7), so a 副书记 round that elects the 书记
    (written in by the voters) leaves the seat short: 另行选举副书记."""
    election = get_election(store, election_id)
    if election is None or election.post is not Post.DEPUTY:
        return None
    from .meetings import elections
    for other in elections(store, election.meeting_id):
        if other.post is Post.SECRETARY:
            elected = progress(store, other.id).elected
            if elected:
                return elected[0]
    return None


def _without(result: RoundResult, secretary: str) -> RoundResult:
    if secretary not in result.elected:
        return result
    kept = tuple(n for n in result.elected if n != secretary)
    return RoundResult(result.number, result.stage, result.seats, Status.SHORTFALL, kept, None,
                       result.shortfall + 1, None, result.reduction_voted)


def deputy_is_secretary(store: Store, election_id: int) -> str | None:
    """The 书记 whom a 副书记 round elected (and who therefore does not take the post), or None."""
    secretary = _secretary_for_deputy(store, election_id)
    if secretary is None:
        return None
    return secretary if any(secretary in r.elected for r in _as_counted(store, election_id)) else None


def progress(store: Store, election_id: int, held: Sequence[Round] | None = None) -> Progress:
    """Where the election stands: elected so far, seats after reductions, steps offered."""
    return follow(get_election(store, election_id).seats, round_results(store, election_id, held))


def election_result(store: Store, election_id: int) -> dict[str, Any]:
    """Everyone elected over the election's rounds, what is open, and what may come next."""
    election = get_election(store, election_id)
    p = progress(store, election_id)
    held = rounds(store, election_id)
    last = held[-1] if held else None
    pending = last if last is not None and state(store, last.id).is_open else None
    return {"election": election, "elected": list(p.elected), "seats": p.seats,
            "complete": p.settled, "open_round": pending, "phase": p.phase.value,
            "phase_label": p.phase.label, "offered": [s.value for s in p.offered],
            "refusals": {s.value: why for s, why in p.refusals}, "short": p.short,
            "runoff": p.runoff, "note": _note(store, election_id, p),
            "reduction": next((reduction_sentence(r.present, r.yes, r.seats_before, r.seats_after)
                               for r in reductions.of_election(store, election_id).values()
                               if last is not None and r.round_id == last.id), "")}


def _note(store: Store, election_id: int, p: Progress) -> str:
    """Why a round's winner does not take the seat (the 书记 elected again as 副书记)."""
    both = deputy_is_secretary(store, election_id)
    if both and not p.settled:
        return f"{both}已当选书记，不能兼任副书记，副书记须另行选举。"
    return ""


def committee_names(store: Store, meeting_id: int) -> tuple[str, ...]:
    """Everyone elected to the committee at this meeting (all closed rounds), 姓氏笔画 order."""
    from .meetings import elections
    names: list[str] = []
    for election in elections(store, meeting_id):
        if election.post in (Post.COMMITTEE, Post.BY_ELECTION):
            names += progress(store, election.id).elected
    return tuple(sort_names(names))


def electorate(store: Store, election: Election) -> tuple[Member, ...]:
    """Who may stand: the meeting's roster, or the committee at its first plenary."""
    if election.by_committee:
        return tuple(Member(n, MemberStatus.FULL, True)
                     for n in committee_names(store, election.meeting_id))
    return core_members(store, election.meeting_id)


def further_slate_problems(store: Store, election_id: int, names: Sequence[str],
                           held: Sequence[Round] | None = None) -> list[str]:
    """另行选举的候选人名单, checked before printing (RULES.md §7); [] when it may be voted on."""
    election = get_election(store, election_id)
    p = progress(store, election_id, held)
    if Step.FURTHER not in p.offered:
        return [p.refusal(Step.FURTHER)]
    check = check_slate(election.round_kind, p.short, names, electorate(store, election),
                        tellers(store, election_id)["scrutineer"], RoundStage.FURTHER, p.elected)
    problems = [text.replace("是候选人，不能担任监票人", "是本次选举的监票人，不能作为候选人")
                for text in check.problems]
    if election.post in (Post.SECRETARY, Post.DEPUTY):
        problems += other_post_problems(store, election.meeting_id, election.post, names)
    return problems


def next_round(store: Store, actor: str, round_id: int, action: str,
               names: Sequence[str] | None = None) -> Outcome:
    """Take one next step after ``round_id`` — or say why it cannot be taken."""
    rnd = get_round(store, round_id)
    if rnd is None:
        return Outcome.refused("投票轮次不存在。")
    held = rounds(store, rnd.election_id)
    if any(r.number > rnd.number for r in held):
        return Outcome.refused("本轮之后已经开始了新一轮投票。")
    try:
        step = Step(action)
    except ValueError:
        return Outcome.refused("下一步只能是再次投票、另行选举、表决减少名额或重新投票。")
    p = progress(store, rnd.election_id, held)      # the rounds as read above, nothing newer
    if step not in p.offered:
        return Outcome.refused(p.refusal(step))
    if step is Step.RUNOFF:
        return open_round(store, actor, rnd.election_id, "runoff", p.runoff.seats, p.runoff.names,
                          after=rnd.number)
    if step is Step.FURTHER:
        chosen = sort_names(canonical_name(n) for n in (names or []) if canonical_name(n))
        problems = further_slate_problems(store, rnd.election_id, chosen, held)
        if problems:
            return Outcome(False, tuple(problems))
        return open_round(store, actor, rnd.election_id, "further", p.short, chosen, after=rnd.number)
    if step is Step.REDUCE:
        return Outcome.refused("减少名额须记录举手表决的同意人数（“记录表决结果”）。")
    return _revote(store, actor, rnd)


def _revote(store: Store, actor: str, rnd: Round) -> Outcome:
    """选举无效，重新投票: the same slate and seats, a new round number (and so a new QR)."""
    election = get_election(store, rnd.election_id)
    with store.write():
        if stored.last_round_number(store, election.id) != rnd.number:
            return Outcome.refused("本轮之后已经开始了新一轮投票。")
        new_id, number = stored.add_round(store, election.id, rnd.kind, rnd.seats, rnd.candidate_names)
        audit.record(store, actor, "选举无效后重新投票", {"election_id": election.id,
                     "void_round": rnd.number, "round": number}, election.meeting_id)
    return Outcome.done(new_id, f"{election.title}：第{rnd.number}轮没有有效结果，"
                                f"重新投票为第{number}轮（使用新一轮的选票）。")


def reduce_election(store: Store, actor: str, rnd: Round, present: int, yes: int) -> Outcome:
    """减少名额的表决 after ``rnd``, a round that elected nobody, taken for the whole election:
    carried (``2 * yes > present``) it drops the seats still short, keeping those already
    elected (at least one: ``progress`` refuses the step otherwise). ``rnd``'s own record
    and export stay as counted."""
    election = get_election(store, rnd.election_id)
    with store.write():
        if stored.last_round_number(store, election.id) != rnd.number:
            return Outcome.refused("本轮之后已经开始了新一轮投票，不能再就本轮表决减少名额。")
        p = progress(store, election.id)
        if Step.REDUCE not in p.offered:
            return Outcome.refused(p.refusal(Step.REDUCE))
        carried = 2 * yes > present
        after = len(p.elected) if carried else None
        reductions.record(store, reductions.ElectionReduction(rnd.id, election.id, present, yes, p.seats, after),
                          actor)
        audit.record(store, actor, "减少名额表决", {"round_id": rnd.id, "yes": yes, "present": present,
                     "seats_before": p.seats, "seats_reduced_to": after, "level": "election"},
                     election.meeting_id)
    sentence = reduction_sentence(present, yes, p.seats, after)
    return Outcome.done({"seats_reduced_to": after, "seats_before": p.seats, "present": present,
                         "yes": yes, "status": "complete" if carried else "shortfall",
                         "messages": [sentence]}, sentence)


def election_reductions(store: Store, election_id: int) -> dict[int, reductions.ElectionReduction]:
    """The election-level reduction votes, by the round each followed."""
    return reductions.of_election(store, election_id)


def reduction_sentence(present: int, yes: int, seats_before: int, after: int | None) -> str:
    """The election-level reduction vote, as the screen and the minutes say it."""
    if after is None:
        return (f"关于减少名额的表决：实到{present}人，{yes}人同意，未超过半数，"
                "不减少名额，应另行选举。")
    return (f"关于减少名额的表决：实到{present}人，{yes}人同意，超过半数，"
            f"应选名额由{seats_before}名减少为{after}名（减少{seats_before - after}名），不再另行选举。")


def other_post_problems(store: Store, meeting_id: int, post: str, candidates: Sequence[str]) -> list[str]:
    """书记 and 副书记 are different people (RULES.md §7): a candidate for one post may not be
    the other post's candidate or the person elected to it."""
    other = {"secretary": "deputy", "deputy": "secretary"}[post]
    label = {"secretary": "书记", "deputy": "副书记"}[other]
    from .meetings import elections
    taken: set[str] = set()
    for election in elections(store, meeting_id):
        if election.post == other:
            taken |= set(candidate_names(store, election.id))
            taken |= set(election_result(store, election.id)["elected"])
    return [f"{n}已是{label}的候选人或当选人，书记和副书记不能由同一人担任。"
            for n in candidates if canonical_name(n) in taken]
