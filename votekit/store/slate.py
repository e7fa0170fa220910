"""An election's slate (候选人) and tellers (监票人、计票人), and the names whose stroke order a
person has checked: named queries, names out (the service sorts them 姓氏笔画)."""
from __future__ import annotations

import json
from typing import Iterable

from . import Store


def candidate_names(store: Store, election_id: int) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT name FROM candidates WHERE election_id = ?", [election_id])]


def set_candidates(store: Store, election_id: int, candidates: Iterable[tuple[int, str]]) -> None:
    """Replace the slate whole with (member id, name) pairs."""
    with store.write(savepoint=False):
        store.conn.execute("DELETE FROM candidates WHERE election_id = ?", [election_id])
        store.conn.executemany("INSERT INTO candidates (election_id, member_id, name) VALUES (?, ?, ?)",
                               [(election_id, member_id, name) for member_id, name in candidates])


def tellers(store: Store, election_id: int) -> list[tuple[str, str]]:
    """(role, name) of each teller: role ``scrutineer`` (监票人) or ``counter`` (计票人)."""
    return [(r[0], r[1]) for r in store.conn.execute("SELECT role, name FROM tellers WHERE election_id = ? "
                                                      "ORDER BY id", [election_id])]


def set_tellers(store: Store, election_id: int, tellers: Iterable[tuple[str, str, int | None]]) -> None:
    """Replace the tellers whole with (role, name, member id or None for staff)."""
    with store.write(savepoint=False):
        store.conn.execute("DELETE FROM tellers WHERE election_id = ?", [election_id])
        store.conn.executemany("INSERT INTO tellers (election_id, role, name, member_id) VALUES (?, ?, ?, ?)",
                               [(election_id, role, name, member_id) for role, name, member_id in tellers])


def strokes_checked(store: Store, election_id: int) -> frozenset[str]:
    """Names whose 姓氏笔画 order the secretary has checked (已核对) for this election."""
    text = store.value("SELECT strokes_checked FROM elections WHERE id = ?", [election_id])
    return frozenset(json.loads(text or "[]"))


def set_strokes_checked(store: Store, election_id: int, names: Iterable[str]) -> None:
    with store.write(savepoint=False):
        store.conn.execute("UPDATE elections SET strokes_checked = ? WHERE id = ?",
                           [json.dumps(sorted(names), ensure_ascii=False), election_id])
