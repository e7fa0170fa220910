"""The roster (党员名册) as recorded: members, their 不计入应到 exclusions, and who may not
be renamed or removed because an election names them.  Records out, never rows.

``RosterEntry`` is one member as the meeting sees them now: the roster line, the
exclusion if any, and the attendance (signed in, left, 请假); ``member`` is the
counting core's ``Member``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..core.order import needs_check
from ..core.quorum import counts_in_expected
from ..core.vocabulary import Exclusion, ExclusionReason, Member, MemberStatus
from . import Store


@dataclass(frozen=True)
class RosterEntry:
    id: int
    meeting_id: int
    name: str
    gender: str
    status: MemberStatus
    party_group: str = ""
    notes: str = ""
    excl_reason: int | None = None            # ExclusionReason 1–6, or None
    higher_approved_on: str | None = None
    meeting_approved_on: str | None = None
    excl_note: str | None = None              # None: no exclusion recorded
    arrived_at: str | None = None
    left_at: str | None = None
    leave_reason: str | None = None           # None: never signed in
    absence: str | None = None                # 请假 reason, bare; None or "" = none recorded
    details: Mapping[str, str] = field(default_factory=dict, compare=False)   # the file's other columns

    @property
    def member(self) -> Member:
        """The counting core's view: status, present (signed in, not left), exclusion."""
        excluded = None
        if self.excl_reason:
            excluded = Exclusion(ExclusionReason(self.excl_reason), higher_approved=bool(self.higher_approved_on),
                                 meeting_approved=bool(self.meeting_approved_on))
        return Member(self.name, self.status, self.present, excluded)

    @property
    def present(self) -> bool:
        return bool(self.arrived_at) and not self.left_at

    @property
    def has_vote(self) -> bool:
        return self.status.has_vote

    @property
    def in_expected(self) -> bool:
        return counts_in_expected(self.member)

    @property
    def needs_check(self) -> bool:
        """The name's 姓氏笔画 order needs a person's check."""
        return needs_check(self.name)

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def status_short(self) -> str:
        return self.status.short

    @property
    def excl_label(self) -> str:
        return ExclusionReason(self.excl_reason).label if self.excl_reason else ""


_ENTRY = """SELECT m.id, m.meeting_id, m.name, m.gender, m.status, m.party_group, m.notes,
       e.reason, e.higher_approved_on, e.meeting_approved_on, e.note,
       a.arrived_at, a.left_at, a.leave_reason, a.absence, m.details
FROM members m LEFT JOIN exclusions e ON e.member_id = m.id LEFT JOIN attendance a ON a.member_id = m.id"""


def _entry(row: tuple[Any, ...]) -> RosterEntry:
    (id_, meeting_id, name, gender, status, party_group, notes, reason, higher, approved, excl_note,
     arrived_at, left_at, leave_reason, absence, details) = row
    return RosterEntry(id_, meeting_id, name, gender, MemberStatus(status), party_group, notes, reason, higher,
                       approved, excl_note, arrived_at, left_at, leave_reason, absence,
                       details=json.loads(details or "{}"))


def entries(store: Store, meeting_id: int) -> list[RosterEntry]:
    """Every member of the meeting's roster, in the order they were recorded."""
    return [_entry(r) for r in store.conn.execute(_ENTRY + " WHERE m.meeting_id = ? ORDER BY m.id",
                                                  [meeting_id]).fetchall()]


def entry(store: Store, member_id: int) -> RosterEntry | None:
    row = store.conn.execute(_ENTRY + " WHERE m.id = ?", [member_id]).fetchone()
    return _entry(row) if row else None


def member_named(store: Store, meeting_id: int, name: str) -> int | None:
    """The id of the member of this name on the meeting's roster, or None."""
    row = store.conn.execute("SELECT id FROM members WHERE meeting_id = ? AND name = ?", [meeting_id, name]).fetchone()
    return int(row[0]) if row else None


def member_ids(store: Store, meeting_id: int) -> dict[str, int]:
    """Name → id for the meeting's roster."""
    return dict(store.conn.execute("SELECT name, id FROM members WHERE meeting_id = ?", [meeting_id]).fetchall())


def names_of(store: Store, meeting_id: int, status: MemberStatus | None = None) -> list[str]:
    """Names on the roster in the order recorded (only those of ``status`` if given)."""
    rows = store.conn.execute("SELECT name, status FROM members WHERE meeting_id = ? ORDER BY id", [meeting_id])
    return [name for name, stat in rows.fetchall() if status is None or stat == status.value]


def add_member(store: Store, meeting_id: int, values: Mapping[str, Any],
               details: Mapping[str, str] | None = None) -> int:
    """One roster line (name, status, gender, party_group, notes; the file's other columns as ``details``)."""
    row = {"meeting_id": meeting_id, **values}
    if details is not None:
        row["details"] = json.dumps(dict(details), ensure_ascii=False)
    cols = ", ".join(row)
    with store.write(savepoint=False):
        cur = store.conn.execute(f"INSERT INTO members ({cols}) VALUES ({', '.join('?' for _ in row)})",
                                 list(row.values()))
    return int(cur.lastrowid or 0)


_EDITABLE = ("name", "status", "gender", "party_group", "notes")


def update_member(store: Store, member_id: int, values: Mapping[str, Any]) -> None:
    sets = [c for c in _EDITABLE if c in values]
    with store.write(savepoint=False):
        store.conn.execute(f"UPDATE members SET {', '.join(f'{c} = ?' for c in sets)} WHERE id = ?",
                           [values[c] for c in sets] + [member_id])


def remove_member(store: Store, member_id: int) -> None:
    with store.write(savepoint=False):
        store.conn.execute("DELETE FROM members WHERE id = ?", [member_id])


def clear_roster(store: Store, meeting_id: int) -> None:
    with store.write(savepoint=False):
        store.conn.execute("DELETE FROM members WHERE meeting_id = ?", [meeting_id])


def roster_in_use(store: Store, meeting_id: int) -> bool:
    """Someone signed in, or named as candidate or teller: the roster can no longer be replaced whole."""
    return bool(store.conn.execute(
        "SELECT EXISTS (SELECT 1 FROM members m WHERE m.meeting_id = ? AND ("
        "EXISTS (SELECT 1 FROM attendance WHERE member_id = m.id) OR "
        "EXISTS (SELECT 1 FROM candidates WHERE member_id = m.id) OR "
        "EXISTS (SELECT 1 FROM tellers WHERE member_id = m.id)))", [meeting_id]).fetchone()[0])


def member_in_use(store: Store, member_id: int) -> bool:
    """A candidate or a teller of some election (not to be renamed or removed)."""
    return bool(store.conn.execute(
        "SELECT EXISTS (SELECT 1 FROM candidates WHERE member_id = ?) OR "
        "EXISTS (SELECT 1 FROM tellers WHERE member_id = ?)", [member_id, member_id]).fetchone()[0])


def set_exclusion(store: Store, member_id: int, reason: int, higher_approved_on: str | None,
                  meeting_approved_on: str | None, note: str) -> None:
    with store.write(savepoint=False):
        store.conn.execute(
            "INSERT INTO exclusions (member_id, reason, higher_approved_on, meeting_approved_on, note) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(member_id) DO UPDATE SET reason = excluded.reason, "
            "higher_approved_on = excluded.higher_approved_on, "
            "meeting_approved_on = excluded.meeting_approved_on, note = excluded.note",
            [member_id, reason, higher_approved_on, meeting_approved_on, note])


def clear_exclusion(store: Store, member_id: int) -> None:
    with store.write(savepoint=False):
        store.conn.execute("DELETE FROM exclusions WHERE member_id = ?", [member_id])


def add_many(store: Store, meeting_id: int, lines: Iterable[tuple[Mapping[str, Any], Mapping[str, str]]]) -> None:
    with store.write(savepoint=False):
        for values, details in lines:
            add_member(store, meeting_id, values, details)
