"""The rehearsal: the demo meeting run end to end without a browser, into DIR.

``rehearse(out_dir)`` builds a fresh database in DIR, imports the demo roster
from an .xlsx file, prepares the slate, signs members in one by one (watching
the quorum turn valid), issues the ballots and checks the audit chain; it
renders the 签到表 through the web app's own routes and writes ``summary.json``.
Later capabilities add steps to ``STEPS`` (ballots, verdict, documents, archive).
"""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any, Callable

from . import demo
from ..service import audit, ballots, meetings, roster, signin, slate
from ..store import open_store
from .context import ACTOR, Rehearsal, SteppingClock
from .count import step_count, step_documents, step_plenary, step_print
from .votes import step_votes

ABSENT = ("郑淑芬", "梁国栋", "何建平")   # 请假: stay in 应到
LATE = "林小燕"


def step_prepare(r: Rehearsal) -> None:
    date = r.store.now()[:10]
    r.write("党员名册.xlsx", demo.roster_xlsx())
    r.meeting_id = demo.create_demo_meeting(r.store, ACTOR, date, import_roster=False)
    r.committee_id = meetings.elections(r.store, r.meeting_id)[0]["id"]
    outcome = roster.import_roster(r.store, ACTOR, r.meeting_id, "党员名册.xlsx",
                                   (r.out / "党员名册.xlsx").read_bytes())
    demo.prepare_slate(r.store, ACTOR, r.meeting_id, r.committee_id, date)
    view = slate.view(r.store, r.committee_id)
    r.summary["roster"] = {"imported": outcome.value, "message": outcome.message}
    r.summary["slate"] = {"seats": view.seats, "min_candidates": view.min_candidates,
                          "candidates": list(view.names), "to_confirm": list(view.to_confirm),
                          "ok": view.ok, "scrutineers": list(view.scrutineers),
                          "counters": list(view.counters)}


def step_sign_in(r: Rehearsal) -> None:
    rows = roster.members(r.store, r.meeting_id)
    rng = random.Random(2026)
    staying_away = set(ABSENT) | {LATE, demo.EXCLUDED[0]}
    arriving = [m for m in rows if m.name not in staying_away]
    rng.shuffle(arriving)
    met_at = None
    for member in arriving:
        report = signin.sign_in(r.store, ACTOR, member.id).value
        if report.met and met_at is None:
            met_at = report.present
    for name in ABSENT:
        signin.record_absence(r.store, ACTOR, next(m.id for m in rows if m.name == name), "请假（出差）")
    late = next(m for m in rows if m.name == LATE)
    r.store.clock.t = r.store.clock.t.replace(hour=9, minute=12)
    report = signin.sign_in(r.store, ACTOR, late.id).value
    r.summary["quorum"] = {**signin.quorum_data(report), "valid_from_present": met_at}
    r.summary["attendance"] = {"signed_in": len(arriving) + 1, "late": [LATE], "on_leave": list(ABSENT)}


def step_issue(r: Rehearsal) -> None:
    rnd = meetings.current_round(r.store, r.committee_id)
    present = signin.quorum(r.store, r.meeting_id).present
    outcome = ballots.issue_ballots(r.store, ACTOR, rnd["id"], present)
    r.summary["ballots"] = {"round": rnd["number"], "issued": outcome.value, "message": outcome.message}


def step_sheet(r: Rehearsal) -> None:
    from ..web import create_app
    app = create_app({"DATABASE": r.store.path, "SECRET_KEY": "rehearsal", "TESTING": True})
    client = app.test_client()
    for route, name in ((f"/m/{r.meeting_id}/sheet", "签到表.html"),
                        (f"/m/{r.meeting_id}/quorum.json", "quorum.json")):
        response = client.get(route)
        if response.status_code != 200:
            raise RuntimeError(f"{route}: HTTP {response.status_code}")
        r.write(name, response.data)


def step_audit(r: Rehearsal) -> None:
    check = audit.verify(r.store)
    r.summary["audit"] = {"ok": check.ok, "events": check.events, "message": check.message}


STEPS: list[Callable[[Rehearsal], None]] = [step_prepare, step_print, step_sign_in, step_issue,
                                            step_sheet, step_count, step_plenary, step_votes,
                                            step_documents, step_audit]


def rehearse(out_dir: str | Path, date: str | None = None) -> dict[str, Any]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "rehearsal.sqlite3"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    day = dt.date.fromisoformat(date) if date else dt.date.today()
    store = open_store(db, clock=SteppingClock(dt.datetime.combine(day, dt.time(8, 30))))
    r = Rehearsal(out, store)
    done: list[str] = []
    try:
        for step in STEPS:
            step(r)
            done.append(step.__name__)
    finally:
        meeting = meetings.get_meeting(store, r.meeting_id) if r.meeting_id else None
        store.close()
    r.summary.update(meeting={k: meeting[k] for k in ("branch", "date", "place", "presiding",
                                                        "recorder")} if meeting else None,
                     steps=done, ok=len(done) == len(STEPS) and r.summary["audit"]["ok"],
                     artefacts=sorted(r.artefacts + ["rehearsal.sqlite3", "summary.json"]))
    (out / "summary.json").write_text(json.dumps(r.summary, ensure_ascii=False, indent=2), "utf-8")
    return r.summary
