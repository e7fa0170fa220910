"""委员会第一次全体会议: attendance and quorum, 书记/副书记 elections, 委员分工."""
from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from ..core.vocabulary import RoundKind
from ..service import Outcome, ballots, counting, entry, meetings, plenary, slate
from ..service.records import Post
from . import get_store, round_context
from .access import requires
from .counting import load_round
from .forms import number, show

bp = Blueprint("plenary", __name__)
round_context.install(bp)
PLENARY_POSTS = {p.value: p.label for p in Post if p.by_committee}


def _plenary_elections(store, meeting_id: int) -> list[dict]:
    out = []
    for election in meetings.elections(store, meeting_id):
        if not election.post.by_committee:
            continue
        view = slate.view(store, election)
        rows = [{"round": r, "state": entry.state(store, r.id), "title": entry.round_title(store, r)}
                for r in meetings.rounds(store, election.id)]
        out.append({"election": election, "slate": view, "rounds": rows,
                    "result": counting.election_result(store, election.id)})
    return out


@bp.route("/m/<int:meeting_id>/plenary")
@requires("teller", "scrutineer")
def page(meeting_id: int):
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    info = plenary.plenary(store, meeting_id)
    problem = plenary.committee_problem(store, meeting_id)     # RULES §7: only once settled
    committee = () if problem else plenary.committee(store, meeting_id)
    elections = _plenary_elections(store, meeting_id)
    elected_posts = {e["election"].post_label: e["result"]["elected"][0]
                     for e in elections if e["result"]["elected"]}
    current = {r["name"]: r["post"] for r in plenary.posts(store, meeting_id)}
    for label, name in elected_posts.items():
        current.setdefault(name, label)
    return render_template("counting/plenary.html", meeting=meeting, info=info, committee=committee,
                           committee_problem=problem,
                           quorum=plenary.plenary_quorum(store, meeting_id) if info["committee"] else None,
                           elections=elections, posts=current, post_choices=plenary.POSTS,
                           saved_posts=plenary.posts(store, meeting_id))


@bp.route("/m/<int:meeting_id>/plenary/attendance", methods=["POST"])
@requires("scrutineer")
def attendance(meeting_id: int):
    show(plenary.open_plenary(get_store(), g.actor, meeting_id, request.form.getlist("present"),
                              request.form.get("convener", "")))
    return redirect(url_for("plenary.page", meeting_id=meeting_id))


def _election_for(store, actor: str, meeting_id: int, post: str) -> Outcome:
    for election in meetings.elections(store, meeting_id):
        if election.post == post:
            return Outcome.done(election.id)
    return meetings.add_election(store, actor, meeting_id, post, 1, kind=RoundKind.EQUAL)


@bp.route("/m/<int:meeting_id>/plenary/election", methods=["POST"])
@requires("scrutineer")
def election(meeting_id: int):
    store = get_store()
    post = request.form.get("post", "")
    if post not in PLENARY_POSTS:
        abort(400)
    candidate = request.form.get("candidate", "").strip()
    scrutineer = request.form.get("scrutineer", "").strip()
    problems = plenary.check_plenary_slate(store, meeting_id, [candidate], [scrutineer], post)
    if not candidate or not scrutineer:
        problems.append("请选择候选人和监票人。")
    if problems:
        show(Outcome(False, tuple(problems)))
        return redirect(url_for("plenary.page", meeting_id=meeting_id))
    made = show(_election_for(store, g.actor, meeting_id, post))
    if made.ok and show(plenary.set_post_candidates(store, g.actor, made.value, [candidate])).ok:
        show(slate.set_tellers(store, g.actor, made.value, [scrutineer], []))
    return redirect(url_for("plenary.page", meeting_id=meeting_id))


@bp.route("/r/<int:round_id>/plenary/issue", methods=["POST"])
@requires("scrutineer")
def issue(round_id: int):
    _, _, meeting = load_round(round_id)
    show(ballots.issue_ballots(get_store(), g.actor, round_id, number("issued"),
                                       request.form.get("reason", "")))
    return redirect(url_for("plenary.page", meeting_id=meeting.id))


@bp.route("/m/<int:meeting_id>/plenary/posts", methods=["POST"])
@requires("scrutineer")
def posts(meeting_id: int):
    store = get_store()
    chosen = {name: request.form.get(f"post-{i}", "") for i, name in enumerate(plenary.committee(store, meeting_id))}
    show(plenary.set_posts(store, g.actor, meeting_id, chosen))
    return redirect(url_for("plenary.page", meeting_id=meeting_id) + "#posts")
