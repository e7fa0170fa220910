"""The projector view (full screen, large type) and the quorum JSON it polls."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template

from ..service import meetings, signin, slate
from . import get_store
from .access import requires

bp = Blueprint("projector", __name__)


@bp.route("/m/<int:meeting_id>/quorum.json")
@requires("teller", "scrutineer", "projector")
def quorum_json(meeting_id: int):
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    elections = [{"title": e["title"], "seats": e["seats"], "kind": e["kind_label"],
                  "candidates": list(slate.candidate_names(store, e["id"]))}
                 for e in meetings.elections(store, meeting_id)]
    return jsonify(meeting={"branch": meeting["branch"], "date": meeting["date"]},
                   quorum=signin.quorum_data(signin.quorum(store, meeting_id)), elections=elections)


@bp.route("/m/<int:meeting_id>/projector")
@requires("teller", "scrutineer", "projector")
def projector(meeting_id: int):
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    return render_template("projector.html", meeting=meeting, quorum=signin.quorum(store, meeting_id))
