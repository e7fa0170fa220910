"""The new committee's first plenary (委员会第一次全体会议): 书记/副书记, posts.

The electorate is the elected committee (RULES.md §2–§3): 应到 = the
committee members, 实到 = those at the plenary, the same 4/5 quorum, and
书记/副书记 are elected 等额 from among them with their own ballots.  The
quorum is the core's ``assess_quorum`` over the committee as ``Member`` values.
Then the division of posts (组织委员、宣传委员、纪检委员…) is recorded.
"""
from __future__ import annotations

from typing import Any, Sequence

from ..core.names import canonical_name
from ..core.order import order_key, sort_names
from ..core.quorum import QuorumReport, assess_quorum
from ..core.vocabulary import Member, MemberStatus
from ..store import Store
from ..store import committee as stored_committee
from . import Outcome, audit
from .meetings import elections, get_election, get_meeting, round_options
from .sequencing import committee_names, deputy_is_secretary, election_result, other_post_problems
from .slate import set_candidates

POSTS = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员", "统战委员", "保密委员", "委员")


def committee(store: Store, meeting_id: int) -> tuple[str, ...]:
    """Everyone elected to the committee at this meeting (all closed rounds), 姓氏笔画 order."""
    return committee_names(store, meeting_id)


def committee_problem(store: Store, meeting_id: int) -> str | None:
    """Why the committee's first plenary cannot be held yet (RULES.md §7), or None:
    every committee seat must be settled — elected, or reduced by a recorded vote."""
    found = [e for e in elections(store, meeting_id) if e.post in ("committee", "by_election")]
    if not found:
        return "本次会议没有支部委员会委员的选举，不召开委员会全体会议。"
    for election in found:
        result = election_result(store, election.id)
        if not result["complete"]:
            return (f"{election.title}尚未全部产生结果（应选{result['seats']}名，已当选"
                    f"{len(result['elected'])}名，{result['phase_label']}），"
                    "委员会第一次全体会议须在全部委员选出后召开。")
    return None


def plenary(store: Store, meeting_id: int) -> dict[str, Any]:
    row = stored_committee.plenary(store, meeting_id)
    return row or {"meeting_id": meeting_id, "committee": [], "present": [], "convener": ""}


def open_plenary(store: Store, actor: str, meeting_id: int, present: Sequence[str],
                 convener: str = "") -> Outcome:
    """Record who of the new committee attends the plenary (and the 召集人)."""
    problem = committee_problem(store, meeting_id)
    if problem:
        return Outcome.refused(problem)
    members = committee(store, meeting_id)
    present = [canonical_name(n) for n in present if canonical_name(n)]
    outsiders = [n for n in present if n not in members]
    if outsiders:
        return Outcome.refused(f"{'、'.join(outsiders)}不是新当选的委员。")
    with store.write():
        stored_committee.save_plenary(store, meeting_id, members, sort_names(present), convener.strip())
        audit.record(store, actor, "委员会全体会议到会", {"committee": list(members),
                     "present": sort_names(present), "convener": convener.strip()}, meeting_id)
    report = plenary_quorum(store, meeting_id)
    return Outcome.done(report, report.message)


def plenary_members(store: Store, meeting_id: int) -> tuple[Member, ...]:
    """The plenary's electorate: the settled committee as it stands now (never a stale list),
    present as recorded at the plenary."""
    row = plenary(store, meeting_id)
    if not row["committee"]:
        return ()
    present = set(row["present"])
    return tuple(Member(name, MemberStatus.FULL, name in present) for name in committee(store, meeting_id))


def plenary_quorum(store: Store, meeting_id: int) -> QuorumReport:
    return assess_quorum(plenary_members(store, meeting_id), round_options(get_meeting(store, meeting_id)),
                         who="委员")


def check_plenary_slate(store: Store, meeting_id: int, candidates: Sequence[str],
                        scrutineers: Sequence[str], post: str | None = None) -> list[str]:
    """书记/副书记 candidates and the 监票人 must be new committee members; the 监票人 not a candidate;
    one person does not stand for both 书记 and 副书记."""
    problem = committee_problem(store, meeting_id)
    if problem:
        return [problem]
    members = set(committee(store, meeting_id))
    problems = [f"{n}不是新当选的委员，不能作为候选人。" for n in candidates if canonical_name(n) not in members]
    problems += [f"{n}不是新当选的委员，不能担任全体会议的监票人。" for n in scrutineers
                 if canonical_name(n) not in members]
    if post in ("secretary", "deputy"):
        problems += other_post_problems(store, meeting_id, post, candidates)
    return problems


def set_post_candidates(store: Store, actor: str, election_id: int, names: Sequence[str]) -> Outcome:
    """The slate of a 书记 or 副书记 election: at the plenary only new committee members (once the
    committee is settled), and never the other post's candidate or holder."""
    election = get_election(store, election_id)
    if election is None or election.post not in ("secretary", "deputy"):
        return set_candidates(store, actor, election_id, names)
    meeting_id = election.meeting_id
    extra = (check_plenary_slate(store, meeting_id, names, (), election.post)
             if election.by_committee
             else other_post_problems(store, meeting_id, election.post, names))
    return set_candidates(store, actor, election_id, names, extra)


def elected_posts(store: Store, meeting_id: int) -> dict[str, str]:
    """post label → the person elected to it (书记, 副书记), from the settled elections."""
    out = {}
    for election in elections(store, meeting_id):
        if election.post in ("secretary", "deputy"):
            result = election_result(store, election.id)
            if result["complete"] and result["elected"]:
                out[election.post_label] = result["elected"][0]
    return out


def set_posts(store: Store, actor: str, meeting_id: int, posts: dict[str, str]) -> Outcome:
    """委员分工: each committee member's post (one post per member); 书记 and 副书记 only as elected."""
    problem = committee_problem(store, meeting_id)
    if problem:
        return Outcome.refused(problem)
    members = set(committee(store, meeting_id))
    posts = {canonical_name(n): p.strip() for n, p in posts.items() if p.strip()}
    problems = [f"{n}不是新当选的委员，不能分工。" for n in posts if n not in members]
    for post in ("书记", "副书记", "组织委员", "宣传委员", "纪检委员"):
        holders = [n for n, p in posts.items() if p == post]
        if len(holders) > 1:
            problems.append(f"{post}只能由一人担任，现有{'、'.join(sort_names(holders))}。")
    elected = elected_posts(store, meeting_id)
    for election in elections(store, meeting_id):
        both = deputy_is_secretary(store, election.id) if election.post == "deputy" else None
        if both and not election_result(store, election.id)["complete"]:
            problems.append(f"{both}已当选书记，又在副书记选举中得票当选（另选他人所致）；一人不能兼任书记和副书记，"
                            "请先另行选举副书记，再分工。")
    for post in ("书记", "副书记"):
        for name in (n for n, p in posts.items() if p == post):
            if elected.get(post) != name:
                problems.append(f"{name}没有当选{post}，{post}须经选举产生"
                                + (f"（当选{post}的是{elected[post]}）。" if post in elected else "。"))
    if problems:
        return Outcome(False, tuple(problems))
    with store.write():
        stored_committee.set_posts(store, meeting_id, posts)
        audit.record(store, actor, "委员分工", {"posts": posts}, meeting_id)
    return Outcome.done(posts, "委员分工已记录：" + "；".join(f"{p}：{n}" for n, p in
                                                          sorted(posts.items(), key=lambda i: _rank(i[1]))) + "。")


def _rank(post: str) -> int:
    return POSTS.index(post) if post in POSTS else len(POSTS)


def posts(store: Store, meeting_id: int) -> list[dict[str, Any]]:
    rows = stored_committee.posts(store, meeting_id)
    return sorted(rows, key=lambda r: (_rank(r["post"]), order_key(r["name"])))
