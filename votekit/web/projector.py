"""The hall screen (projector: full screen, large type, follows the meeting by itself),
the presiding officer's live 主持词, and the JSON they poll."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template

from ..service import hall, meetings, signin, slate
from . import get_store
from .access import requires

bp = Blueprint("projector", __name__)


def _meeting(meeting_id: int) -> dict:
    return meetings.get_meeting(get_store(), meeting_id) or abort(404)


@bp.route("/m/<int:meeting_id>/quorum.json")
@requires("teller", "scrutineer", "projector")
def quorum_json(meeting_id: int):
    store = get_store()
    meeting = _meeting(meeting_id)
    elections = [{"title": e.title, "seats": e.seats, "kind": e.kind_label,
                  "candidates": list(slate.candidate_names(store, e.id))}
                 for e in meetings.elections(store, meeting_id)]
    return jsonify(meeting={"branch": meeting.branch, "date": meeting.date},
                   quorum=signin.quorum_data(signin.quorum(store, meeting_id)), elections=elections)


@bp.route("/m/<int:meeting_id>/hall.json")
@requires("teller", "scrutineer", "projector")
def hall_json(meeting_id: int):
    _meeting(meeting_id)
    return jsonify(hall.hall(get_store(), meeting_id))


@bp.route("/m/<int:meeting_id>/projector")
@requires("teller", "scrutineer", "projector")
def projector(meeting_id: int):
    meeting = _meeting(meeting_id)
    return render_template("projector.html", meeting=meeting, hall=hall.hall(get_store(), meeting_id))


@bp.route("/m/<int:meeting_id>/script.json")
@requires("teller", "scrutineer", "projector")
def script_json(meeting_id: int):
    _meeting(meeting_id)
    return jsonify(hall.script(get_store(), meeting_id))


@bp.route("/m/<int:meeting_id>/script")
@requires("teller", "scrutineer", "projector")
def script(meeting_id: int):
    meeting = _meeting(meeting_id)
    return render_template("script.html", meeting=meeting, script=hall.script(get_store(), meeting_id))
