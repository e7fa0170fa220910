"""表决与民主测评: motions (show of hands or ballot counts, the result, the 决议 PDF) and
appraisal rounds (the 测评表 PDF, keyboard entry of sheets, the 汇总表).

Same roles as the election screens: the secretary sets things up and records the
vote; 监票人 record sheets issued/returned and close a round; 计票人 enter sheets.
"""
from __future__ import annotations

import io

from flask import (Blueprint, abort, g, jsonify, redirect, render_template, request, send_file,
                   url_for)

from ..core.appraisal import GRADES, KEYS
from ..pdf.appraisal_sheet import SheetSpec, render_sheets
from ..pdf.resolution import ResolutionPaper, render_resolutions
from ..service import Outcome, appraisal, meetings, motions, signin
from . import get_store, json_object
from .access import check_meeting, requires
from .forms import number, show

bp = Blueprint("votes", __name__)
MAX_COPIES = 300


def _meeting(meeting_id: int) -> dict:
    return meetings.get_meeting(get_store(), meeting_id) or abort(404)


def _motion(motion_id: int) -> motions.MotionRecord:
    row = motions.get_motion(get_store(), motion_id) or abort(404)
    check_meeting(row.meeting_id)
    return row


def _appraisal(appraisal_id: int) -> appraisal.AppraisalRecord:
    row = appraisal.get_appraisal(get_store(), appraisal_id) or abort(404)
    check_meeting(row.meeting_id)
    return row


def _pdf(render, name: str, *args):
    buf = io.BytesIO()
    render(*args, buf)
    buf.seek(0)
    return send_file(buf, mimetype="application/pdf", as_attachment=False, download_name=name)


@bp.route("/m/<int:meeting_id>/votes")
@requires("teller", "scrutineer")
def overview(meeting_id: int):
    store = get_store()
    meeting = _meeting(meeting_id)
    return render_template("votes/overview.html", meeting=meeting,
                           motions=motions.motions(store, meeting_id),
                           appraisals=appraisal.appraisals(store, meeting_id),
                           quorum=signin.quorum(store, meeting_id),
                           default_names=appraisal.default_appraised(store, meeting_id))


@bp.route("/m/<int:meeting_id>/motions", methods=["POST"])
@requires()
def add_motion(meeting_id: int):
    f = request.form
    done = show(motions.add_motion(get_store(), g.actor, meeting_id, f.get("kind", ""),
                                   f.get("person", ""), f.get("title", ""), f.get("proposal", "")))
    if done.ok:
        return redirect(url_for("votes.motion_page", motion_id=done.value))
    return redirect(url_for("votes.overview", meeting_id=meeting_id) + "#motions")


@bp.route("/motions/<int:motion_id>")
@requires("teller", "scrutineer")
def motion_page(motion_id: int):
    row = _motion(motion_id)
    store = get_store()
    return render_template("votes/motion.html", meeting=_meeting(row.meeting_id), motion=row,
                           quorum=signin.quorum(store, row.meeting_id),
                           observers=sum(1 for m in signin.attendance(store, row.meeting_id)
                                         if m.present and not m.has_vote))


@bp.route("/motions/<int:motion_id>/vote", methods=["POST"])
@requires()
def record_vote(motion_id: int):
    _motion(motion_id)
    f = request.form
    counts = motions.counts_from(f.get("method", ""), f.get("agree"), f.get("against"),
                                 f.get("abstain"), f.get("invalid") or 0, f.get("issued"), f.get("returned"))
    outcome = Outcome.refused(counts) if isinstance(counts, str) else \
        motions.record_vote(get_store(), g.actor, motion_id, counts)
    show(outcome)
    return redirect(url_for("votes.motion_page", motion_id=motion_id))


@bp.route("/motions/<int:motion_id>/delete", methods=["POST"])
@requires()
def delete_motion(motion_id: int):
    row = _motion(motion_id)
    show(motions.remove_motion(get_store(), g.actor, motion_id))
    return redirect(url_for("votes.overview", meeting_id=row.meeting_id) + "#motions")


@bp.route("/motions/<int:motion_id>/resolution.pdf")
@requires("scrutineer")
def resolution_pdf(motion_id: int):
    _motion(motion_id)
    fields = motions.paper_fields(get_store(), motion_id) or abort(404)
    return _pdf(render_resolutions, "支部大会决议.pdf", [ResolutionPaper(**fields)])


# -- 民主测评 -----------------------------------------------------------------------------
@bp.route("/m/<int:meeting_id>/appraisals", methods=["POST"])
@requires()
def add_appraisal(meeting_id: int):
    names = request.form.getlist("names")
    done = show(appraisal.add_appraisal(get_store(), g.actor, meeting_id, request.form.get("title", ""),
                                        names if names else None))
    if done.ok:
        return redirect(url_for("votes.appraisal_page", appraisal_id=done.value))
    return redirect(url_for("votes.overview", meeting_id=meeting_id) + "#appraisals")


@bp.route("/appraisals/<int:appraisal_id>")
@requires("teller", "scrutineer")
def appraisal_page(appraisal_id: int):
    row = _appraisal(appraisal_id)
    store = get_store()
    return render_template("votes/appraisal.html", meeting=_meeting(row.meeting_id), a=row,
                           entered=appraisal.entered_count(store, appraisal_id),
                           raters=appraisal.raters_present(store, row.meeting_id))


@bp.route("/appraisals/<int:appraisal_id>/sheets.pdf")
@requires("scrutineer")
def sheets_pdf(appraisal_id: int):
    row = _appraisal(appraisal_id)
    store = get_store()
    copies = request.args.get("copies", type=int)
    copies = copies if copies is not None else (row.issued or appraisal.raters_present(store, row.meeting_id))
    spares = request.args.get("spares", default=2, type=int)
    if not (0 <= copies <= MAX_COPIES and 0 <= spares <= MAX_COPIES and copies + spares >= 1):
        abort(400)
    spec = SheetSpec(row.title, tuple(row.names), appraisal.payload(store, appraisal_id))
    return _pdf(lambda path: render_sheets(spec, copies, path, spares), "民主测评表.pdf")


@bp.route("/appraisals/<int:appraisal_id>/issued", methods=["POST"])
@requires("scrutineer")
def issued(appraisal_id: int):
    _appraisal(appraisal_id)
    show(appraisal.record_issued(get_store(), g.actor, appraisal_id, number("issued", -1)))
    return redirect(url_for("votes.appraisal_page", appraisal_id=appraisal_id))


@bp.route("/appraisals/<int:appraisal_id>/returned", methods=["POST"])
@requires("scrutineer")
def returned(appraisal_id: int):
    _appraisal(appraisal_id)
    show(appraisal.record_returned(get_store(), g.actor, appraisal_id, number("returned", -1)))
    return redirect(url_for("votes.appraisal_page", appraisal_id=appraisal_id))


@bp.route("/appraisals/<int:appraisal_id>/close", methods=["POST"])
@requires("scrutineer")
def close(appraisal_id: int):
    _appraisal(appraisal_id)
    if show(appraisal.close(get_store(), g.actor, appraisal_id)).ok:
        return redirect(url_for("votes.summary_page", appraisal_id=appraisal_id))
    return redirect(url_for("votes.appraisal_page", appraisal_id=appraisal_id))


@bp.route("/appraisals/<int:appraisal_id>/entry")
@requires("teller", "scrutineer")
def entry_page(appraisal_id: int):
    row = _appraisal(appraisal_id)
    return render_template("votes/appraisal_entry.html", meeting=_meeting(row.meeting_id), a=row,
                           entered=appraisal.entered_count(get_store(), appraisal_id),
                           grades=[{"key": g.key, "label": g.label, "value": g.value} for g in GRADES],
                           keys={k: r.value for k, r in KEYS.items()})


def _json(outcome: Outcome, **extra):
    return jsonify(ok=outcome.ok, message=outcome.message, value=outcome.value, **extra)


@bp.route("/appraisals/<int:appraisal_id>/sheets", methods=["POST"])
@requires("teller", "scrutineer")
def submit_sheet(appraisal_id: int):
    _appraisal(appraisal_id)
    data = json_object()
    return _json(appraisal.submit_sheet(get_store(), g.actor, appraisal_id, data.get("sheet"),
                                        data.get("token", "")))


@bp.route("/appraisals/<int:appraisal_id>/sheets/remove", methods=["POST"])
@requires("scrutineer")
def remove_sheet(appraisal_id: int):
    _appraisal(appraisal_id)
    data = json_object()
    return _json(appraisal.remove_sheet(get_store(), g.actor, appraisal_id, str(data.get("sheet_id", ""))[:64]))


@bp.route("/appraisals/<int:appraisal_id>/summary")
@requires("teller", "scrutineer", "projector")
def summary_page(appraisal_id: int):
    row = _appraisal(appraisal_id)
    return render_template("votes/summary.html", meeting=_meeting(row.meeting_id), a=row,
                           s=appraisal.summary(get_store(), appraisal_id))


@bp.route("/m/<int:meeting_id>/votes/identify", methods=["POST"])
@requires("teller", "scrutineer")
def identify(meeting_id: int):
    """A scanned 测评表 code (scanner into a text field, or a photo): which round to enter."""
    text = request.form.get("code", "") if not request.is_json else \
        str(json_object().get("code", ""))
    upload = request.files.get("photo")
    if upload and not text.strip():
        from .counting import decode_photo
        found = decode_photo(upload.read(5 * 1024 * 1024))
        text = found[0] if found else ""
    outcome = appraisal.identify(get_store(), text[:200], meeting_id) if text.strip() else \
        Outcome.refused("没有读到二维码，请扫描测评表右下角的二维码或重新拍照。")
    url = url_for("votes.entry_page", appraisal_id=outcome.value) if outcome.ok else None
    if request.is_json:
        return _json(outcome, url=url)
    show(outcome)
    return redirect(url or url_for("votes.overview", meeting_id=meeting_id) + "#appraisals")
