"""Rehearsal step: the other votes of the demo meeting (RULES.md §10).

The scenario's 接收预备党员 表决 (show of hands) and 民主测评 are played by
``play.other_votes``; the rehearsal prints the 测评表 before they are handed out,
the 支部大会决议 after the vote, and writes the 测评 summary.
"""
from __future__ import annotations

import json

from ..pdf.appraisal_sheet import SheetSpec, render_sheets
from ..pdf.resolution import ResolutionPaper, render_resolutions
from ..service import appraisal, motions
from . import play
from .context import ACTOR, Rehearsal


def step_votes(r: Rehearsal) -> None:
    p = r.played
    row = appraisal.get_appraisal(r.store, p.appraisal_id)
    spec = SheetSpec(row.title, tuple(row.names), appraisal.payload(r.store, p.appraisal_id))
    render_sheets(spec, appraisal.raters_present(r.store, r.meeting_id), r.out / "民主测评表.pdf", spares=2)
    play.other_votes(r.store, r.scenario, ACTOR, p)
    render_resolutions([ResolutionPaper(**motions.paper_fields(r.store, p.motion_id))],
                       r.out / "支部大会决议.pdf")
    summary = appraisal.summary(r.store, p.appraisal_id)
    verdict = motions.get_motion(r.store, p.motion_id).verdict_data
    r.write("民主测评汇总.json", json.dumps(summary, ensure_ascii=False, indent=2))
    r.artefacts += ["民主测评表.pdf", "支部大会决议.pdf"]
    r.summary["votes"] = {
        "resolution": {"subject": verdict["subject"], "carried": verdict["carried"],
                       "sentence": verdict["sentence"]},
        "appraisal": {"appraised": len(summary["members"]), "issued": summary["issued"],
                      "entered": summary["entered"], "status": summary["status"],
                      "sentence": summary["sentence"]}}
