"""The roster screens: list, import (CSV/XLSX), hand edits, exclusions from 应到."""
from __future__ import annotations

import base64
import binascii

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for

from ..core.vocabulary import ExclusionReason
from ..service import meetings, roster
from ..service.roster_files import preview, template_csv
from ..service.roster_template import roster_template_xlsx
from . import get_store
from .access import check_meeting, requires
from .forms import number, show

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

bp = Blueprint("roster", __name__)
STATUS_CHOICES = ("正式", "预备", "留党察看", "中止")


@bp.route("/m/<int:meeting_id>/roster", methods=["GET", "POST"])
@requires("teller", "scrutineer")
def roster_page(meeting_id: int):
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    errors, checked, upload_data = (), None, None
    if request.method == "POST":
        if g.role != "secretary":
            abort(403)
        filename, data = _uploaded()
        replace = bool(request.form.get("replace"))
        if data is None:
            errors = ("请选择要导入的名册文件（.xlsx或.csv）。",)
        elif request.form.get("confirm"):          # the secretary saw the preview and confirmed
            outcome = roster.import_roster(store, g.actor, meeting_id, filename, data, replace=replace)
            if outcome.ok:
                show(outcome)
                return redirect(url_for("roster.roster_page", meeting_id=meeting_id))
            errors = outcome.messages
        else:                                      # first the preview: nothing is saved yet
            existing = set() if replace else {m.name for m in roster.members(store, meeting_id)}
            checked = preview(filename, data, existing)
            errors = ("名册未导入，请改正以下问题后重新导入：",) + checked.errors if checked.errors else ()
            upload_data = {"filename": filename, "data": base64.b64encode(data).decode("ascii"),
                           "replace": replace}
    return render_template("roster.html", meeting=meeting, members=roster.members(store, meeting_id),
                           errors=errors, statuses=STATUS_CHOICES, reasons=list(ExclusionReason),
                           checked=checked, upload=upload_data)


def _uploaded() -> tuple[str, bytes | None]:
    """The file just chosen, or the one carried from the preview to its confirmation."""
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        return upload.filename, upload.read()
    carried = request.form.get("data", "")
    if carried:
        try:
            return request.form.get("filename", "名册.xlsx")[:200], base64.b64decode(carried, validate=True)
        except (ValueError, binascii.Error):
            abort(400)
    return "", None


@bp.route("/roster/template.xlsx")
def template_xlsx():
    return Response(roster_template_xlsx(), mimetype=XLSX,
                    headers={"Content-Disposition": "attachment; filename=roster-template.xlsx"})


@bp.route("/roster/template.csv")
def template():
    return Response("\ufeff" + template_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=roster-template.csv"})


@bp.route("/m/<int:meeting_id>/roster/add", methods=["POST"])
@requires()
def add(meeting_id: int):
    f = request.form
    show(roster.add_member(get_store(), g.actor, meeting_id, f.get("name", ""), f.get("status", ""),
                           f.get("gender", ""), f.get("party_group", ""), f.get("notes", "")))
    return redirect(url_for("roster.roster_page", meeting_id=meeting_id))


def _member(member_id: int) -> roster.RosterEntry:
    member = roster.get_member(get_store(), member_id) or abort(404)
    check_meeting(member.meeting_id)
    return member


@bp.route("/member/<int:member_id>/edit", methods=["GET", "POST"])
@requires()
def edit(member_id: int):
    store = get_store()
    member = _member(member_id)
    if request.method == "POST":
        f = request.form
        if show(roster.update_member(store, g.actor, member_id, f.get("name", ""), f.get("status", ""),
                                     f.get("gender", ""), f.get("party_group", ""),
                                     f.get("notes", ""))).ok:
            return redirect(url_for("roster.roster_page", meeting_id=member.meeting_id))
    return render_template("member_edit.html", member=member, statuses=STATUS_CHOICES,
                           reasons=list(ExclusionReason),
                           meeting=meetings.get_meeting(store, member.meeting_id))


@bp.route("/member/<int:member_id>/delete", methods=["POST"])
@requires()
def delete(member_id: int):
    member = _member(member_id)
    show(roster.remove_member(get_store(), g.actor, member_id))
    return redirect(url_for("roster.roster_page", meeting_id=member.meeting_id))


@bp.route("/member/<int:member_id>/exclusion", methods=["POST"])
@requires()
def exclusion(member_id: int):
    _member(member_id)                       # 404 and meeting scope
    f = request.form
    if f.get("clear"):
        show(roster.clear_exclusion(get_store(), g.actor, member_id))
    else:
        reason = number("reason")
        done = roster.set_exclusion(get_store(), g.actor, member_id, reason, f.get("higher_approved_on") or None,
                                    f.get("meeting_approved_on") or None, f.get("note", ""))
        if done.ok and not done.value:         # recorded, but still counts: a caution, not a success
            for message in done.messages:
                flash(message, "warn")
        else:
            show(done)
    return redirect(url_for("roster.edit", member_id=member_id))
