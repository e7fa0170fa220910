"""民主测评 rounds as recorded (the ``appraisals`` table): frozen records with the names
and the kept summary decoded here.  The 测评表 themselves are ``ballot_box``'s."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Mapping, Sequence

from . import Store, ballot_box


class AppraisalState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    VOID = "void"

    @property
    def label(self) -> str:
        return {"open": "正在测评", "closed": "已结束", "void": "测评无效（须重新测评）"}[self.value]


@dataclass(frozen=True)
class AppraisalRecord:
    """One round of 测评表: who is appraised (姓氏笔画 order), the counts, where it stands."""

    id: int
    meeting_id: int
    title: str
    names: tuple[str, ...]
    position: int = 0
    issued: int | None = None
    returned: int | None = None
    status: AppraisalState = AppraisalState.OPEN
    summary: Mapping[str, Any] | None = field(default=None, compare=False)
    entered: int = 0           # 测评表 entered so far (filled in by the service for the overview)

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def is_open(self) -> bool:
        return self.status is AppraisalState.OPEN


_COLUMNS = "id, meeting_id, title, appraised, position, issued, returned, status, summary"


def _record(row: tuple[Any, ...]) -> AppraisalRecord:
    id_, meeting_id, title, appraised, position, issued, returned, status, summary = row
    return AppraisalRecord(id_, meeting_id, title, tuple(json.loads(appraised)), position, issued, returned,
                           AppraisalState(status), json.loads(summary) if summary else None)


def get_appraisal(store: Store, appraisal_id: int) -> AppraisalRecord | None:
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM appraisals WHERE id = ?", [appraisal_id]).fetchone()
    return _record(row) if row else None


def appraisals_of(store: Store, meeting_id: int) -> list[AppraisalRecord]:
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM appraisals WHERE meeting_id = ? ORDER BY position",
                              [meeting_id]).fetchall()
    return [_record(r) for r in rows]


def add_appraisal(store: Store, meeting_id: int, title: str, names: Sequence[str]) -> tuple[int, dict[str, Any]]:
    """A round at the end of the meeting's list: its id and the row as stored (for the audit)."""
    with store.write(savepoint=False):
        position = (store.value("SELECT MAX(position) FROM appraisals WHERE meeting_id = ?",
                                [meeting_id]) or 0) + 1
        row = {"meeting_id": meeting_id, "title": title,
               "appraised": json.dumps(list(names), ensure_ascii=False), "position": position}
        cur = store.conn.execute("INSERT INTO appraisals (meeting_id, title, appraised, position) "
                                 "VALUES (:meeting_id, :title, :appraised, :position)", row)
    return int(cur.lastrowid or 0), row


def set_issued(store: Store, appraisal_id: int, issued: int) -> None:
    """测评表 handed out: recorded, and a place laid out for each (``ballot_box``)."""
    with store.write(savepoint=False):
        row = store.conn.execute("UPDATE appraisals SET issued = ? WHERE id = ? RETURNING appraised",
                                 [issued, appraisal_id]).fetchone()
        if row is not None:
            ballot_box.prepare_sheet_places(store, appraisal_id, issued, json.loads(row[0]))


def set_returned(store: Store, appraisal_id: int, returned: int) -> None:
    with store.write(savepoint=False):
        store.conn.execute("UPDATE appraisals SET returned = ? WHERE id = ?", [returned, appraisal_id])


def close_appraisal(store: Store, appraisal_id: int, status: AppraisalState, summary: Mapping[str, Any]) -> None:
    """结束测评: closed or void, with the summary as it was shown."""
    with store.write(savepoint=False):
        store.conn.execute("UPDATE appraisals SET status = ?, summary = ? WHERE id = ?",
                           [AppraisalState(status).value, json.dumps(dict(summary), ensure_ascii=False),
                            appraisal_id])
