"""One round, start to finish: the checks in the flowchart's order, then the count.

清点选票 → 宣布选举是否有效 → 计票 → 宣布结果 (RULES.md §8; seed 004).
When the quorum fails, the slate is short or the round is void, counting stops.
"""
from __future__ import annotations

from typing import Any

from .count import OUTSIDER, OUTSIDER_EQUAL, Outcome, decide, flag_sentences, tally
from .names import name_index
from .quorum import assess_quorum
from .slate import check_slate
from .validity import election_sentence, election_valid, read_ballot
from .vocabulary import RoundKind, RoundRecord, RoundStage, Status, Verdict


def judge(record: RoundRecord) -> Verdict:
    """The verdict of one round record (TALLY-JSON.md)."""
    quorum = assess_quorum(record.members, record.options)
    slate = check_slate(record.kind, record.seats, record.candidates, record.members,
                        stage=record.stage)
    returned = len(record.ballots)
    valid_election = election_valid(returned, record.ballots_issued)
    base: dict[str, Any] = dict(
        expected=quorum.expected, present=quorum.present, min_present=quorum.min_present,
        quorum_met=quorum.met, min_candidates=slate.min_candidates, slate_ok=slate.ok,
        ballots_returned=returned, election_valid=valid_election,
    )
    messages = [quorum.message]
    stop = None
    if not quorum.met:
        stop = Status.NO_QUORUM
    elif not slate.ok:
        stop = Status.SLATE_INVALID
        messages.extend(slate.problems)
    else:
        messages.append(election_sentence(returned, record.ballots_issued))
        if not valid_election:
            stop = Status.VOID_MORE_RETURNED
    if stop is not None:
        messages.append("本轮不进行计票。")
        return Verdict(**base, shortfall=record.seats, status=stop, messages=tuple(messages),
                       stage=record.stage)
    return _count(record, base, messages, quorum.present)


def _count(record: RoundRecord, base: dict[str, Any], messages: list[str], present: int) -> Verdict:
    roster = name_index(m.name for m in record.members)
    read = [read_ballot(b, record.candidates, record.seats, record.options, record.stage, roster)
            for b in record.ballots]
    result = tally(read, record.candidates)
    outsider = OUTSIDER_EQUAL if record.kind is RoundKind.EQUAL else OUTSIDER
    outcome = decide(result.counts, record.seats, present, record.members, record.stage, outsider)
    messages.append(f"有效票{result.valid}张，无效票{result.invalid}张。")
    if result.ignored:
        messages.append(f"再次投票不另选他人：选票上另写的{'、'.join(result.ignored)}不计票。")
    for name, reason in outcome.ineligible:
        messages.append(f"另选人{name}{reason}，其得票不能当选。")
    reduced = None
    shortfall = outcome.shortfall
    status = Status.COMPLETE
    if outcome.runoff is not None:
        status = Status.RUNOFF_NEEDED
    elif shortfall > 0:
        status = Status.SHORTFALL
        yes = record.seat_reduction_yes
        # never to 0 seats: with nobody elected the reduction changes nothing (RULES.md §7)
        if yes is not None and 2 * yes > present and outcome.elected:
            reduced, shortfall, status = len(outcome.elected), 0, Status.COMPLETE
    messages.extend(_result_sentences(record, outcome, shortfall, reduced, present))
    return Verdict(
        **base, valid_ballots=result.valid, invalid_ballots=result.invalid,
        tally=tuple(result.counts.items()), elected=outcome.elected, runoff=outcome.runoff,
        shortfall=shortfall, seats_reduced_to=reduced, status=status,
        messages=tuple(messages), flags=flag_sentences(result.flags), stage=record.stage,
        write_ins_ignored=tuple(sorted(result.ignored.items())),
    )


def _result_sentences(record: RoundRecord, outcome: Outcome, shortfall: int, reduced: int | None,
                      present: int) -> list[str]:
    post = "委员" if record.kind is RoundKind.COMPETITIVE else ""
    out: list[str] = []
    if record.stage is RoundStage.RUNOFF:
        return out + _runoff_sentences(post, outcome)
    if outcome.elected:
        names = "、".join(outcome.elected)
        out.append("根据计票结果，下列同志获得的赞成票超过实到会有选举权党员人数的半数，"
                   f"当选{'为' + post if post else ''}（按姓氏笔画为序）：{names}。")
    else:
        out.append("没有人获得超过实到会有选举权党员人数半数的赞成票，无人当选。")
    if outcome.runoff is not None:
        r = outcome.runoff
        out.append(f"{'、'.join(r.names)}得票相等（各{r.votes}票），且超过半数，"
                   f"需就余下的{r.seats}个名额在上述同志中再次投票，得票多的当选。")
    if shortfall > 0:
        out.append(f"当选人数少于应选名额，尚缺{shortfall}名，"
                   "应就不足名额另行选举，或经半数以上选举人同意减少名额。")
    if record.seat_reduction_yes is not None and outcome.shortfall > 0:
        yes = record.seat_reduction_yes
        if not outcome.elected:
            out.append(f"关于减少名额的表决：实到{present}人，{yes}人同意。本轮无人当选，"
                       "名额不能减少为0名，应另行选举。")
        elif reduced is not None:
            out.append(f"关于减少名额的表决：实到{present}人，{yes}人同意，超过半数，"
                       f"名额减少为{reduced}名，不再另行选举。")
        else:
            out.append(f"关于减少名额的表决：实到{present}人，{yes}人同意，未超过半数，"
                       "不减少名额，应另行选举。")
    return out


def _runoff_sentences(post: str, outcome: Outcome) -> list[str]:
    """再次投票: 不论是否超过半数，以得票多的当选 (RULES.md §7)."""
    out = []
    if outcome.elected:
        out.append(f"再次投票，以得票多的当选（不论是否超过半数），当选{'为' + post if post else ''}"
                   f"（按姓氏笔画为序）：{'、'.join(outcome.elected)}。")
    if outcome.runoff is not None:
        r = outcome.runoff
        out.append(f"{'、'.join(r.names)}再次得票相等（各{r.votes}票），"
                   f"需就余下的{r.seats}个名额在上述同志中再次投票。")
    return out


def worded_for_committee(messages: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """A plenary's sentences (书记/副书记 elected by the committee): the electorate is the
    委员, not the 有选举权的党员 of the meeting (RULES.md §2: the same quorum rule, with
    应到 = committee members). The verdict itself stays as ``votekit tally`` gives it."""
    return tuple(m.replace("有选举权的党员", "委员").replace("有选举权党员", "委员") for m in messages)
