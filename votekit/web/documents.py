"""文书与归档: produce the whole paperwork of the meeting from what was recorded, and hand it out."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, flash, g, redirect, render_template, send_from_directory, url_for

from ..service import audit, meetings
from ..service.papers import papers_folder
from ..service.records import Post
from . import get_store
from .access import check_meeting, requires
from .forms import ballots_dir, term_reminder

bp = Blueprint("documents", __name__)


def folder(meeting: dict) -> Path:
    return papers_folder(ballots_dir(), meeting) / "documents"


def _meeting(meeting_id: int) -> dict:
    check_meeting(meeting_id)
    return meetings.get_meeting(get_store(), meeting_id) or abort(404)


@bp.route("/m/<int:meeting_id>/documents")
@requires("scrutineer")
def page(meeting_id: int):
    meeting = _meeting(meeting_id)
    here = folder(meeting)
    files = sorted(p.relative_to(here).as_posix() for p in here.rglob("*") if p.is_file()) \
        if here.exists() else []
    from ..service.paper_facts import facts
    return render_template("documents.html", meeting=meeting, files=files,
                           reminder=term_reminder(meeting), blanks=_blanks(meeting_id),
                           facts=facts(get_store(), meeting_id), plenary=_has_plenary(meeting_id))


def _has_plenary(meeting_id: int) -> bool:
    """A 委员会第一次全体会议 follows only when the meeting elects a committee (a branch without
    one elects its 书记 at the 党员大会 itself); before any election is set up, assume it does."""
    held = meetings.elections(get_store(), meeting_id)
    return not held or any(e.post is Post.COMMITTEE or e.by_committee for e in held)


@bp.route("/m/<int:meeting_id>/documents/facts", methods=["POST"])
@requires("scrutineer")
def record_facts(meeting_id: int):
    """The facts the papers print that no other screen records (shows of hands, contact …)."""
    from flask import request

    from ..service.paper_facts import set_facts
    _meeting(meeting_id)
    done = set_facts(get_store(), g.actor, meeting_id, request.form.to_dict())
    flash(done.message, "ok" if done.ok else "error")
    return redirect(url_for("documents.page", meeting_id=meeting_id))


def _blanks(meeting_id: int) -> tuple[str, ...]:
    """The facts the papers will print as blanks (none to list before an election exists)."""
    from ..documents.gaps import blanks
    from ..service.dossier import dossier_for
    store = get_store()
    if not meetings.elections(store, meeting_id):
        return ()
    return blanks(dossier_for(store, meeting_id))


@bp.route("/m/<int:meeting_id>/documents", methods=["POST"])
@requires("scrutineer")
def produce(meeting_id: int):
    from ..documents.bundle import write_documents
    from ..service.dossier import dossier_for
    meeting = _meeting(meeting_id)
    store = get_store()
    written = write_documents(dossier_for(store, meeting_id), folder(meeting))
    with store.write():
        audit.record(store, g.actor, "生成文书与归档包", {"files": len(written.files),
                     "archive_root": written.root, "records_root": written.records_root}, meeting_id)
    flash(f"已生成文书{len(written.files)}份和归档包；归档根指纹 {written.root[:16]}…（全文印在归档目录和"
          f"计票结果报告单上），计票记录指纹 {written.records_root[:16]}…", "ok")
    return redirect(url_for("documents.page", meeting_id=meeting_id))


@bp.route("/m/<int:meeting_id>/documents/<path:name>")
@requires("scrutineer")
def download(meeting_id: int, name: str):
    meeting = _meeting(meeting_id)
    return send_from_directory(folder(meeting), name, as_attachment=not name.endswith(".pdf"))
