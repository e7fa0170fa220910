"""The audit chain's hash: pure, so the service that writes events and the
archive check that re-reads them compute it the same way (no database here).

Each event's hash covers its sequence number, time, actor, action, meeting,
detail text and the previous event's hash; the first event follows ``GENESIS``.
"""
from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64
EVENT_FIELDS = ("seq", "at", "actor", "action", "meeting_id", "detail", "prev_hash")


def event_hash(seq: int, at: str, actor: str, action: str, meeting_id: int | None,
               detail: str, prev_hash: str) -> str:
    body = json.dumps([seq, at, actor, action, meeting_id, detail, prev_hash],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
