"""监票: the scrutineers' panel for one round — returned count, voids, double entry,
closing the count, the verdict, the next step, export and recount."""
from __future__ import annotations

import json

import segno
from flask import Blueprint, Response, g, redirect, render_template, request, url_for

from ..core.verdict import worded_for_committee
from ..service import ballots, counting, double_entry, entry, slate, voids
from ..service.meetings import rounds
from ..service.records import RoundStatus
from . import get_store, round_context
from .access import requires
from .counting import load_round
from .forms import number, show
from .round_context import round_ctx

bp = Blueprint("scrutiny", __name__)
round_context.install(bp)


def _back(round_id: int, anchor: str = ""):
    return redirect(url_for("scrutiny.panel", round_id=round_id) + anchor)


@bp.route("/r/<int:round_id>/count")
@requires("teller", "scrutineer")
def panel(round_id: int):
    ctx = round_ctx()
    rnd, election, meeting, st = ctx.round, ctx.election, ctx.meeting, ctx.state
    store = get_store()
    later = [r for r in rounds(store, election.id) if r.number > rnd.number]
    recount = counting.recount(store, round_id) if st.status is RoundStatus.CLOSED else None
    return render_template(
        "counting/scrutiny.html", meeting=meeting, election=election, rnd=rnd, state=st,
        title=ctx.title, board=counting.board(store, round_id, ctx),
        close_problem=counting.close_problem(store, round_id, ctx) if st.is_open else None,
        voids=voids.pending_voids(store, round_id),
        comparison=double_entry.compare(store, round_id) if st.in_piles else None,
        scrutineers=slate.tellers(store, election.id)["scrutineer"], later=later,
        recount=recount, verdict=st.verdict,
        messages=worded_for_committee(st.messages) if election.by_committee else st.messages,
        candidates=ctx.candidates or entry.candidates_of(store, round_id),
        result=counting.election_result(store, election.id))


@bp.route("/r/<int:round_id>/count/returned", methods=["POST"])
@requires("scrutineer")
def returned(round_id: int):
    load_round(round_id)
    show(ballots.record_returned(get_store(), g.actor, round_id, number("returned", -1)))
    return _back(round_id)


@bp.route("/r/<int:round_id>/count/void/<ballot_id>", methods=["POST"])
@requires("scrutineer")
def void(round_id: int, ballot_id: str):
    load_round(round_id)
    show(voids.decide_void(get_store(), g.actor, ballot_id, request.form.get("scrutineer", ""),
                           request.form.get("decision") == "confirm"))
    return _back(round_id, "#voids")


@bp.route("/r/<int:round_id>/count/double-entry", methods=["POST"])
@requires("scrutineer")
def set_double(round_id: int):
    load_round(round_id)
    show(double_entry.set_double_entry(get_store(), g.actor, round_id, request.form.get("on") == "1"))
    return _back(round_id)


@bp.route("/r/<int:round_id>/count/settle", methods=["POST"])
@requires("scrutineer")
def settle(round_id: int):
    load_round(round_id)
    if "key_a" in request.form:      # one differing ballot (the 监票人 looked at the paper)
        show(double_entry.settle_ballot(get_store(), g.actor, round_id, request.form.get("key_a", ""),
                                        request.form.get("key_b", ""), request.form.get("right", "")))
    else:
        show(double_entry.settle(get_store(), g.actor, round_id, request.form.get("key", ""),
                                 request.form.get("right", "")))
    return _back(round_id, "#double")


@bp.route("/r/<int:round_id>/count/adopt", methods=["POST"])
@requires("scrutineer")
def adopt(round_id: int):
    load_round(round_id)
    show(double_entry.adopt(get_store(), g.actor, round_id))
    return _back(round_id, "#double")


@bp.route("/r/<int:round_id>/count/close", methods=["POST"])
@requires("scrutineer")
def close(round_id: int):
    load_round(round_id)
    outcome = counting.close_round(get_store(), g.actor, round_id)
    show(outcome if not outcome.ok else type(outcome).done(None, "计票结束，结果如下。"))
    return _back(round_id, "#verdict")


@bp.route("/r/<int:round_id>/count/seat-reduction", methods=["POST"])
@requires("scrutineer")
def seat_reduction(round_id: int):
    load_round(round_id)
    show(counting.record_seat_reduction(get_store(), g.actor, round_id, number("yes", -1)))
    return _back(round_id, "#verdict")


@bp.route("/r/<int:round_id>/count/next", methods=["POST"])
@requires("scrutineer")
def next_round(round_id: int):
    _, election, meeting = load_round(round_id)
    names = request.form.get("names", "").replace("，", "、").replace(",", "、").split("、")
    outcome = show(counting.next_round(get_store(), g.actor, round_id, request.form.get("action", ""), names))
    if outcome.ok:
        if election.electorate == "committee":
            return redirect(url_for("plenary.page", meeting_id=meeting.id))
        return redirect(url_for("meetings.dashboard", meeting_id=meeting.id) + "#ballots")
    return _back(round_id, "#verdict")


@bp.route("/r/<int:round_id>/count/export.json")
@requires("teller", "scrutineer")
def export(round_id: int):
    rnd, election, _ = load_round(round_id)
    data = counting.export_round(get_store(), round_id)
    name = f"round-{election.id}-{rnd.number}.json"
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.route("/r/<int:round_id>/count/code.svg")
@requires("teller", "scrutineer")
def code_svg(round_id: int):
    """This round's ballot code as a QR image (a spare to show the scanner, or to check a print)."""
    load_round(round_id)
    qr = segno.make(entry.payload_for_round(get_store(), round_id), error="m", micro=False)
    return Response(qr.svg_inline(scale=6, border=4), mimetype="image/svg+xml")
