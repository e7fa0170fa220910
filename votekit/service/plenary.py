"""The new committee's first plenary (委员会第一次全体会议): 书记/副书记, posts.

The electorate is the elected committee (RULES.md §2–§3): 应到 = the
committee members, 实到 = those at the plenary, the same 4/5 quorum, and
书记/副书记 are elected 等额 from among them with their own ballots.  The
quorum is the core's ``assess_quorum`` over the committee as ``Member`` values.
Then the division of posts (组织委员、宣传委员、纪检委员…) is recorded.
"""
from __future__ import annotations

import json
from typing import Any, Sequence

from ..core.order import order_key, sort_names
from ..core.quorum import QuorumReport, assess_quorum
from ..core.vocabulary import Member, MemberStatus
from ..store import Store
from . import Outcome, audit
from .meetings import elections, get_meeting, round_options

POSTS = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员", "统战委员", "保密委员", "委员")


def committee(store: Store, meeting_id: int) -> tuple[str, ...]:
    """Everyone elected to the committee at this meeting (all closed rounds), 姓氏笔画 order."""
    from .results import election_result
    names: list[str] = []
    for election in elections(store, meeting_id):
        if election["post"] in ("committee", "by_election"):
            names += election_result(store, election["id"])["elected"]
    return tuple(sort_names(names))


def plenary(store: Store, meeting_id: int) -> dict[str, Any]:
    row = store.get("plenary", meeting_id=meeting_id)
    if row is None:
        return {"meeting_id": meeting_id, "committee": [], "present": [], "convener": ""}
    return {**row, "committee": json.loads(row["committee"]), "present": json.loads(row["present"])}


def open_plenary(store: Store, actor: str, meeting_id: int, present: Sequence[str],
                 convener: str = "") -> Outcome:
    """Record who of the new committee attends the plenary (and the 召集人)."""
    members = committee(store, meeting_id)
    if not members:
        return Outcome.refused("支部委员会委员尚未选出，不能召开委员会第一次全体会议。")
    outsiders = [n for n in present if n not in members]
    if outsiders:
        return Outcome.refused(f"{'、'.join(outsiders)}不是新当选的委员。")
    values = {"meeting_id": meeting_id, "committee": json.dumps(list(members), ensure_ascii=False),
              "present": json.dumps(sort_names(present), ensure_ascii=False), "convener": convener.strip()}
    with store.write():
        store.upsert("plenary", values, key="meeting_id")
        audit.record(store, actor, "委员会全体会议到会", {"committee": list(members),
                     "present": sort_names(present), "convener": convener.strip()}, meeting_id)
    report = plenary_quorum(store, meeting_id)
    return Outcome.done(report, report.message)


def plenary_members(store: Store, meeting_id: int) -> tuple[Member, ...]:
    row = plenary(store, meeting_id)
    present = set(row["present"])
    return tuple(Member(name, MemberStatus.FULL, name in present) for name in row["committee"])


def plenary_quorum(store: Store, meeting_id: int) -> QuorumReport:
    return assess_quorum(plenary_members(store, meeting_id), round_options(get_meeting(store, meeting_id)),
                         who="委员")


def check_plenary_slate(store: Store, meeting_id: int, candidates: Sequence[str],
                        scrutineers: Sequence[str]) -> list[str]:
    """书记/副书记 candidates and the 监票人 must be new committee members; the 监票人 not a candidate."""
    members = set(plenary(store, meeting_id)["committee"]) or set(committee(store, meeting_id))
    problems = [f"{n}不是新当选的委员，不能作为候选人。" for n in candidates if n not in members]
    problems += [f"{n}不是新当选的委员，不能担任全体会议的监票人。" for n in scrutineers if n not in members]
    return problems


def set_posts(store: Store, actor: str, meeting_id: int, posts: dict[str, str]) -> Outcome:
    """委员分工: each committee member's post (one post per member)."""
    members = set(committee(store, meeting_id))
    posts = {n.strip(): p.strip() for n, p in posts.items() if p.strip()}
    problems = [f"{n}不是新当选的委员。" for n in posts if n not in members]
    for post in ("书记", "副书记", "组织委员", "宣传委员", "纪检委员"):
        holders = [n for n, p in posts.items() if p == post]
        if len(holders) > 1:
            problems.append(f"{post}只能由一人担任，现有{'、'.join(sort_names(holders))}。")
    if problems:
        return Outcome(False, tuple(problems))
    with store.write():
        store.delete("committee_posts", meeting_id=meeting_id)
        for name, post in posts.items():
            store.insert("committee_posts", {"meeting_id": meeting_id, "name": name, "post": post})
        audit.record(store, actor, "委员分工", {"posts": posts}, meeting_id)
    return Outcome.done(posts, "委员分工已记录：" + "；".join(f"{p}：{n}" for n, p in
                                                          sorted(posts.items(), key=lambda i: _rank(i[1]))) + "。")


def _rank(post: str) -> int:
    return POSTS.index(post) if post in POSTS else len(POSTS)


def posts(store: Store, meeting_id: int) -> list[dict[str, Any]]:
    rows = store.rows("committee_posts", meeting_id=meeting_id)
    return sorted(rows, key=lambda r: (_rank(r["post"]), order_key(r["name"])))
