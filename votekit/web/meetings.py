"""Meetings and their elections: the secretary's starting point."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from ..service import meetings, papers, places, signin, slate
from ..service import backup as backup_service
from . import get_store
from .access import requires
from .forms import number, show, term_reminder

bp = Blueprint("meetings", __name__)


@bp.route("/", methods=["GET", "POST"])
def index():
    store = get_store()
    if request.method == "POST":
        if g.role != "secretary":
            abort(403)
        f = request.form
        done = show(meetings.create_meeting(
            store, g.actor, f.get("branch", ""), f.get("date", ""), f.get("starts_at", ""),
            f.get("place", ""), f.get("presiding", ""), f.get("recorder", ""),
            bool(f.get("allow_exact_four_fifths"))))
        if done.ok:
            later = {k: f.get(k, "").strip() for k in ("higher_committee", "term_elected_on", "term_expires_on")}
            if any(later.values()):
                show(meetings.update_meeting(store, g.actor, done.value, **{k: v or None for k, v in later.items()}))
            return redirect(url_for("meetings.dashboard", meeting_id=done.value))
    if g.role != "secretary":           # a LAN device sees no list of meetings before it signs in
        if g.get("meeting_scope"):
            return redirect(url_for("meetings.dashboard", meeting_id=g.meeting_scope))
        found = meetings.list_meetings(store)
        if found:
            return redirect(url_for("access.login", meeting_id=max(m.id for m in found)))
        return render_template("index.html", meetings=[], meeting_file="", data_folder="")
    return render_template("index.html", meetings=meetings.list_meetings(store),
                           meeting_file=current_app.config["DATABASE"], data_folder=places.data_folder())


@bp.route("/backup", methods=["POST"])
@requires()
def backup():
    """备份会议文件 to the folder typed on the start page (a USB stick)."""
    show(backup_service.backup_meeting_file(current_app.config["DATABASE"],
                                            request.form.get("folder", ""), dt.datetime.now()))
    return redirect(url_for("meetings.index") + "#backup")


def _round_line(store, rnd, st) -> dict:
    """One round on the dashboard: the record's fields the page shows, its paper and status."""
    return {"id": rnd.id, "label": rnd.label, "seats": rnd.seats, "candidate_names": rnd.candidate_names,
            "issued": rnd.issued, "issue_reason": rnd.issue_reason, "present_at_issue": rnd.present_at_issue,
            "returned": rnd.returned, "paper": papers.paper_account(store, rnd.id),
            "status": st.status, "status_label": st.status_label}


@bp.route("/m/<int:meeting_id>")
@requires("teller", "scrutineer", "projector")
def dashboard(meeting_id: int):
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    elections = []
    for election in meetings.elections(store, meeting_id):
        states = meetings.states(store, election.id)
        elections.append({"id": election.id, "title": election.title, "kind": election.kind,
                          "kind_label": election.kind_label, "seats": election.seats,
                          "electorate": election.electorate, "slate": slate.view(store, election),
                          "rounds": [_round_line(store, r, states[r.id]) for r in meetings.rounds(store, election.id)]})
    return render_template("dashboard.html", meeting=meeting, elections=elections,
                           quorum=signin.quorum(store, meeting_id), reminder=term_reminder(meeting))


@bp.route("/m/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires()
def edit(meeting_id: int):
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    if request.method == "POST":
        f = request.form
        values = {k: f.get(k, "").strip() for k in ("branch", "date", "starts_at", "place",
                                                     "presiding", "recorder", "higher_committee",
                                                     "term_elected_on", "term_expires_on",
                                                     "term_request_sent_on", "term_request_approved_on")}
        values["allow_exact_four_fifths"] = int(bool(f.get("allow_exact_four_fifths")))
        values["count_unmarked_write_in"] = int(bool(f.get("count_unmarked_write_in")))
        if show(meetings.update_meeting(store, g.actor, meeting_id, **values)).ok:
            return redirect(url_for("meetings.dashboard", meeting_id=meeting_id))
    return render_template("meeting_edit.html", meeting=meeting)


@bp.route("/m/<int:meeting_id>/elections", methods=["POST"])
@requires()
def add_election(meeting_id: int):
    show(meetings.add_election(get_store(), g.actor, meeting_id, request.form.get("post", ""),
                               number("seats"), request.form.get("title", "")))
    return redirect(url_for("meetings.dashboard", meeting_id=meeting_id))


@bp.route("/m/<int:meeting_id>/pin", methods=["POST"])
@requires()
def set_pin(meeting_id: int):
    kind = request.form.get("kind", "meeting")
    if kind not in meetings.PIN_NAMES:
        abort(400)
    show(meetings.set_pin(get_store(), g.actor, meeting_id, request.form.get("pin", ""), kind))
    return redirect(url_for("meetings.edit", meeting_id=meeting_id))
