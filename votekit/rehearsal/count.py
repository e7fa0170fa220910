"""Rehearsal steps after sign-in: print, vote, count, further rounds, plenary, paperwork.

Every action goes through the same service calls the web app makes; the
ballots are seeded random papers (a few over-marked, blank or with a write-in),
entered one by one as tellers would.  Artefacts land in the rehearsal folder:
``ballots-*.pdf``, ``round-*.json`` (TALLY-JSON, re-counted by ``votekit tally``),
the documents and ``archive.zip``.
"""
from __future__ import annotations

import json
import random
import secrets
import shutil
from typing import Any

from ..core.export import verdict_to_data
from ..core.record import parse_round
from ..core.verdict import judge
from ..service import ballots, counting, meetings, papers, plenary, signin, slate
from ..service.entry import submit
from .scan_pile import scan_pile

from .context import ACTOR, Rehearsal

POSTS = ("组织委员", "宣传委员", "纪检委员")
MAX_ROUNDS = 4


def print_round(r: Rehearsal, round_id: int) -> None:
    outcome = papers.print_ballots(r.store, ACTOR, round_id, r.out / "_papers")
    if not outcome.ok:
        raise RuntimeError(outcome.message)
    target = r.out / outcome.value.name
    shutil.move(str(outcome.value), target)
    shutil.rmtree(r.out / "_papers", ignore_errors=True)
    r.artefacts.append(target.name)


def step_print(r: Rehearsal) -> None:
    """印制第一轮选票 (before the meeting)."""
    rnd = meetings.current_round(r.store, r.committee_id)
    print_round(r, rnd["id"])
    r.summary["printed"] = papers.paper_account(r.store, rnd["id"])["printed"]


def seeded_papers(names: tuple[str, ...], seats: int, voters: int, rng: random.Random,
                  writable: list[str], liking: dict[str, float]) -> list[dict[str, Any]]:
    """Ballots as tellers read them: mostly in favour of the popular, some odd ones."""
    out = []
    for i in range(voters):
        if i == 0:
            out.append({"marks": {n: "agree" for n in names}, "write_ins": []})  # over-marked if > seats
            continue
        if i == 1:
            out.append({"marks": {}, "write_ins": []})  # blank: all abstain
            continue
        if i == 2 and writable and len(names) >= seats:     # one crosses a name and writes another in
            marks = {n: "agree" for n in names[:seats - 1]} | {n: "disagree" for n in names[seats - 1:]}
            out.append({"marks": marks, "write_ins": [{"name": writable[0], "mark": "agree"}]})
            continue
        agree = [n for n in names if rng.random() < liking.get(n, 0.5)][:seats]
        marks = {n: "agree" for n in agree}
        for n in names:
            if n not in marks and rng.random() < 0.6:
                marks[n] = "disagree"
        write_ins = []
        crossed = [n for n, m in marks.items() if m == "disagree"]
        if crossed and writable and len(agree) < seats and rng.random() < 0.05:
            write_ins.append({"name": rng.choice(writable), "mark": "agree"})
        out.append({"marks": marks, "write_ins": write_ins})
    rng.shuffle(out)
    return out


def count_round(r: Rehearsal, round_id: int, rng: random.Random, voters: int,
                writable: list[str], liking: dict[str, float]) -> dict[str, Any]:
    """Enter every returned ballot, read the same pile from a scan and reconcile,
    record the count back, close, write round-*.json."""
    rnd = meetings.get_round(r.store, round_id)
    left = papers.paper_account(r.store, round_id)["printed"] - rnd["issued"]
    papers.record_spoiled(r.store, ACTOR, round_id, left)  # 剩余选票当场剪角作废
    names = papers.round_candidates(r.store, rnd)
    pile = seeded_papers(names, rnd["seats"], voters, rng, writable, liking)
    for paper in pile:
        outcome = submit(r.store, ACTOR, round_id, paper, secrets.token_hex(16))
        if not outcome.ok:
            raise RuntimeError(outcome.message)
    ballots.record_returned(r.store, ACTOR, round_id, voters)
    scan = scan_pile(r, round_id, pile, seed=round_id)       # the same pile read from a scan
    closed = counting.close_round(r.store, ACTOR, round_id)
    if not closed.ok:
        raise RuntimeError(closed.message)
    data = counting.export_round(r.store, round_id)
    election = meetings.get_election(r.store, rnd["election_id"])
    name = f"round-E{election['id']}-R{rnd['number']}.json"
    r.write(name, json.dumps(data, ensure_ascii=False, indent=1))
    again = verdict_to_data(judge(parse_round(data)))
    if again != closed.value:
        raise RuntimeError(f"{name}: 重新计票与系统结果不一致")
    return {"round": rnd["number"], "kind": rnd["kind"], "file": name, "status": again["status"],
            "elected": again["elected"], "valid": again["valid_ballots"],
            "invalid": again["invalid_ballots"], "runoff": again["runoff"],
            "shortfall": again["shortfall"], "scan": scan}


def step_count(r: Rehearsal) -> None:
    """Count the committee election through any runoff or 另行选举 until the seats are filled."""
    rng = random.Random(20261122)
    candidates = list(slate.view(r.store, r.committee_id).names)
    liking = {n: p for n, p in zip(candidates, (0.92, 0.88, 0.83, 0.78, 0.72, 0.35, 0.3, 0.3))}
    writable = [m["name"] for m in r.store.rows("members", meeting_id=r.meeting_id)
                if m["status"] == "full" and m["name"] not in candidates][:3]
    voters = signin.quorum(r.store, r.meeting_id).present
    rounds = []
    round_id = meetings.current_round(r.store, r.committee_id)["id"]
    for _ in range(MAX_ROUNDS):
        rounds.append(count_round(r, round_id, rng, voters, writable, liking))
        last = rounds[-1]
        if last["status"] == "runoff_needed":
            opened = counting.next_round(r.store, ACTOR, round_id, "runoff")
        elif last["status"] == "shortfall":
            best = sorted(candidates, key=lambda n: -liking.get(n, 0))
            names = [n for n in best if n not in counting.election_result(
                r.store, r.committee_id)["elected"]][:last["shortfall"] + 1]
            opened = counting.next_round(r.store, ACTOR, round_id, "further", names)
        else:
            break
        if not opened.ok:
            raise RuntimeError(opened.message)
        round_id = opened.value
        print_round(r, round_id)
        ballots.issue_ballots(r.store, ACTOR, round_id, voters)
        liking = {n: min(0.95, liking.get(n, 0.5) + rng.random() * 0.3) for n in candidates}
    result = counting.election_result(r.store, r.committee_id)
    r.summary["count"] = {"rounds": rounds, "elected": result["elected"],
                          "complete": result["complete"]}


def step_plenary(r: Rehearsal) -> None:
    """委员会第一次全体会议: 书记 等额 by the new committee, then 分工."""
    committee = list(plenary.committee(r.store, r.meeting_id))
    if len(committee) < 2:
        raise RuntimeError("委员会未选出，不能演练第一次全体会议")
    opened = plenary.open_plenary(r.store, ACTOR, r.meeting_id, committee, convener=committee[0])
    secretary = next(e for e in meetings.elections(r.store, r.meeting_id) if e["post"] == "secretary")
    chosen, scrutineer = committee[0], committee[-1]
    slate.set_candidates(r.store, ACTOR, secretary["id"], [chosen])
    slate.set_tellers(r.store, ACTOR, secretary["id"], [scrutineer], [])
    rnd = meetings.current_round(r.store, secretary["id"])
    print_round(r, rnd["id"])
    issued = ballots.issue_ballots(r.store, ACTOR, rnd["id"], len(committee))
    if not issued.ok:
        raise RuntimeError(issued.message)
    rng = random.Random(7)
    result = count_round(r, rnd["id"], rng, len(committee), [], {chosen: 0.95})
    others = [n for n in committee if n != chosen]
    posts = {chosen: "书记", **{n: p for n, p in zip(others, POSTS)}}
    plenary.set_posts(r.store, ACTOR, r.meeting_id, posts)
    r.summary["plenary"] = {"quorum": opened.message, "secretary": result, "posts": posts}


def step_documents(r: Rehearsal) -> None:
    """The whole paperwork and the sealed archive, then verify it as a stranger would."""
    from ..documents.bundle import write_documents
    from ..service.dossier import dossier_for
    from ..documents.verify import verify_archive

    dossier = dossier_for(r.store, r.meeting_id, r.committee_id)
    written = write_documents(dossier, r.out / "documents")
    check = verify_archive(written.archive)
    r.artefacts += [str(p.relative_to(r.out)) for p in written.files]
    r.artefacts.append(str(written.archive.relative_to(r.out)))
    r.summary["documents"] = {"files": len(written.files), "archive": str(written.archive.name),
                              "root": written.root, "verified": check.ok,
                              "verify_message": check.summary}
    if not check.ok:
        raise RuntimeError(check.summary)
