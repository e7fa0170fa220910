"""扫描读票: upload a round's scanned ballots, the scrutineers' queue, the reconciliation.

Uploads may be larger than the app's usual request limit (a scanned stack as
one PDF), so the upload view raises the limit for itself and checks the CSRF
token after doing so.
"""
from __future__ import annotations

from flask import (Blueprint, Response, abort, g, redirect, render_template, request, session,
                   url_for)
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from ..service import adjudication, scan_reconcile, slate
from . import csrf, get_store, round_context
from .round_context import round_ctx
from .access import requires
from .counting import load_round
from .forms import show

bp = Blueprint("scan", __name__)
round_context.install(bp)
MAX_UPLOAD = 200 * 1024 * 1024


def _back(round_id: int, anchor: str = ""):
    return redirect(url_for("scan.panel", round_id=round_id) + anchor)


def _common(round_id: int) -> dict:
    ctx = round_ctx()
    return {"rnd": ctx.round, "election": ctx.election, "meeting": ctx.meeting,
            "title": ctx.title, "state": ctx.state,
            "scrutineers": slate.tellers(get_store(), ctx.election.id)["scrutineer"],
            "me": session.get("who", "")}


@bp.route("/r/<int:round_id>/scan")
@requires("teller", "scrutineer")
def panel(round_id: int):
    data = _common(round_id)
    store = get_store()
    return render_template("scan/panel.html", **data, summary=adjudication.summary(store, round_id),
                           has_layout=adjudication.round_layout(store, round_id) is not None,
                           comparison=scan_reconcile.compare(store, round_id),
                           decided=adjudication.decided(store, round_id))


@bp.route("/r/<int:round_id>/scan/upload", methods=["POST"])
@csrf.exempt
@requires("teller", "scrutineer")
def upload(round_id: int):
    request.max_content_length = MAX_UPLOAD
    try:
        validate_csrf(request.form.get("csrf_token", ""))
    except (ValidationError, CSRFError):
        abort(400)
    load_round(round_id)
    files = [(f.filename or "scan", f.read()) for f in request.files.getlist("scans") if f]
    show(adjudication.read_upload(get_store(), g.actor, round_id, files))
    return _back(round_id)


@bp.route("/r/<int:round_id>/scan/adjudicate")
@requires("scrutineer")
def adjudicate(round_id: int):
    data = _common(round_id)
    waiting = adjudication.pending(get_store(), round_id)
    wanted = request.args.get("doubt", "")
    doubt = next((d for d in waiting if d.id == wanted), waiting[0] if waiting else None)
    return render_template("scan/adjudicate.html", **data, doubt=doubt, left=len(waiting),
                           decisions=adjudication.DECISIONS, page_decisions=adjudication.PAGE_DECISIONS)


@bp.route("/scan/doubt/<doubt_id>", methods=["POST"])
@requires("scrutineer")
def decide(doubt_id: str):
    store = get_store()
    doubt = adjudication.get_doubt(store, doubt_id) or abort(404)
    load_round(doubt.round_id)
    show(adjudication.decide(store, g.actor, doubt_id, request.form.get("scrutineer", ""),
                             request.form.get("decision", ""), request.form.get("name", "")))
    return redirect(url_for("scan.adjudicate", round_id=doubt.round_id))


@bp.route("/scan/doubt/<doubt_id>.png")
@requires("scrutineer")
def doubt_png(doubt_id: str):
    store = get_store()
    doubt = adjudication.get_doubt(store, doubt_id) or abort(404)
    load_round(doubt.round_id)
    picture = adjudication.doubt_picture(store, doubt_id) or abort(404)
    return Response(picture, mimetype="image/png", headers={"Cache-Control": "no-store"})


@bp.route("/r/<int:round_id>/scan/adopt", methods=["POST"])
@requires("scrutineer")
def adopt(round_id: int):
    load_round(round_id)
    show(adjudication.adopt(get_store(), g.actor, round_id))
    return _back(round_id)


@bp.route("/r/<int:round_id>/scan/settle", methods=["POST"])
@requires("scrutineer")
def settle(round_id: int):
    load_round(round_id)
    show(scan_reconcile.settle(get_store(), g.actor, round_id, request.form.get("key", ""),
                               request.form.get("right", ""), request.form.get("scrutineer", "")))
    return _back(round_id, "#reconcile")
