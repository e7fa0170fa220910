"""选票分发: the number of ballots issued (and returned) per round."""
from __future__ import annotations

import io

from flask import Blueprint, g, redirect, request, send_file, url_for

from ..service import ballots, papers
from . import get_store, round_context
from .access import requires
from .forms import ballots_dir, number, show
from .round_context import round_ctx

bp = Blueprint("ballots", __name__)
round_context.install(bp)


def _round(round_id: int) -> tuple:
    ctx = round_ctx(round_id)
    return ctx.round, ctx.election


@bp.route("/r/<int:round_id>/issue", methods=["POST"])
@requires("scrutineer")
def issue(round_id: int):
    _, election = _round(round_id)
    show(ballots.issue_ballots(get_store(), g.actor, round_id, number("issued"),
                               request.form.get("reason", "")))
    return redirect(url_for("meetings.dashboard", meeting_id=election.meeting_id) + "#ballots")


@bp.route("/r/<int:round_id>/returned", methods=["POST"])
@requires("scrutineer")
def returned(round_id: int):
    _, election = _round(round_id)
    show(ballots.record_returned(get_store(), g.actor, round_id, number("returned")))
    return redirect(url_for("meetings.dashboard", meeting_id=election.meeting_id) + "#ballots")


@bp.route("/r/<int:round_id>/print", methods=["POST"])
@requires("scrutineer")
def print_ballots(round_id: int):
    ctx = round_ctx(round_id)
    election = ctx.election
    paper = request.form.get("paper", "A4")
    outcome = papers.print_ballots(get_store(), g.actor, ctx, ballots_dir(),
                                   paper=paper if paper in ("A4", "A5") else "A4")
    if not outcome.ok:
        show(outcome)
        return redirect(url_for("meetings.dashboard", meeting_id=election.meeting_id) + "#ballots")
    # Sent from memory: the file is closed before the answer leaves (no handle kept open).
    return send_file(io.BytesIO(outcome.value.read_bytes()), mimetype="application/pdf",
                     as_attachment=False, download_name=outcome.value.name)


@bp.route("/r/<int:round_id>/spoiled", methods=["POST"])
@requires("scrutineer")
def spoiled(round_id: int):
    _, election = _round(round_id)
    show(papers.record_spoiled(get_store(), g.actor, round_id, number("spoiled")))
    return redirect(url_for("meetings.dashboard", meeting_id=election.meeting_id) + "#ballots")
