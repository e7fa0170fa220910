"""Play a :class:`~.scenario.Scenario` through the service layer into a meeting file.

Every step is a call the web app makes (create the meeting, import the 名册 file,
sign members in, issue, enter each paper, close, open the next round, the plenary,
the 表决 and the 民主测评), so the meeting file holds recorded facts only and
the paperwork (``service.dossier.dossier_for``) is read back from it.

``play(store, sc, until=Stage.PREPARED)`` stops before anyone signs in (``serve
--demo``); ``Stage.DONE`` plays the whole meeting.  A ``Hooks`` lets the rehearsal
print the ballots, scan each pile and keep every round's record on the way.
When the store's clock can be set (``context.SteppingClock``), the meeting keeps
the scenario's times (late arrival 09:12, a member leaving 10:25 …).
"""
from __future__ import annotations

import datetime as dt
import enum
import random
import secrets
from dataclasses import dataclass, field
from typing import Any, Callable

from ..core.appraisal import KEYS, Rating
from ..core.motions import VoteCounts, VoteMethod
from ..service import (appraisal, ballots, counting, meetings, motions, paper_facts, papers, plenary,
                       roster, signin, slate)
from ..service.entry import submit
from ..service.database import Store
from .scenario import Pile, Round, Scenario, roster_xlsx

KEYBOARD = "1111111222223450"   # how often each key comes up on the demo's 测评表


class Stage(enum.IntEnum):
    PREPARED = 1     # meeting, roster, exclusion, slate, tellers, 表决 and 测评 on the agenda
    SIGNED_IN = 2
    COUNTED = 3      # every round of the meeting closed (the committee's, or the posts' without one)
    DONE = 4         # plenary (where a committee was elected), 表决, 测评 and the paper facts too


class Refused(RuntimeError):
    """A service call refused what the scenario asked for (the scenario is wrong)."""


@dataclass
class Played:
    meeting_id: int = 0
    elections: dict[str, int] = field(default_factory=dict)      # committee/secretary/deputy → id
    members: dict[str, int] = field(default_factory=dict)        # name → member id
    motion_id: int = 0
    appraisal_id: int = 0
    rounds: list[int] = field(default_factory=list)              # every round id, in order held

    @property
    def committee_id(self) -> int:
        return self.elections["committee"]


@dataclass
class Hooks:
    """What a shell adds on the way: print a round's ballots (before issue), look at the
    entered pile (before close), keep the closed round."""
    printed: Callable[[int], None] = lambda round_id: None
    entered: Callable[[int, list[dict]], None] = lambda round_id, pile: None
    closed: Callable[[int, Any], None] = lambda round_id, verdict: None


def done(outcome) -> Any:
    if not outcome.ok:
        raise Refused(outcome.message)
    return outcome.value


def at(store: Store, hhmm: str) -> None:
    move = getattr(store.clock, "at", None)
    if move is not None:
        move(hhmm)


def play(store: Store, sc: Scenario, actor: str = "演示", until: Stage = Stage.DONE,
         hooks: Hooks | None = None) -> Played:
    hooks = hooks or Hooks()
    p = prepare(store, sc, actor)
    if until >= Stage.SIGNED_IN:
        sign_in(store, sc, actor, p)
    if until >= Stage.COUNTED:
        count(store, sc, actor, p, hooks)
    if until >= Stage.DONE:
        if sc.candidates:
            hold_plenary(store, sc, actor, p, hooks)
        other_votes(store, sc, actor, p)
        if sc.facts:
            done(paper_facts.set_facts(store, actor, p.meeting_id, sc.facts))
    return p


def prepare(store: Store, sc: Scenario, actor: str, import_roster: bool = True) -> Played:
    at(store, "08:30")
    date = sc.date.isoformat()
    p = Played(done(meetings.create_meeting(store, actor, sc.branch, date, sc.starts_at, sc.place,
                                            sc.presiding, sc.recorder)))
    values: dict[str, Any] = {"higher_committee": sc.higher} if sc.higher else {}
    if sc.term_recorded:
        elected, expires, sent = sc.term()
        values.update(term_elected_on=elected.isoformat(), term_expires_on=expires.isoformat(),
                      term_request_sent_on=sent.isoformat() if sent else None)
    if values:
        done(meetings.update_meeting(store, actor, p.meeting_id, **values))
    if sc.candidates:
        p.elections["committee"] = done(meetings.add_election(store, actor, p.meeting_id, "committee", sc.seats))
    if sc.posts_elected:
        p.elections["secretary"] = done(meetings.add_election(store, actor, p.meeting_id, "secretary", 1))
    if sc.deputy:
        p.elections["deputy"] = done(meetings.add_election(store, actor, p.meeting_id, "deputy", 1))
    if import_roster:
        done(roster.import_roster(store, actor, p.meeting_id, "党员名册.xlsx", roster_xlsx(sc)))
        prepare_slate(store, sc, actor, p)
        prepare_posts(store, sc, actor, p)
    return p


def prepare_slate(store: Store, sc: Scenario, actor: str, p: Played) -> None:
    """The exclusion from 应到, the slate and tellers, and the other votes on the agenda."""
    p.members = {m.name: m.id for m in roster.members(store, p.meeting_id)}
    ex = sc.excluded
    if ex:
        higher = sc.date - dt.timedelta(days=ex.higher_days_before)
        done(roster.set_exclusion(store, actor, p.members[ex.name], ex.reason, higher.isoformat(),
                                  sc.date.isoformat(), ex.note))
    if sc.candidates:
        done(slate.set_candidates(store, actor, p.committee_id, sc.candidates))
        if sc.scrutineers or sc.counters:
            done(slate.set_tellers(store, actor, p.committee_id, sc.scrutineers, sc.counters))
    if sc.motion:
        p.motion_id = done(motions.add_motion(store, actor, p.meeting_id, "admit", sc.motion.person))
    if sc.appraisal:
        p.appraisal_id = done(appraisal.add_appraisal(store, actor, p.meeting_id))


def prepare_posts(store: Store, sc: Scenario, actor: str, p: Played) -> None:
    """No committee: the 书记 (and 副书记) elections of the 党员大会 itself, added once the roster
    is in (the kit sees fewer than 7 正式党员), then each one's slate and tellers."""
    for post in sc.at_meeting:
        p.elections[post.post] = done(meetings.add_election(store, actor, p.meeting_id, post.post, post.seats))
    for post in sc.at_meeting:
        election_id = p.elections[post.post]
        done(slate.set_candidates(store, actor, election_id, post.candidates))
        if post.scrutineers or post.counters:
            done(slate.set_tellers(store, actor, election_id, post.scrutineers, post.counters))


def sign_in(store: Store, sc: Scenario, actor: str, p: Played) -> int | None:
    """Everyone who comes on time (roster order), the apologies, then the late arrivals;
    returns how many were present when the quorum was first met."""
    at(store, "08:40")
    away = {n for n, _ in sc.on_leave} | {n for n, _ in sc.late} | set(sc.missing) | \
        ({sc.excluded.name} if sc.excluded else set())
    met_at = None
    for name, member_id in p.members.items():
        if name not in away:
            report = done(signin.sign_in(store, actor, member_id))
            met_at = met_at or (report.present if report.met else None)
    for name, reason in sc.on_leave:
        done(signin.record_absence(store, actor, p.members[name], reason))
    for name, hhmm in sc.late:
        at(store, hhmm)
        done(signin.sign_in(store, actor, p.members[name]))
    return met_at


def vote(store: Store, actor: str, round_id: int, pile: list[dict], hooks: Hooks, present: int) -> Any:
    """Issue to everyone present, enter every paper, record returned and spoiled, close."""
    hooks.printed(round_id)
    done(ballots.issue_ballots(store, actor, round_id, present))
    printed = papers.paper_account(store, round_id)["printed"]
    if printed:
        done(papers.record_spoiled(store, actor, round_id, printed - present))   # 剩余选票剪角作废
    for paper in pile:
        done(submit(store, actor, round_id, paper, secrets.token_hex(16)))  # random: no entry order
    done(ballots.record_returned(store, actor, round_id, len(pile)))
    hooks.entered(round_id, pile)
    verdict = done(counting.close_round(store, actor, round_id))
    hooks.closed(round_id, verdict)
    return verdict


def void(store: Store, actor: str, round_id: int, present: int, extra: int, hooks: Hooks) -> None:
    """Issued to everyone present, ``extra`` more papers come back: the 监票人 declare it void."""
    hooks.printed(round_id)
    done(ballots.issue_ballots(store, actor, round_id, present))
    done(ballots.record_returned(store, actor, round_id, present + extra))
    done(counting.close_round(store, actor, round_id))


def count(store: Store, sc: Scenario, actor: str, p: Played, hooks: Hooks) -> None:
    """Every election held by the meeting, round by round: the committee's, or without a
    committee the 书记's and then the 副书记's."""
    if sc.candidates:
        hold_rounds(store, actor, p, hooks, p.committee_id, sc.rounds, sc.seed)
    for number, post in enumerate(sc.at_meeting, start=1):
        hold_rounds(store, actor, p, hooks, p.elections[post.post], post.rounds, sc.seed + 20 * number)


def hold_rounds(store: Store, actor: str, p: Played, hooks: Hooks, election_id: int,
                plans: tuple[Round, ...], seed: int) -> None:
    """One election's rounds as planned: who leaves first, then a vote (or a void round), then
    the next round the plan names (再次投票, 另行选举, 重新投票) until one settles it."""
    round_id = meetings.current_round(store, election_id).id
    for number, plan in enumerate(plans, start=1):
        for name, hhmm in plan.leaving:
            at(store, hhmm)
            done(signin.record_leaving(store, actor, p.members[name]))
        at(store, plan.issue_at)
        present = signin.quorum(store, p.meeting_id).present
        seats = meetings.get_round(store, round_id).seats
        if plan.returned_extra:
            void(store, actor, round_id, present, plan.returned_extra, hooks)
        else:
            vote(store, actor, round_id, plan.pile.papers(present, seats, seed + number), hooks, present)
        p.rounds.append(round_id)
        if not plan.then:
            break
        round_id = done(counting.next_round(store, actor, round_id, plan.then, plan.further or None))


def hold_plenary(store: Store, sc: Scenario, actor: str, p: Played, hooks: Hooks) -> None:
    """委员会第一次全体会议: 书记 (and 副书记) 等额 by the new committee, then 分工."""
    at(store, "11:00")
    committee = plenary.committee(store, p.meeting_id)
    done(plenary.open_plenary(store, actor, p.meeting_id, committee, convener=sc.convener))
    for number, post in enumerate(sc.posts_elected, start=1):
        election_id = p.elections[post.post]
        done(plenary.set_post_candidates(store, actor, election_id, [post.name]))
        done(slate.set_tellers(store, actor, election_id, [sc.plenary_scrutineer], []))
        round_id = meetings.current_round(store, election_id).id
        pile = Pile(((post.name, post.agree, 0),)).papers(len(committee), 1, sc.seed + 10 + number)
        vote(store, actor, round_id, pile, hooks, len(committee))
        p.rounds.append(round_id)
    posts = {v.name: ("书记" if v.post == "secretary" else "副书记") for v in sc.posts_elected}
    done(plenary.set_posts(store, actor, p.meeting_id, {**posts, **dict(sc.posts)}))


def other_votes(store: Store, sc: Scenario, actor: str, p: Played) -> None:
    """接收预备党员 by show of hands, then the 民主测评 (every sheet entered, one not returned)."""
    at(store, "11:30")
    if p.motion_id:
        present = signin.quorum(store, p.meeting_id).present
        against, abstain = sc.motion.against, sc.motion.abstain
        done(motions.record_vote(store, actor, p.motion_id, VoteCounts(
            VoteMethod.HANDS, present - against - abstain, against, abstain)))
    if p.appraisal_id:
        appraise(store, actor, p.appraisal_id, appraisal.raters_present(store, p.meeting_id),
                 sc.appraisal.not_returned, sc.seed)


def appraise(store: Store, actor: str, appraisal_id: int, raters: int, not_returned: int,
             seed: int) -> dict[str, Any]:
    row = appraisal.get_appraisal(store, appraisal_id)
    done(appraisal.record_issued(store, actor, appraisal_id, raters))
    rng = random.Random(seed)
    for _ in range(raters - not_returned):
        typed = {name: KEYS[rng.choice(KEYBOARD)] for name in row.names}
        sheet = {"ratings": {n: r.value for n, r in typed.items() if r is not Rating.BLANK}}
        done(appraisal.submit_sheet(store, actor, appraisal_id, sheet, secrets.token_hex(16)))
    done(appraisal.record_returned(store, actor, appraisal_id, raters - not_returned))
    done(appraisal.close(store, actor, appraisal_id))
    return appraisal.summary(store, appraisal_id)


def dossier(store: Store, sc: Scenario, p: Played):
    """The paperwork's input, read back from the played meeting file (report written the next day)."""
    from ..service.dossier import dossier_for
    return dossier_for(store, p.meeting_id, p.elections.get("committee"),
                       report_date=sc.date + dt.timedelta(days=1))
