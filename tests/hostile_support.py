"""Shared by the hardening tests (issue 9): a counting-ready meeting behind the app,
CSRF tokens, every route of the app with its URL filled in, and hostile strings."""
from __future__ import annotations

import re
from urllib.parse import quote
from dataclasses import dataclass
from pathlib import Path

from votekit.service import audit, entry, meetings
from votekit.service.database import open_database
from votekit.web import REPO, create_app
from tests import snapshots
from tests.counting_fixtures import Meeting, build_meeting

LAN_DEVICE = {"REMOTE_ADDR": "192.168.1.23"}
PIN = "2468"                 # 会议口令: tellers and the projector
SCRUTINEER_PIN = "13579"     # 监票人口令
HOSTILE = [
    "", " ", "0", "-1", "1.5", "1e9", "NaN", "99999999999999999999999", "9" * 5000, "１２",
    "x" * 10_000, "王" * 10_000, "\x00", "\x1b[31m", "\r\n", "\u202e伟张", "\u200b王芳", "\ufeff",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<b>王</b>", "&amp;&lt;",
    "=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "../../etc/passwd", "%s%n", "{{7*7}}",
    "'; DROP TABLE ballots; --", "\ud7ff", "😀", "A", "B", "on", "1", "confirm", "committee",
    "secretary", "runoff", "further", "revote", "in", "leave", "undo", "absent", "full",
    "2026-11-22", "09:00", "张伟", "丁宁",
]
FIELDS = [
    "branch", "date", "starts_at", "place", "presiding", "recorder", "allow_exact_four_fifths",
    "count_unmarked_write_in", "post", "seats", "title", "pin", "name", "status", "gender",
    "party_group", "notes", "reason", "higher_approved_on", "meeting_approved_on", "note", "clear",
    "candidate", "scrutineers", "counters", "issued", "returned", "spoiled", "paper", "scrutineer",
    "decision", "on", "key", "right", "action", "names", "yes", "present", "convener", "role", "who",
    "replace", "post-0", "code", "current_round_id", "ballot_id", "token", "ballot", "q",
]


@dataclass
class Setup:
    app: object
    meeting: Meeting
    code: str
    db: Path
    ballots_dir: Path


def _meeting_with_pins(store) -> Meeting:
    m = build_meeting(store)
    assert meetings.set_pin(store, "书记", m.meeting_id, PIN).ok
    assert meetings.set_pin(store, "书记", m.meeting_id, SCRUTINEER_PIN, "scrutineer").ok
    return m


def make_setup(tmp: Path, **config) -> Setup:
    """The counting-ready meeting with both PINs (made once per run, tests/snapshots.py: the
    PINs' PBKDF2 was a third of a setup) in ``tmp``, its round code, and an app over it."""
    db = tmp / "meeting.sqlite3"
    m = snapshots.copy("hostile setup", _meeting_with_pins, db)
    with open_database(db) as store:
        code = entry.payload_for_round(store, m.round_id)     # the file's own key, made here
    out = tmp / "ballots"
    app = create_app({"DATABASE": str(db), "SECRET_KEY": "hostile", "TESTING": True,
                      "BALLOTS_DIR": str(out), **config})
    return Setup(app, m, code, db, out)


def csrf_token(client, path: str = "/") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def login(client, meeting_id: int, role: str, pin: str | None = None, who: str = "小李"):
    """Sign a LAN device in; by default with the PIN its role needs."""
    pin = pin if pin is not None else (SCRUTINEER_PIN if role == "scrutineer" else PIN)
    t = csrf_token(client, f"/m/{meeting_id}/login")
    return client.post(f"/m/{meeting_id}/login", data={"csrf_token": t, "pin": pin, "role": role, "who": who})


def routes(app, method: str) -> list:
    """Every rule of the app that answers ``method`` (static files and fonts aside)."""
    return sorted((r for r in app.url_map.iter_rules()
                   if method in r.methods and r.endpoint not in ("static", "fonts")), key=lambda r: r.rule)


def url_for_rule(rule, m: Meeting, ballot_id: str = "0") -> str:
    values = {"meeting_id": m.meeting_id, "election_id": m.election_id, "round_id": m.round_id,
              "member_id": 1, "ballot_id": quote(ballot_id, safe="")}
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda g: str(values.get(g.group(1), 1)), rule.rule)


def audit_events(db: Path) -> list[dict]:
    with open_database(db) as store:
        return store.rows("audit", order_by="seq")


def chain_ok(db: Path) -> bool:
    with open_database(db) as store:
        return audit.verify(store).ok and store.integrity_ok()


def repo_snapshot() -> dict[str, float]:
    """Files at the kit's top level folders a request could write to by mistake."""
    seen = {}
    for folder in (REPO / "ballots", REPO / "instance", REPO / "documents", REPO / "tmp"):
        if folder.exists():
            for path in folder.rglob("*"):
                if path.is_file() and "__pycache__" not in path.parts:
                    seen[str(path)] = path.stat().st_mtime
    return seen
