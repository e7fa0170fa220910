"""Who may do what: roles, the meeting PIN in LAN mode, and the audit actor.

Local mode (the default, bound to 127.0.0.1): the laptop is the secretary.
LAN mode: the laptop itself (loopback) is still the secretary; every other
device signs in as teller or projector with the meeting PIN (会议口令), or as
scrutineer with the scrutineers' own PIN (监票人口令): knowing the meeting PIN
does not make a 计票人 a 监票人.
"""
from __future__ import annotations

import functools
import threading
import time
from typing import Callable

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   session, url_for)

from ..service import meetings
from . import get_store

bp = Blueprint("access", __name__)
ROLES = {"secretary": "书记", "teller": "签到员/计票人", "scrutineer": "监票人", "projector": "投影屏"}
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
FREE_TRIES = 5            # wrong PINs from one address before it must wait
FIRST_WAIT = 30           # seconds after the 5th wrong PIN; doubled for each further one
LONGEST_WAIT = 3600
MAX_WHO = 20


class PinGuard:
    """Wrong PINs per address: after ``FREE_TRIES`` the address waits, longer each time."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._lock = threading.Lock()
        self._wrong: dict[str, tuple[int, float]] = {}   # address: (wrong so far, wait until)

    def wait_left(self, address: str) -> int:
        with self._lock:
            _, until = self._wrong.get(address, (0, 0.0))
            return max(0, int(until - self.clock() + 0.999))

    def failed(self, address: str) -> int:
        """Count one wrong PIN; returns the seconds the address must now wait (0: none)."""
        with self._lock:
            wrong, _ = self._wrong.get(address, (0, 0.0))
            wrong += 1
            wait = 0 if wrong < FREE_TRIES else min(LONGEST_WAIT, FIRST_WAIT * 2 ** (wrong - FREE_TRIES))
            self._wrong[address] = (wrong, self.clock() + wait)
            return wait

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._wrong.pop(address, None)


def pin_guard(app=None) -> PinGuard:
    app = app or current_app
    return app.extensions.setdefault("votekit_pin_guard", PinGuard())


def install(app) -> None:
    app.before_request(_who)
    pin_guard(app)
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
                if meeting_id and request.method == "GET":
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
        done = _try_pin(store, meeting_id)
        if done is not None:
            return done
        if g.get("pin_wait"):
            return render_template("login.html", meeting=meeting), 429
    return render_template("login.html", meeting=meeting)


def _try_pin(store, meeting_id: int):
    """One login attempt: refused (and audited) while the address waits, or when the PIN is wrong."""
    from ..service import audit
    guard, address = pin_guard(), request.remote_addr or ""
    role = request.form.get("role", "")
    wait = guard.wait_left(address)
    if wait:
        g.pin_wait = wait
        flash(f"口令错误次数过多，请{_minutes(wait)}后再试，或向书记确认口令。", "error")
        audit.record(store, f"访客（{address}）", "拒绝登录：口令尝试过多",
                     {"address": address, "role": role[:20], "wait_seconds": wait}, meeting_id)
        return None
    if role not in ROLES or role == "secretary":
        flash("请选择身份：签到员/计票人、监票人或投影屏。", "error")
        return None
    kind = "scrutineer" if role == "scrutineer" else "meeting"
    if not meetings.check_pin(store, meeting_id, request.form.get("pin", "")[:64], kind):
        wait = guard.failed(address)
        g.pin_wait = wait
        flash(f"{meetings.PIN_NAMES[kind]}不对，请向书记确认。"
              + (f"错误次数过多，请{_minutes(wait)}后再试。" if wait else ""), "error")
        audit.record(store, f"访客（{address}）", f"拒绝登录：{meetings.PIN_NAMES[kind]}错误",
                     {"address": address, "role": role, "wait_seconds": wait}, meeting_id)
        return None
    guard.succeeded(address)
    who = " ".join(request.form.get("who", "").split())[:MAX_WHO]
    session.clear()
    session.update(role=role, meeting_id=meeting_id, who=who)
    audit.record(store, f"{ROLES[role]}{who}（{address}）", "局域网设备登录",
                 {"address": address, "role": role}, meeting_id)
    target = request.args.get("next", "")
    home = "projector.projector" if role == "projector" else "meetings.dashboard"
    local = target.startswith("/") and not target.startswith("//") and "\\" not in target
    return redirect(target if local else url_for(home, meeting_id=meeting_id))


def _minutes(seconds: int) -> str:
    return f"{seconds}秒" if seconds < 60 else f"{(seconds + 59) // 60}分钟"


@bp.route("/logout", methods=["POST"])
def logout():
    session.clear()
    return redirect(url_for("meetings.index"))
