"""The round a ``/r/<round_id>/...`` request is about, loaded once per request.

``install(bp)`` gives a blueprint a ``url_value_preprocessor`` that reads the round
with its election, meeting and counting state in one statement (``entry.context``),
and a ``before_request`` check that runs after the role is known: no such round is
404, a LAN device signed in for another meeting is 403.  (A device with no role yet
gets the view's own refusal from ``requires``, as before.)  Views read ``round_ctx()``.
"""
from __future__ import annotations

from flask import abort, g

from ..service import entry
from . import get_store
from .access import check_meeting


def _load(endpoint: str | None, values: dict | None) -> None:
    if values and "round_id" in values:
        g.round_id = values["round_id"]
        g.round_ctx = entry.context(get_store(), values["round_id"])


def _check() -> None:
    if "round_id" not in g or g.get("role") is None:
        return
    if g.round_ctx is None:
        abort(404)
    check_meeting(g.round_ctx.meeting.id)


def install(bp) -> None:
    bp.url_value_preprocessor(_load)
    bp.before_request(_check)


def round_ctx(round_id: int | None = None):
    """This request's ``RoundContext`` (404 if there is none).  A view keyed by something
    else (a doubtful mark) names the round it found, and it is loaded and checked here."""
    ctx = g.get("round_ctx")
    if round_id is not None and (ctx is None or ctx.round.id != round_id):
        ctx = g.round_ctx = entry.context(get_store(), round_id)
    if ctx is None:
        abort(404)
    check_meeting(ctx.meeting.id)
    return ctx
