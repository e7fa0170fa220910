"""Rehearsal steps after sign-in: print, count every round, plenary, paperwork.

The rounds are the scenario's (``play.count``/``play.hold_plenary``); the
rehearsal adds what a person checks on the way through ``play.Hooks``: every round's
ballots are printed into the folder before they are issued, every entered pile is
also marked, scanned and read (``scan_pile``), and every closed round is exported as
``round-*.json`` (TALLY-JSON) and re-judged from that file alone.  Artefacts:
``ballots-*.pdf``, ``round-*.json``, the documents and ``archive.zip``.
"""
from __future__ import annotations

import json
import shutil
from typing import Any

from ..core.export import verdict_to_data
from ..core.record import parse_round
from ..core.verdict import judge
from ..service import counting, meetings, papers
from ..service.entry import state
from . import play
from .context import ACTOR, Rehearsal
from .scan_pile import scan_pile


def print_round(r: Rehearsal, round_id: int) -> None:
    if round_id in r.printed:
        return
    outcome = papers.print_ballots(r.store, ACTOR, round_id, r.out / "_papers")
    if not outcome.ok:
        raise RuntimeError(outcome.message)
    target = r.out / outcome.value.name
    shutil.move(str(outcome.value), target)
    shutil.rmtree(r.out / "_papers", ignore_errors=True)
    r.artefacts.append(target.name)
    r.printed.add(round_id)


def step_print(r: Rehearsal) -> None:
    """印制第一轮选票 (before the meeting)."""
    rnd = meetings.current_round(r.store, r.committee_id)
    print_round(r, rnd.id)
    r.summary["printed"] = papers.paper_account(r.store, rnd.id)["printed"]


def hooks(r: Rehearsal, held: list[dict[str, Any]]) -> play.Hooks:
    scans: dict[int, dict[str, Any]] = {}

    def entered(round_id: int, pile: list[dict]) -> None:
        scans[round_id] = scan_pile(r, round_id, pile, seed=round_id)   # the same pile, scanned

    def closed(round_id: int, verdict: dict[str, Any]) -> None:
        held.append(keep_round(r, round_id, verdict, scans.pop(round_id)))

    return play.Hooks(printed=lambda round_id: print_round(r, round_id), entered=entered, closed=closed)


def keep_round(r: Rehearsal, round_id: int, verdict: dict[str, Any], scan: dict[str, Any]) -> dict[str, Any]:
    """Write round-*.json and re-judge it from that file alone: it must give the same verdict."""
    rnd = meetings.get_round(r.store, round_id)
    data = counting.export_round(r.store, round_id)
    name = f"round-E{rnd.election_id}-R{rnd.number}.json"
    r.write(name, json.dumps(data, ensure_ascii=False, indent=1))
    again = verdict_to_data(judge(parse_round(data)))
    if again != verdict:
        raise RuntimeError(f"{name}: 重新计票与系统结果不一致")
    return {"round": rnd.number, "kind": rnd.kind.value, "file": name, "status": again["status"],
            "elected": again["elected"], "valid": again["valid_ballots"],
            "invalid": again["invalid_ballots"], "runoff": again["runoff"],
            "shortfall": again["shortfall"], "issued": rnd.issued, "scan": scan}


def step_count(r: Rehearsal) -> None:
    """Count the committee election through the scenario's runoff or 另行选举 until settled."""
    rounds: list[dict[str, Any]] = []
    play.count(r.store, r.scenario, ACTOR, r.played, hooks(r, rounds))
    result = counting.election_result(r.store, r.committee_id)
    held = [{"round": x.number, "kind": x.kind.value, "status": state(r.store, x.id).status.value}
            for x in meetings.rounds(r.store, r.committee_id)]       # a void round is held, not counted
    r.summary["count"] = {"rounds": rounds, "held": held, "elected": result["elected"],
                          "complete": result["complete"]}


def step_plenary(r: Rehearsal) -> None:
    """委员会第一次全体会议: 书记 (and 副书记) 等额 by the new committee, then 分工."""
    rounds: list[dict[str, Any]] = []
    play.hold_plenary(r.store, r.scenario, ACTOR, r.played, hooks(r, rounds))
    posts = [v.post for v in r.scenario.posts_elected]
    r.summary["plenary"] = {"convener": r.scenario.convener, **dict(zip(posts, rounds)),
                            "posts": {**{v.name: v.post for v in r.scenario.posts_elected},
                                      **dict(r.scenario.posts)}}


def step_documents(r: Rehearsal) -> None:
    """The whole paperwork and the sealed archive, then verify it as a stranger would."""
    from ..documents.bundle import write_documents
    from ..documents.verify import verify_archive

    written = write_documents(play.dossier(r.store, r.scenario, r.played), r.out / "documents")
    check = verify_archive(written.archive)
    r.artefacts += [str(p.relative_to(r.out)) for p in written.files]
    r.artefacts.append(str(written.archive.relative_to(r.out)))
    r.summary["documents"] = {"files": len(written.files), "archive": str(written.archive.name),
                              "root": written.root, "verified": check.ok,
                              "verify_message": check.summary}
    if not check.ok:
        raise RuntimeError(check.summary)
