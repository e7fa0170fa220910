"""What several pages share and no page owns: reading a number from a form,
showing an outcome, where PDFs are written, the 换届请示 countdown."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app, flash, request

from ..documents.before import due_reminder
from ..service import Outcome

if TYPE_CHECKING:
    from ..service.meetings import Meeting


def show(outcome: Outcome) -> Outcome:
    """Flash an outcome's messages (green when done, red when refused)."""
    for message in outcome.messages:
        flash(message, "ok" if outcome.ok else "error")
    return outcome


MAX_NUMBER = 1_000_000   # no count in a branch meeting comes near; larger is a typing slip


def number(field: str, default: int = 0) -> int:
    """A whole number typed into a form; -1 (refused by the service) when it is not one."""
    try:
        value = int(str(request.form.get(field, default)).strip())
    except ValueError:
        return -1
    return value if -MAX_NUMBER <= value <= MAX_NUMBER else -1


def ballots_dir() -> Path:
    """Where PDFs go: ``BALLOTS_DIR`` (default: ``ballots/`` in the data folder)."""
    from ..service.places import ballots_folder
    return Path(current_app.config.get("BALLOTS_DIR") or ballots_folder())


def term_reminder(meeting: Meeting, today: dt.date | None = None) -> str:
    """The 换届请示 countdown for the dashboard, before the meeting day only
    ('' when the term is not recorded or the meeting is under way)."""
    try:
        expires = dt.date.fromisoformat(meeting.term_expires_on or "")
        meeting_day = dt.date.fromisoformat(meeting.date) if meeting.date else None
    except ValueError:
        return ""
    today = today or dt.date.today()
    if (meeting_day is not None and today >= meeting_day) or meeting.term_request_approved_on:
        return ""
    if meeting.term_request_sent_on:
        return f"换届选举请示已于{meeting.term_request_sent_on}报送上级党委，等待批复；批复后请在会议设置中填写批复日期。"
    return due_reminder(today, expires, meeting_day)
