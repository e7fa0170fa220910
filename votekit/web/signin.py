"""签到: the check-in screen (JSON actions), and the printable 签到表."""
from __future__ import annotations

import re

from flask import Blueprint, abort, g, jsonify, render_template, request

from ..service import meetings, rolls, roster, signin
from . import get_store, json_object
from .access import requires

bp = Blueprint("signin", __name__)
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


@bp.route("/m/<int:meeting_id>/signin")
@requires("teller", "scrutineer")
def screen(meeting_id: int):
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    return render_template("signin.html", meeting=meeting, quorum=signin.quorum(store, meeting_id))


@bp.route("/m/<int:meeting_id>/signin.json")
@requires("teller", "scrutineer")
def listing(meeting_id: int):
    """The whole roster with its sign-in state (the desk searches it in the page); ``q``
    filters it the same way for other callers."""
    store = get_store()
    rows = signin.search(store, meeting_id, request.args.get("q", ""))
    return jsonify(members=[signin.public_row(r) for r in rows],
                   quorum=signin.quorum_data(signin.quorum(store, meeting_id)),
                   since=rolls.since_last_vote(store, meeting_id))


def _at(store, text: str) -> str | None:
    """'HH:MM' from the dialog as a time today; empty → now."""
    text = text.strip()
    if not text:
        return None
    if not TIME.fullmatch(text):
        abort(400)
    return f"{store.now()[:10]}T{text}:00"


@bp.route("/m/<int:meeting_id>/signin/<int:member_id>", methods=["POST"])
@requires("teller", "scrutineer")
def act(meeting_id: int, member_id: int):
    store = get_store()
    member = roster.get_member(store, member_id)
    if member is None or member.meeting_id != meeting_id:
        abort(404)
    data = json_object()
    action = str(data.get("action", "in"))
    at = _at(store, str(data.get("time", "")))
    reason = str(data.get("reason", ""))[:200]
    if action == "in":
        outcome = signin.sign_in(store, g.actor, member_id, at)
    elif action == "leave":
        outcome = signin.record_leaving(store, g.actor, member_id, at, reason)
    elif action == "absent":
        outcome = signin.record_absence(store, g.actor, member_id, reason)
    elif action == "undo":
        outcome = signin.undo_sign_in(store, g.actor, member_id)
    else:
        abort(400)
    row = next(r for r in signin.attendance(store, meeting_id) if r.id == member_id)
    return jsonify(ok=outcome.ok, message=outcome.message, member=signin.public_row(row),
                   quorum=signin.quorum_data(signin.quorum(store, meeting_id)),
                   since=rolls.since_last_vote(store, meeting_id))


@bp.route("/m/<int:meeting_id>/sheet")
@requires("teller", "scrutineer")
def sheet(meeting_id: int):
    """签到表 for paper: one row per member with the vote, 姓名/党小组/签名/备注, totals."""
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    rows = signin.attendance(store, meeting_id)
    voting = [r for r in rows if r.has_vote]
    others = [r for r in rows if not r.has_vote]
    return render_template("sheet.html", meeting=meeting, voting=voting, others=others,
                           quorum=signin.quorum(store, meeting_id))
