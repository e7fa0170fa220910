"""The slate screen: candidates (姓氏笔画 order) and 监票人/计票人 of one election."""
from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from ..service import meetings, plenary, slate
from . import get_store
from .access import check_meeting, requires
from .forms import show

bp = Blueprint("slate", __name__)


def _election(election_id: int) -> meetings.Election:
    election = meetings.get_election(get_store(), election_id) or abort(404)
    check_meeting(election.meeting_id)
    return election


@bp.route("/e/<int:election_id>/slate")
@requires("teller", "scrutineer", "projector")
def slate_page(election_id: int, typed: dict | None = None):
    """``typed``: what the secretary entered in a refused form, shown again instead of lost."""
    store = get_store()
    election = _election(election_id)
    return render_template("slate.html", election=election, view=slate.view(store, election),
                           eligible=slate.eligible(store, election.meeting_id),
                           meeting=meetings.get_meeting(store, election.meeting_id),
                           issued=meetings.rounds(store, election_id)[0].issued is not None,
                           typed=typed or {})


def _names(field: str) -> list[str]:
    text = request.form.get(field, "")
    return [n for n in text.replace("，", "、").replace(",", "、").replace(" ", "、").split("、") if n]


@bp.route("/e/<int:election_id>/candidates", methods=["POST"])
@requires()
def candidates(election_id: int):
    _election(election_id)
    ticked = request.form.getlist("candidate")
    if not show(plenary.set_post_candidates(get_store(), g.actor, election_id, ticked)).ok:
        return slate_page(election_id, {"candidates": ticked})
    return redirect(url_for("slate.slate_page", election_id=election_id))


@bp.route("/e/<int:election_id>/strokes-checked", methods=["POST"])
@requires()
def strokes_checked(election_id: int):
    election = _election(election_id)
    show(slate.confirm_strokes(get_store(), g.actor, election_id))
    back = request.form.get("back", "")
    return redirect(url_for("meetings.dashboard", meeting_id=election.meeting_id) + "#ballots" if back == "dashboard"
                    else url_for("slate.slate_page", election_id=election_id))


@bp.route("/e/<int:election_id>/tellers", methods=["POST"])
@requires()
def tellers(election_id: int):
    _election(election_id)
    if not show(slate.set_tellers(get_store(), g.actor, election_id, _names("scrutineers"), _names("counters"))).ok:
        return slate_page(election_id, {k: request.form.get(k, "")[:200] for k in ("scrutineers", "counters")})
    return redirect(url_for("slate.slate_page", election_id=election_id))
