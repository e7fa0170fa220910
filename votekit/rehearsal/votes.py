"""The other votes of the demo meeting (RULES.md §10), for the demo and the rehearsal.

- ``add_demo_votes(store, actor, meeting_id)``: the agenda items a demo meeting
  carries besides the election — one 接收预备党员 motion and a 民主测评 round.
- ``step_votes(r)``: a rehearsal step (append to ``votekit.rehearsal.run.STEPS`` after
  sign-in): records the admission by show of hands, prints the 测评表 and the
  支部大会决议 into the rehearsal folder, enters every returned sheet through the
  service (as the keyboard screen does), closes the round and writes the summary.
"""
from __future__ import annotations

import json
import random
import secrets
from typing import Any

from ..core.appraisal import KEYS, Rating
from ..core.motions import VoteCounts, VoteMethod
from ..pdf.appraisal_sheet import SheetSpec, render_sheets
from ..pdf.resolution import ResolutionPaper, render_resolutions
from ..service import appraisal, motions, signin
from ..store import Store

ADMIT = "林晓"     # 发展对象, not on the roster yet
KEYBOARD = "1111111222223450"   # how often each key comes up on the demo sheets


def add_demo_votes(store: Store, actor: str, meeting_id: int) -> dict[str, int]:
    """The demo's motion and appraisal round (ids), nothing voted yet."""
    motion_id = motions.add_motion(store, actor, meeting_id, "admit", ADMIT).value
    appraisal_id = appraisal.add_appraisal(store, actor, meeting_id).value
    return {"motion_id": motion_id, "appraisal_id": appraisal_id}


def demo_sheet(names: list[str], rng: random.Random) -> dict[str, Any]:
    """One filled sheet as the keyboard screen sends it (one key per member)."""
    typed = {name: KEYS[rng.choice(KEYBOARD)] for name in names}
    return {"ratings": {n: r.value for n, r in typed.items() if r is not Rating.BLANK}}


def vote_on_admission(store: Store, actor: str, motion_id: int, present: int) -> dict[str, Any]:
    against, abstain = (1, 1) if present > 4 else (0, 0)
    counts = VoteCounts(VoteMethod.HANDS, present - against - abstain, against, abstain)
    outcome = motions.record_vote(store, actor, motion_id, counts)
    if not outcome.ok:
        raise RuntimeError(outcome.message)
    return outcome.value


def run_appraisal(store: Store, actor: str, appraisal_id: int, raters: int, out) -> dict[str, Any]:
    row = appraisal.get_appraisal(store, appraisal_id)
    spec = SheetSpec(row.title, tuple(row.names), appraisal.payload(store, appraisal_id))
    render_sheets(spec, raters, out / "民主测评表.pdf", spares=2)
    appraisal.record_issued(store, actor, appraisal_id, raters)
    rng = random.Random(2026)
    for _i in range(raters):
        done = appraisal.submit_sheet(store, actor, appraisal_id, demo_sheet(row.names, rng),
                                      secrets.token_hex(16))    # random: a counter would date each sheet
        if not done.ok:
            raise RuntimeError(done.message)
    appraisal.record_returned(store, actor, appraisal_id, raters)
    closed = appraisal.close(store, actor, appraisal_id)
    if not closed.ok:
        raise RuntimeError(closed.message)
    return appraisal.summary(store, appraisal_id)


def step_votes(r) -> None:
    """Rehearsal step: the resolution and the appraisal of the demo meeting."""
    ids = add_demo_votes(r.store, "演练", r.meeting_id)
    present = signin.quorum(r.store, r.meeting_id).present
    verdict = vote_on_admission(r.store, "演练", ids["motion_id"], present)
    render_resolutions([ResolutionPaper(**motions.paper_fields(r.store, ids["motion_id"]))],
                       r.out / "支部大会决议.pdf")
    raters = appraisal.raters_present(r.store, r.meeting_id)
    summary = run_appraisal(r.store, "演练", ids["appraisal_id"], raters, r.out)
    r.write("民主测评汇总.json", json.dumps(summary, ensure_ascii=False, indent=2))
    r.artefacts += ["民主测评表.pdf", "支部大会决议.pdf"]
    r.summary["votes"] = {
        "resolution": {"subject": verdict["subject"], "carried": verdict["carried"],
                       "sentence": verdict["sentence"]},
        "appraisal": {"appraised": len(summary["members"]), "issued": summary["issued"],
                      "entered": summary["entered"], "status": summary["status"],
                      "sentence": summary["sentence"]}}
