"""Joining the meeting over the LAN: the laptop shows, per role, the address and a QR code
a tablet opens; and ``may(...)`` for the templates, so each role sees only what it may do."""
from __future__ import annotations

import socket
from urllib.parse import urlencode

import segno
from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from markupsafe import Markup

from ..service import hall, meetings
from . import get_store
from .access import LOOPBACK, requires

bp = Blueprint("join", __name__)

# what each device is for: (key, heading, login role, page it opens after the PIN, which PIN)
DEVICES = (
    ("teller", "计票人、签到员的平板", "teller", None, "会议口令"),
    ("scrutineer", "监票人", "scrutineer", None, "监票人口令"),
    ("projector", "会场大屏（投影）", "projector", "projector.projector", "会议口令"),
    ("presiding", "主持人的主持词（讲台平板）", "projector", "projector.script", "会议口令"),
)


def may(*roles: str) -> bool:
    """Whether this device may do what the listed roles may (the secretary may do everything)."""
    role = g.get("role")
    return role == "secretary" or role in roles


def install(app) -> None:
    app.context_processor(lambda: {"may": may, "remote_device": _remote()})
    app.add_template_filter(hall.meeting_title, "meeting_name")
    from .words import actor_words, detail_words
    app.add_template_filter(detail_words, "detail_words")
    app.add_template_filter(actor_words, "actor_words")
    app.add_url_rule("/favicon.ico", "favicon",
                     lambda: redirect(url_for("static", filename="favicon.svg"), code=301))


def _remote() -> bool:
    """A device other than the laptop (only such a device can log out or switch role)."""
    return bool(current_app.config["LAN_MODE"]) and request.remote_addr not in LOOPBACK


def lan_base() -> str:
    """http://address:port as a tablet on the LAN reaches this laptop."""
    host = request.host
    name, _, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
    address = current_app.config.get("LAN_ADDRESS") or name
    if address in LOOPBACK:
        address = lan_address()
    return f"http://{address}" + (f":{port}" if port else "")


def lan_address() -> str:
    """This laptop's address on the local network (a UDP 'connect' sends no packet)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))
        return probe.getsockname()[0]
    except OSError:
        return "本机局域网地址"
    finally:
        probe.close()


def _qr(text: str) -> Markup:
    return Markup(segno.make(text, error="m", micro=False).svg_inline(scale=4, border=2))


@bp.route("/m/<int:meeting_id>/join")
@requires()
def join_page(meeting_id: int):
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    base = lan_base()
    cards = []
    for key, heading, role, page, pin in DEVICES:
        query = {"role": role}
        if page:
            query["next"] = url_for(page, meeting_id=meeting_id)
        link = base + url_for("access.login", meeting_id=meeting_id) + "?" + urlencode(query)
        cards.append({"key": key, "heading": heading, "url": link, "qr": _qr(link), "pin": pin})
    return render_template("join.html", meeting=meeting, cards=cards,
                           lan=current_app.config["LAN_MODE"], base=base)


@bp.route("/r/<int:round_id>/code")
@requires("teller", "scrutineer")
def round_code(round_id: int):
    """This round's ballot QR as a page (to show the scanner, or to compare with a print)."""
    from ..service import entry
    from .counting import load_round
    rnd, election, meeting = load_round(round_id)
    store = get_store()
    return render_template("round_code.html", meeting=meeting, rnd=rnd, title=entry.round_title(store, rnd),
                           qr=_qr(entry.payload_for_round(store, round_id)))
