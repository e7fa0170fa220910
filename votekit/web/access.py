"""Who may do what: roles, the meeting PIN in LAN mode, and the audit actor.

Local mode (the default, bound to 127.0.0.1): the laptop is the secretary.
LAN mode: the laptop itself (loopback) is still the secretary; every other
device signs in with the meeting PIN as teller, scrutineer or projector.
"""
from __future__ import annotations

import functools
from typing import Callable

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   session, url_for)

from ..service import meetings
from . import get_store

bp = Blueprint("access", __name__)
ROLES = {"secretary": "书记", "teller": "签到员/计票人", "scrutineer": "监票人", "projector": "投影屏"}
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def install(app) -> None:
    app.before_request(_who)
    app.context_processor(lambda: {"role": g.get("role"), "role_label": ROLES.get(g.get("role"), ""),
                                   "lan_mode": current_app.config["LAN_MODE"], "ROLES": ROLES})


def _who() -> None:
    lan = current_app.config["LAN_MODE"]
    if not lan or request.remote_addr in LOOPBACK:
        g.role, g.actor, g.meeting_scope = "secretary", "书记（本机）", None
        return
    g.role = session.get("role")
    g.meeting_scope = session.get("meeting_id")
    g.actor = f"{ROLES.get(g.role, '访客')}{session.get('who', '')}（{request.remote_addr}）"


def requires(*roles: str) -> Callable:
    """Allow the view to the given roles; a LAN device is limited to its own meeting."""
    def wrap(view: Callable) -> Callable:
        @functools.wraps(view)
        def inner(*args, **kwargs):
            if g.role is None:
                meeting_id = kwargs.get("meeting_id")
                if meeting_id:
                    return redirect(url_for("access.login", meeting_id=meeting_id, next=request.path))
                abort(403)
            if g.role not in roles and g.role != "secretary":
                abort(403)
            scope = g.get("meeting_scope")
            if scope is not None and kwargs.get("meeting_id") not in (None, scope):
                abort(403)
            return view(*args, **kwargs)
        return inner
    return wrap


def check_meeting(meeting_id: int) -> None:
    """For views keyed by election/round/member: the row's meeting must be in scope."""
    scope = g.get("meeting_scope")
    if scope is not None and meeting_id != scope:
        abort(403)


@bp.route("/m/<int:meeting_id>/login", methods=["GET", "POST"])
def login(meeting_id: int):
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    if request.method == "POST":
        role = request.form.get("role", "")
        if role not in ROLES or role == "secretary":
            flash("请选择身份：签到员/计票人、监票人或投影屏。", "error")
        elif not meetings.check_pin(store, meeting_id, request.form.get("pin", "")):
            flash("会议口令不对，请向书记确认。", "error")
        else:
            session.clear()
            session.update(role=role, meeting_id=meeting_id, who=request.form.get("who", "").strip())
            target = request.args.get("next", "")
            home = "projector.projector" if role == "projector" else "meetings.dashboard"
            return redirect(target if target.startswith("/") and not target.startswith("//")
                            else url_for(home, meeting_id=meeting_id))
    return render_template("login.html", meeting=meeting)


@bp.route("/logout", methods=["POST"])
def logout():
    session.clear()
    return redirect(url_for("meetings.index"))
