"""签到: the check-in screen (JSON actions), and the printable 签到表."""
from __future__ import annotations

from flask import Blueprint, abort, g, jsonify, render_template, request

from ..service import meetings, roster, signin
from . import get_store, json_object
from .access import requires

bp = Blueprint("signin", __name__)
ACTIONS = {"in": signin.sign_in, "leave": signin.record_leaving, "undo": signin.undo_sign_in,
           "absent": signin.record_absence}


@bp.route("/m/<int:meeting_id>/signin")
@requires("teller", "scrutineer")
def screen(meeting_id: int):
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    return render_template("signin.html", meeting=meeting, quorum=signin.quorum(store, meeting_id))


@bp.route("/m/<int:meeting_id>/signin.json")
@requires("teller", "scrutineer")
def listing(meeting_id: int):
    store = get_store()
    rows = signin.search(store, meeting_id, request.args.get("q", ""))
    return jsonify(members=[signin.public_row(r) for r in rows],
                   quorum=signin.quorum_data(signin.quorum(store, meeting_id)))


@bp.route("/m/<int:meeting_id>/signin/<int:member_id>", methods=["POST"])
@requires("teller", "scrutineer")
def act(meeting_id: int, member_id: int):
    store = get_store()
    member = roster.get_member(store, member_id)
    if member is None or member["meeting_id"] != meeting_id:
        abort(404)
    data = json_object()
    action = ACTIONS.get(str(data.get("action", "in")))
    if action is None:
        abort(400)
    if action is signin.record_absence:
        outcome = action(store, g.actor, member_id, str(data.get("reason", "请假"))[:200])
    elif action is signin.record_leaving:
        outcome = action(store, g.actor, member_id, reason=str(data.get("reason", ""))[:200])
    else:
        outcome = action(store, g.actor, member_id)
    return jsonify(ok=outcome.ok, message=outcome.message,
                   quorum=signin.quorum_data(signin.quorum(store, meeting_id)))


@bp.route("/m/<int:meeting_id>/sheet")
@requires("teller", "scrutineer")
def sheet(meeting_id: int):
    """签到表 for paper: one row per member with the vote, 姓名/党小组/签名/备注, totals."""
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    rows = signin.attendance(store, meeting_id)
    voting = [r for r in rows if r["has_vote"]]
    others = [r for r in rows if not r["has_vote"]]
    return render_template("sheet.html", meeting=meeting, voting=voting, others=others,
                           quorum=signin.quorum(store, meeting_id))
