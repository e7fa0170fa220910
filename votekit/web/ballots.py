"""选票分发: the number of ballots issued (and returned) per round."""
from __future__ import annotations

from flask import Blueprint, abort, g, redirect, request, url_for

from ..service import ballots, meetings
from . import get_store
from .access import check_meeting, requires
from .meetings import number, show

bp = Blueprint("ballots", __name__)


def _round(round_id: int) -> tuple[dict, dict]:
    store = get_store()
    rnd = meetings.get_round(store, round_id) or abort(404)
    election = meetings.get_election(store, rnd["election_id"])
    check_meeting(election["meeting_id"])
    return rnd, election


@bp.route("/r/<int:round_id>/issue", methods=["POST"])
@requires("scrutineer")
def issue(round_id: int):
    _, election = _round(round_id)
    show(ballots.issue_ballots(get_store(), g.actor, round_id, number("issued"),
                               request.form.get("reason", "")))
    return redirect(url_for("meetings.dashboard", meeting_id=election["meeting_id"]) + "#ballots")


@bp.route("/r/<int:round_id>/returned", methods=["POST"])
@requires("scrutineer")
def returned(round_id: int):
    _, election = _round(round_id)
    show(ballots.record_returned(get_store(), g.actor, round_id, number("returned")))
    return redirect(url_for("meetings.dashboard", meeting_id=election["meeting_id"]) + "#ballots")
