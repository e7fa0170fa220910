"""Who may do what: roles, the meeting PIN in LAN mode, and the audit actor.

Local mode (the default, bound to 127.0.0.1): the laptop is the secretary.
LAN mode: the laptop itself (loopback) is still the secretary; every other
device signs in as teller or projector with the meeting PIN (会议口令), or as
scrutineer with the scrutineers' own PIN (监票人口令): knowing the meeting PIN
does not make a 计票人 a 监票人.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
from typing import Callable
from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   session, url_for)

from ..service import meetings, pin_guard, sessions, text
from ..service.entry import Enterer
from . import get_store

bp = Blueprint("access", __name__)
ROLES = {"secretary": "书记", "teller": "签到员/计票人", "scrutineer": "监票人", "projector": "投影屏"}
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
DEVICE_COOKIE = "votekit_device"
MAX_WHO = 20


def _now() -> dt.datetime:
    clock = current_app.config.get("CLOCK")
    return clock() if clock else dt.datetime.now()


def install(app) -> None:
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Strict"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.before_request(_who)
    app.after_request(_device_cookie)
    app.context_processor(lambda: {"role": g.get("role"), "role_label": ROLES.get(g.get("role"), ""),
                                   "lan_mode": current_app.config["LAN_MODE"], "ROLES": ROLES})


def _device() -> str:
    """This device's own random cookie (made on its first visit); a session works only with it."""
    if "device" not in g:
        found = request.cookies.get(DEVICE_COOKIE, "")
        g.device = found if re.fullmatch(r"[A-Za-z0-9_-]{32,64}", found) else ""
        if not g.device:
            g.device, g.new_device = secrets.token_urlsafe(32), True
    return g.device


def _device_cookie(response):
    if current_app.config["LAN_MODE"] and g.get("new_device"):
        response.set_cookie(DEVICE_COOKIE, g.device, max_age=2 * 86400, httponly=True, samesite="Strict",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def enterer() -> Enterer:
    """Who is typing on this device, for double entry (pile 甲 and pile 乙 must come from two
    people on two devices): the name given at sign-in and the device cookie's digest.  The
    secretary's own laptop is one device."""
    if g.role == "secretary" and (not current_app.config["LAN_MODE"] or request.remote_addr in LOOPBACK):
        return Enterer("书记", "本机")
    return Enterer(g.get("person", ""), hashlib.sha256(_device().encode()).hexdigest())


def _who() -> None:
    lan = current_app.config["LAN_MODE"]
    if not lan or request.remote_addr in LOOPBACK:
        g.role, g.actor, g.meeting_scope = "secretary", "书记（本机）", None
        return
    g.role, g.meeting_scope, who, g.person = None, None, "", ""
    token = session.get("sid", "")
    live = sessions.find(get_store(), token, _device(), _now()) if isinstance(token, str) and token else None
    if live is None and token:
        session.clear()                 # ended (logout, PIN changed, idle, another device, another file)
    if live is not None:
        g.role, g.meeting_scope, who, g.person = live.role, live.meeting_id, live.who, live.who
    g.actor = f"{ROLES.get(g.role, '访客')}{who}（{request.remote_addr}）"


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
    _device()
    if request.method == "POST":
        done = _try_pin(store, meeting_id)
        if done is not None:
            return done
        if g.get("pin_wait"):
            return render_template("login.html", meeting=meeting), 429
    return render_template("login.html", meeting=meeting)


def _try_pin(store, meeting_id: int):
    """One login attempt, counted (across addresses, in the meeting file) before the PIN is checked."""
    from ..service import audit
    address = request.remote_addr or ""
    role = request.form.get("role", "")
    if role not in ROLES or role == "secretary":
        flash("请选择身份：签到员/计票人、监票人或投影屏。", "error")
        return None
    kind = "scrutineer" if role == "scrutineer" else "meeting"
    pin = request.form.get("pin", "")
    tried = pin_guard.attempt(store, meeting_id, kind, address, _now(),
                              lambda: meetings.check_pin(store, meeting_id, pin[:64], kind))
    if not tried.checked:
        g.pin_wait = tried.wait
        flash(f"口令错误次数过多，请{_minutes(tried.wait)}后再试，或向书记确认口令。", "error")
        return None
    if not tried.right:
        g.pin_wait = tried.wait
        flash(f"{meetings.PIN_NAMES[kind]}不对，请向书记确认。"
              + (f"错误次数过多，请{_minutes(tried.wait)}后再试。" if tried.wait else ""), "error")
        audit.record(store, f"访客（{address}）", f"拒绝登录：{meetings.PIN_NAMES[kind]}错误",
                     {"address": address, "role": role, "wait_seconds": tried.wait}, meeting_id)
        return None
    who = text.clean(request.form.get("who", ""), "姓名", MAX_WHO)[0]
    previous = session.get("sid")
    if isinstance(previous, str):
        sessions.end(store, previous)
    session.clear()
    session["sid"] = sessions.start(store, meeting_id, role, who, _device(), _now())
    audit.record(store, f"{ROLES[role]}{who}（{address}）", "局域网设备登录",
                 {"address": address, "role": role}, meeting_id)
    home = "projector.projector" if role == "projector" else "meetings.dashboard"
    return redirect(same_site(request.args.get("next", "")) or url_for(home, meeting_id=meeting_id))


def same_site(target: str) -> str:
    """``target`` if it is a path on this site, else "" (browsers ignore tabs and newlines
    inside URLs, so ``/<tab>/evil.example/`` would leave the site; CR/LF would split a header)."""
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 500:
        return ""
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F or ch == "\\" for ch in target):
        return ""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return ""
    return target


def _minutes(seconds: int) -> str:
    return f"{seconds}秒" if seconds < 60 else f"{(seconds + 59) // 60}分钟"


@bp.route("/logout", methods=["POST"])
def logout():
    """This device signs out: its session ends on the server, not only in the browser."""
    token = session.get("sid")
    if isinstance(token, str):
        sessions.end(get_store(), token)
    meeting_id = g.get("meeting_scope")
    session.clear()
    if meeting_id and current_app.config["LAN_MODE"]:
        return redirect(url_for("access.login", meeting_id=meeting_id))
    return redirect(url_for("meetings.index"))


@bp.route("/m/<int:meeting_id>/switch-role", methods=["POST"])
def switch_role(meeting_id: int):
    """Sign out and sign in again as another role (the PIN is asked again)."""
    token = session.get("sid")
    if isinstance(token, str):
        sessions.end(get_store(), token)
    session.clear()
    return redirect(url_for("access.login", meeting_id=meeting_id))
