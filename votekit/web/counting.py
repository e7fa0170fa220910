"""计票台: identify the round by its QR, enter ballots by keyboard, the 唱票 board.

JSON endpoints for the entry screen (``static/js/entry.js``); the board polls
``board.json`` twice a second.  Scrutineer actions live in ``counting_scrutiny``.
"""
from __future__ import annotations

import io
import re

from flask import Blueprint, abort, g, jsonify, render_template, request, url_for
from pypinyin import lazy_pinyin

from ..service import Outcome, counting, entry, meetings, roster, voids
from ..service.records import round_title
from ..service.signin import initials
from . import get_store, json_object, round_context
from .access import enterer, requires
from .round_context import round_ctx

bp = Blueprint("counting", __name__)
round_context.install(bp)
MAX_PHOTO = 5 * 1024 * 1024


def load_round(round_id: int) -> tuple:
    """The request's round, its election and its meeting (loaded once by ``round_context``)."""
    ctx = round_ctx(round_id)
    return ctx.round, ctx.election, ctx.meeting


def small_id(value) -> int | None:
    """A row id sent by the page (digits only, at most 9), else None."""
    text = str(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def as_json(outcome: Outcome, **extra):
    return jsonify(ok=outcome.ok, message=outcome.message, value=outcome.value, **extra)


def round_rows(store, meeting_id: int) -> list[dict]:
    out = []
    for election in meetings.elections(store, meeting_id):
        for rnd in meetings.rounds(store, election.id):
            st = entry.state(store, rnd.id)
            entered = (f"甲{entry.entered_count(store, rnd.id, 'A')}张、乙{entry.entered_count(store, rnd.id, 'B')}张"
                       if st.in_piles else entry.entered_count(store, rnd.id))
            out.append({"round": rnd, "election": election, "state": st,
                        "title": round_title(election, rnd), "entered": entered})
    return out


@bp.route("/m/<int:meeting_id>/count")
@requires("teller", "scrutineer")
def scan_page(meeting_id: int):
    store = get_store()
    meeting = meetings.get_meeting(store, meeting_id) or abort(404)
    return render_template("counting/scan.html", meeting=meeting, rows=round_rows(store, meeting_id))


def _identified(outcome: Outcome, pile: str = ""):
    if not outcome.ok:
        return as_json(outcome, round_id=None, url=None, double_entry=False)
    double = entry.state(get_store(), outcome.value).in_piles
    url = url_for("counting.entry_page", round_id=outcome.value, pile=pile if double and pile else None)
    return as_json(outcome, round_id=outcome.value, url=url, double_entry=double)


@bp.route("/m/<int:meeting_id>/count/identify", methods=["POST"])
@requires("teller", "scrutineer")
def identify(meeting_id: int):
    data = json_object()
    current = small_id(data.get("current_round_id"))
    text = str(data.get("code", ""))[:200]
    if current is None and _is_appraisal(text):   # a 测评表 scanned at the counting table
        from ..service import appraisal
        found = appraisal.identify(get_store(), text, meeting_id)
        url = url_for("votes.entry_page", appraisal_id=found.value) if found.ok else None
        return as_json(found, round_id=None, url=url, double_entry=False)
    outcome = entry.identify(get_store(), text, meeting_id, current)
    return _identified(outcome, str(data.get("pile", ""))[:1])


def _is_appraisal(text: str) -> bool:
    from ..core.payload import BallotKind, parse_payload
    reading = parse_payload(text, entry.code_key(get_store()))
    return reading.ok and reading.code.kind is BallotKind.APPRAISAL


def decode_photo(data: bytes) -> list[str]:
    """QR texts found in an uploaded photo or scan (zxing-cpp on the server)."""
    import zxingcpp
    from PIL import Image, ImageOps, UnidentifiedImageError
    try:
        image = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("L")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        return []
    return [r.text for r in zxingcpp.read_barcodes(image) if r.text]


@bp.route("/m/<int:meeting_id>/count/photo", methods=["POST"])
@requires("teller", "scrutineer")
def photo(meeting_id: int):
    upload = request.files.get("photo")
    data = upload.read(MAX_PHOTO + 1) if upload else b""
    if not data or len(data) > MAX_PHOTO:
        return as_json(Outcome.refused("请选择一张不超过5MB的选票照片或扫描件。"))
    texts = decode_photo(data)
    if not texts:
        return as_json(Outcome.refused("照片中没有找到二维码，请拍清楚选票右上角的二维码后重试。"))
    current = small_id(request.form.get("current_round_id"))
    outcome = entry.identify(get_store(), texts[0], meeting_id, current)
    return _identified(outcome, request.form.get("pile", "")[:1])


def _roster_names(store, meeting_id: int) -> list[dict]:
    return [{"name": name, "i": initials(name), "p": "".join(lazy_pinyin(name)).lower()}
            for name in roster.full_member_names(store, meeting_id)]


@bp.route("/r/<int:round_id>/entry")
@requires("teller", "scrutineer")
def entry_page(round_id: int):
    ctx = round_ctx()
    store = get_store()
    pile = request.args.get("pile", "")
    pile = pile if pile in ("A", "B") else ""
    return render_template("counting/entry.html", meeting=ctx.meeting, election=ctx.election, rnd=ctx.round,
                           title=ctx.title, state=ctx.state,
                           candidates=list(ctx.candidates or entry.candidates_of(store, round_id)), pile=pile,
                           entered=entry.entered_count(store, round_id, pile or None),
                           roster=_roster_names(store, ctx.meeting.id),
                           write_ins=ctx.round.kind != "runoff")   # a re-vote's ballot says 不另选他人 (RULES §7)


@bp.route("/r/<int:round_id>/ballots", methods=["POST"])
@requires("teller", "scrutineer")
def submit(round_id: int):
    ctx = round_ctx()
    data = json_object()
    pile = data.get("pile") if isinstance(data.get("pile"), str) and data["pile"] in ("A", "B") else None
    return as_json(entry.submit(get_store(), g.actor, round_id, data.get("ballot"),
                                data.get("token", ""), pile, enterer() if pile else None, ctx=ctx))


@bp.route("/r/<int:round_id>/void-request", methods=["POST"])
@requires("teller", "scrutineer")
def void_request(round_id: int):
    load_round(round_id)
    data = json_object()
    return as_json(voids.request_void(get_store(), g.actor, round_id, str(data.get("ballot_id", ""))[:64],
                                      str(data.get("reason", ""))[:200]))


@bp.route("/r/<int:round_id>/board")
@requires("teller", "scrutineer", "projector")
def board_page(round_id: int):
    ctx = round_ctx()
    return render_template("counting/board.html", meeting=ctx.meeting, rnd=ctx.round,
                           board=counting.board(get_store(), round_id, ctx))


@bp.route("/r/<int:round_id>/board.json")
@requires("teller", "scrutineer", "projector")
def board_json(round_id: int):
    return jsonify(counting.board(get_store(), round_id, round_ctx()))
