"""The rehearsal: the demo scenario played end to end without a browser, into DIR.

``rehearse(out_dir)`` builds a fresh meeting file in DIR and plays the demo scenario
(``scenario.py``) through the service layer step by step (``play.py``): it writes the
党员名册 file and imports it, prints every round's ballots, signs members in
(watching the quorum turn valid), renders the 签到表 through the web app's own
routes, enters and scans every pile, holds the plenary and the other votes, writes
the paperwork read back from the meeting file, checks the audit chain and writes
``summary.json``.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Callable

from ..service import audit, meetings, roster, signin, slate
from ..service.database import open_store
from . import play
from .context import ACTOR, Rehearsal, SteppingClock
from .count import step_count, step_documents, step_plenary, step_print
from .scenario import roster_xlsx
from .votes import step_votes


def step_prepare(r: Rehearsal) -> None:
    r.write("党员名册.xlsx", roster_xlsx(r.scenario))
    r.played = play.prepare(r.store, r.scenario, ACTOR, import_roster=False)
    r.meeting_id, r.committee_id = r.played.meeting_id, r.played.committee_id
    outcome = roster.import_roster(r.store, ACTOR, r.meeting_id, "党员名册.xlsx",
                                   (r.out / "党员名册.xlsx").read_bytes())
    play.prepare_slate(r.store, r.scenario, ACTOR, r.played)
    view = slate.view(r.store, r.committee_id)
    r.summary["roster"] = {"imported": outcome.value, "message": outcome.message}
    r.summary["slate"] = {"seats": view.seats, "min_candidates": view.min_candidates,
                          "candidates": list(view.names), "to_confirm": list(view.to_confirm),
                          "ok": view.ok, "scrutineers": list(view.scrutineers),
                          "counters": list(view.counters)}


def step_sign_in(r: Rehearsal) -> None:
    met_at = play.sign_in(r.store, r.scenario, ACTOR, r.played)
    report = signin.quorum(r.store, r.meeting_id)
    r.summary["quorum"] = {**signin.quorum_data(report), "valid_from_present": met_at}
    r.summary["attendance"] = {"late": [n for n, _ in r.scenario.late],
                               "on_leave": [n for n, _ in r.scenario.on_leave]}


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


STEPS: list[Callable[[Rehearsal], None]] = [step_prepare, step_print, step_sign_in, step_sheet,
                                            step_count, step_plenary, step_votes,
                                            step_documents, step_audit]


def rehearse(out_dir: str | Path, date: str | None = None, variant: str = "runoff") -> dict[str, Any]:
    from .scenario import scenario
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "rehearsal.sqlite3"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")):
        stale.unlink(missing_ok=True)
    day = dt.date.fromisoformat(date) if date else dt.date.today()
    store = open_store(db, clock=SteppingClock(dt.datetime.combine(day, dt.time(8, 0))))
    r = Rehearsal(out, store, scenario(variant, day))
    done: list[str] = []
    try:
        for step in STEPS:
            step(r)
            done.append(step.__name__)
    finally:
        meeting = meetings.get_meeting(store, r.meeting_id) if r.meeting_id else None
        store.close()
    r.summary.update(meeting={k: getattr(meeting, k) for k in ("branch", "date", "place", "presiding",
                                                        "recorder")} if meeting else None,
                     variant=variant,
                     steps=done, ok=len(done) == len(STEPS) and r.summary["audit"]["ok"],
                     artefacts=sorted(r.artefacts + ["rehearsal.sqlite3", "summary.json"]))
    (out / "summary.json").write_text(json.dumps(r.summary, ensure_ascii=False, indent=2), "utf-8")
    return r.summary
