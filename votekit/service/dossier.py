"""The meeting file turned into a :class:`Dossier`: the paperwork from what was recorded.

Nothing is typed twice: meeting facts, roster and attendance, the slate and
tellers, every closed round (its frozen record, re-judged by the core), the
papers printed and spoiled, the first plenary and its posts, and the whole
audit log (the chain is verified from its first event).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from ..core.order import sort_names
from ..core.roll import AbsenceKind
from ..core.verdict import judge
from . import adjudication, appraisal, meetings, motions, paper_facts, papers, rolls, roster, sequencing, slate
from ..store import audit_log as chain
from ..store import roster as recorded_roster   # in the order recorded; the papers sort later
from .counting import counting_record
from .entry import state
from .records import Election, Meeting, Post, RoundStatus
from .plenary import plenary as plenary_row
from .plenary import posts as plenary_posts
from ..documents.model import (Attendance, Dossier, ElectionInfo, ElectionOptions, MeetingInfo, Plenary, VoteRoll,
                    HeldElection, PostVote, Resolution, RoundResult, SeatReduction, TermInfo, VoidRound, again)

POST_LABELS = {"secretary": "书记", "deputy": "副书记"}


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def meeting_info(store, meeting: Meeting) -> MeetingInfo:
    groups = tuple((m.name, m.party_group) for m in recorded_roster.entries(store, meeting.id))
    return MeetingInfo(branch_name=meeting.branch, meeting_date=_date(meeting.date),
                       place=meeting.place, presiding=meeting.presiding, recorder=meeting.recorder,
                       higher_committee=meeting.higher_committee or "上级党组织",
                       start_time=meeting.starts_at or "9:00", party_groups=groups)


def attendance(store, meeting_id: int) -> Attendance:
    """到会情况 now, with 请假 reasons, 中途离会 times, movements and every vote's roll."""
    leave, notes, approved_on, left = {}, {}, {}, {}
    for one in recorded_roster.entries(store, meeting_id):
        if one.left_at and one.arrived_at:
            left[one.name] = rolls.clock(one.left_at)
        elif one.absence:
            leave[one.name] = one.absence
        if one.excl_note:
            notes[one.name] = one.excl_note
        if one.excl_reason is not None:       # both approval dates, printed on the papers
            approved_on[one.name] = (_date(one.higher_approved_on), _date(one.meeting_approved_on))
    taken = vote_rolls(store, meeting_id)
    if taken:   # 到会情况 as reported before the first vote: its roll, not whoever is left at the end
        first = taken[0].roll
        leave = {a.name: a.detail for a in first.absent if a.kind is AbsenceKind.LEAVE}
        left = {a.name: a.detail for a in first.absent if a.kind is AbsenceKind.LEFT}
        members = first.members
    else:
        members = roster.core_members(store, meeting_id)
    counts = Attendance.from_roster(members, leave, notes, approved_on, left)
    return dataclasses.replace(counts, movements=rolls.movements(store, meeting_id), rolls=taken)


def vote_rolls(store, meeting_id: int) -> tuple[VoteRoll, ...]:
    """Each vote's frozen roll, named as the 会议记录 names the vote."""
    return tuple(VoteRoll(vote_title(store, vote), taken_at, roll, after)
                 for vote, taken_at, roll, after in rolls.timeline(store, meeting_id))


def vote_title(store, vote: str) -> str:
    kind, _, number = vote.partition(":")
    if kind == "round":
        rnd = meetings.get_round(store, int(number))
        election = meetings.get_election(store, rnd.election_id) if rnd else None
        if election is None:
            return "选举"
        status = state(store, rnd.id).status
        named = rnd.kind.short + ("（选举无效）" if status is RoundStatus.VOID else "")
        held = meetings.rounds(store, election.id)     # held again after a void round: say so
        if any(r.number == rnd.number - 1 and state(store, r.id).status is RoundStatus.VOID for r in held):
            named = again(rnd.kind.short)
        return f"{election.title}{named}"
    if kind == "motion":
        row = motions.get_motion(store, int(number))
        return f"表决：{row.subject}" if row else "表决"
    row = appraisal.get_appraisal(store, int(number))
    return row.title if row else "民主测评"


def round_results(store, election_id: int) -> tuple[RoundResult, ...]:
    """Every closed round of an election, its record re-judged by the core; ``rerun`` marks
    a round held again after a void one (重新投票)."""
    out = []
    cuts = sequencing.election_reductions(store, election_id)
    void_before = False
    for rnd in meetings.rounds(store, election_id):
        status = state(store, rnd.id).status
        if status is not RoundStatus.CLOSED:
            void_before = status is RoundStatus.VOID
            continue
        record = counting_record(store, rnd.id)
        account = papers.paper_account(store, rnd.id)
        printed = account["printed"] or record.ballots_issued
        spoiled = account["spoiled"] if account["spoiled"] is not None else 0
        cut = cuts.get(rnd.id)
        out.append(RoundResult(rnd.kind.short, record, judge(record), printed, spoiled,
                               roll=rolls.roll_for(store, rolls.vote_key("round", rnd.id)),
                               reduction=cut and SeatReduction(cut.present, cut.yes, cut.seats_before,
                                                               cut.seats_after), number=rnd.number, rerun=void_before))
        void_before = False
    return tuple(out)


def void_rounds(store, election_id: int) -> tuple[VoidRound, ...]:
    """Every round of an election declared void (RULES.md §6: more ballots returned than
    issued): what the 监票人 counted out and back, and no tally — none was made."""
    out = []
    slate_names: tuple[str, ...] | None = None
    for rnd in meetings.rounds(store, election_id):
        if state(store, rnd.id).status is not RoundStatus.VOID:
            continue
        if not rnd.candidate_names and slate_names is None:
            slate_names = tuple(slate.view(store, election_id).names)
        account = papers.paper_account(store, rnd.id)
        issued, returned = rnd.issued or 0, rnd.returned or 0
        printed = account["printed"] or issued
        spoiled = account["spoiled"] if printed > issued else 0     # None: not recorded (a blank)
        out.append(VoidRound(rnd.kind.short, rnd.number, rnd.seats,
                             tuple(sort_names(rnd.candidate_names or slate_names or ())), issued, returned,
                             printed, spoiled,
                             roll=rolls.roll_for(store, rolls.vote_key("round", rnd.id))))
    return tuple(out)


def election_info(store, meeting: Meeting, election: Election, organ: str = "") -> ElectionInfo:
    """``organ``: the name the papers sign with (the committee's, or the branch's own)."""
    view = slate.view(store, election.id)
    options = ElectionOptions(meeting.allow_exact_four_fifths, meeting.count_unmarked_write_in)
    office = election.post.label
    return ElectionInfo(title=f"{organ or meeting.branch}{office}选举",
                        kind=election.round_kind, seats=election.seats,
                        candidates=tuple(sort_names(view.names)),
                        scrutineers=tuple(view.scrutineers), tellers=tuple(view.counters),
                        options=options, office=office if office in POST_LABELS.values() else "委员")


def posts_at_meeting(elections) -> list:
    """A branch without a committee: the 书记 (then 副书记) elections the 党员大会 holds itself
    (RULES.md §3, §7); [] when the meeting elects a committee."""
    if any(e.post is Post.COMMITTEE for e in elections):
        return []
    held = [e for e in elections if e.post in (Post.SECRETARY, Post.DEPUTY) and not e.by_committee]
    return sorted(held, key=lambda e: e.post is Post.DEPUTY)


def plenary_info(store, meeting: Meeting) -> Plenary | None:
    row = plenary_row(store, meeting.id)
    if not row["committee"]:
        return None
    votes, voids = [], []
    scrutineer = teller = ""
    for election in meetings.elections(store, meeting.id):
        post = POST_LABELS.get(election.post)
        if post is None:
            continue
        for result in round_results(store, election.id):
            name = "、".join(result.record.candidates)
            votes.append(PostVote(post, name, result))
        voids += [(post, v) for v in void_rounds(store, election.id)]
        view = slate.view(store, election.id)
        scrutineer = scrutineer or "、".join(view.scrutineers)
        teller = teller or "、".join(view.counters)
    if not votes:
        return None
    votes.sort(key=lambda v: tuple(POST_LABELS.values()).index(v.post))
    posts = tuple((p["name"], p["post"]) for p in plenary_posts(store, meeting.id)
                  if p["post"] not in POST_LABELS.values())
    return Plenary(convener=row["convener"], expected=len(row["committee"]),
                   present=len(row["present"]), votes=tuple(votes), posts=posts,
                   meeting_date=_date(meeting.date), scrutineer=scrutineer, teller=teller,
                   voids=tuple(voids))


def term_info(meeting: Meeting, counts: Attendance, deputy_seats: int = 1) -> TermInfo | None:
    elected, expires = _date(meeting.term_elected_on), _date(meeting.term_expires_on)
    if elected is None or expires is None:
        return None
    probationary = sum(1 for m in counts.members if m.status.value == "probationary")
    return TermInfo(elected_on=elected, expires_on=expires, member_count=counts.total_members,
                    full_members=counts.full_members, probationary=probationary,
                    deputy_seats=deputy_seats, request_date=_date(meeting.term_request_sent_on))


def audit_log(store) -> tuple[dict, ...]:
    """The whole chain, first event to last (a filtered log would look broken)."""
    keys = ("seq", "at", "actor", "action", "meeting_id", "detail", "prev_hash", "hash")
    return tuple({k: getattr(event, k) for k in keys} for event in chain.events(store))


def dossier_for(store, meeting_id: int, election_id: int | None = None,
                report_date: dt.date | None = None) -> Dossier:
    """The paperwork's input for one election of a meeting (default: the committee election)."""
    meeting = meetings.get_meeting(store, meeting_id)
    elections = meetings.elections(store, meeting_id)
    election = next((e for e in elections if e.id == election_id), None) if election_id else \
        next((e for e in elections if e.post is Post.COMMITTEE), elections[0])
    info = meeting_info(store, meeting)
    also: tuple[HeldElection, ...] = ()
    posts = posts_at_meeting(elections)
    if posts and (election_id is None or election in posts):
        # no committee: the papers sign as the branch itself, and hold the 书记 and 副书记 elections
        info = dataclasses.replace(info, branch_name=info.branch)
        election = posts[0]
        also = tuple(HeldElection(election_info(store, meeting, e, info.branch_name), round_results(store, e.id),
                                  void_rounds(store, e.id)) for e in posts[1:])
    counts = attendance(store, meeting_id)
    return with_facts(Dossier(meeting=info, attendance=counts,
                   election=election_info(store, meeting, election, info.branch_name),
                   rounds=round_results(store, election.id), voids=void_rounds(store, election.id), also=also,
                   plenary=plenary_info(store, meeting),
                   term=term_info(meeting, counts, sum(e.seats for e in elections if e.post == "deputy")),
                   report_date=report_date or _date(meeting.date),
                   audit_log=audit_log(store), **other_votes(store, meeting_id),
                   scans=tuple(("ballot.png", picture) for each in elections   # every election's
                               for picture in adjudication.archive_pictures(store, each.id))),
        paper_facts.facts(store, meeting_id))


def with_facts(d: Dossier, known: dict[str, str]) -> Dossier:
    """The facts recorded on the documents screen (shows of hands, contact, 记录人)."""
    plenary = d.plenary
    if plenary is not None and known.get("plenary_recorder"):
        plenary = dataclasses.replace(plenary, recorder=known["plenary_recorder"])
    meeting = dataclasses.replace(d.meeting, contact_person=known.get("contact_person", ""),
                                  contact_phone=known.get("contact_phone", ""))
    phone = known.get("contact_phone", "")
    return dataclasses.replace(
        d, meeting=meeting, plenary=plenary,
        contact=d.contact or (f"支部委员会（联系电话：{phone}）" if phone else ""),   # 公示's channel
        rules_vote=paper_facts.hand_vote(known.get("rules_vote")),
        tellers_vote=paper_facts.hand_vote(known.get("tellers_vote")),
        exclusions_vote=paper_facts.hand_vote(known.get("exclusions_vote")))


def other_votes(store, meeting_id: int) -> dict[str, Any]:
    """表决 and 民主测评 of the same meeting: 决议, 主持词 lines and archive records."""
    decided = tuple(Resolution(**f) for f in motions.resolutions(store, meeting_id))
    script = list(motions.script_lines(store, meeting_id))
    records = []
    moved = motions.archive_data(store, meeting_id)
    if moved:
        records.append(("motions", moved))
    rated = appraisal.archive_data(store, meeting_id)
    if rated:                       # its 主持词 step is written from the record
        records.append(("appraisals", rated))
    return {"resolutions": decided, "other_script": tuple(script), "other_votes": tuple(records)}
