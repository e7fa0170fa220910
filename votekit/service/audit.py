"""The audit trail: append-only, hash-chained events (who, what, when, previous hash).

Every state change in the service layer calls ``record`` inside the same write
transaction, so an event exists exactly when its change was committed.
``verify`` recomputes the chain: an edited, deleted, inserted or re-ordered
event, or a truncated tail (checked against ``audit_head``), is reported.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..core.audit_chain import GENESIS, event_hash
from ..store import Store, audit_log



def record(store: Store, actor: str, action: str, detail: dict[str, Any] | None = None,
           meeting_id: int | None = None) -> int:
    """Append one event; returns its sequence number."""
    text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)
    with store.write(savepoint=False):
        last = audit_log.head(store)
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        at = store.now()
        digest = event_hash(seq, at, actor, action, meeting_id, text, prev)
        audit_log.append(store, {"seq": seq, "at": at, "actor": actor, "action": action,
                                 "meeting_id": meeting_id, "detail": text,
                                 "prev_hash": prev, "hash": digest})
    return seq


@dataclass(frozen=True)
class AuditCheck:
    ok: bool
    events: int
    problems: tuple[str, ...]

    @property
    def message(self) -> str:
        if self.ok:
            return f"审计记录共{self.events}条，哈希链完整，未发现篡改。"
        return f"审计记录共{self.events}条，发现问题{len(self.problems)}处：" + "；".join(self.problems)


def verify(store: Store) -> AuditCheck:
    problems: list[str] = []
    prev, expected_seq = GENESIS, 1
    events = audit_log.events(store)
    for ev in events:
        if ev.seq != expected_seq:
            problems.append(f"第{expected_seq}条记录缺失（下一条为第{ev.seq}条）")
        if ev.prev_hash != prev:
            problems.append(f"第{ev.seq}条记录的前一哈希与上一条不符")
        digest = event_hash(ev.seq, ev.at, ev.actor, ev.action, ev.meeting_id,
                            ev.detail, ev.prev_hash)
        if digest != ev.hash:
            problems.append(f"第{ev.seq}条记录内容被改动（哈希不符）")
        prev, expected_seq = ev.hash, ev.seq + 1
    head = audit_log.head(store)
    if head is None and events:
        problems.append("缺少链头记录")
    elif head is not None and (head[0] != expected_seq - 1 or head[1] != prev):
        problems.append(f"链头记录为第{head[0]}条，与实际最后一条（第{expected_seq - 1}条）不符，"
                        "末尾记录可能被删除")
    return AuditCheck(ok=not problems, events=len(events), problems=tuple(problems))


def events(store: Store, meeting_id: int | None = None, limit: int = 200) -> list[audit_log.AuditEvent]:
    """The newest events first (each with its ``detail_data`` decoded), for the audit screen."""
    return audit_log.events(store, meeting_id or None, newest_first=True)[:limit]
