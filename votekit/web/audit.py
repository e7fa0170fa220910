"""The audit trail screen: recent events and the chain check."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from ..service import audit, meetings
from . import get_store
from .access import requires

bp = Blueprint("audit", __name__)


@bp.route("/m/<int:meeting_id>/audit")
@requires("scrutineer")
def audit_page(meeting_id: int):
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    return render_template("audit.html", meeting=meeting, check=audit.verify(store),
                           events=audit.events(store, meeting_id))
