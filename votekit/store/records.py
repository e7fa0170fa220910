"""What the store hands out: frozen records and the vocabulary enums, with their Chinese labels.

The service layer reads ``election.post``, ``rnd.kind``, ``state.verdict`` (a typed
core ``Verdict``) instead of table rows and JSON columns; the codecs live here.
The enums are ``StrEnum``: a member equals its stored text, so ``state.status ==
"open"`` and a template's ``rnd.kind == 'first'`` keep meaning what they meant.

A record is read by attribute only (``rnd.seats``, never ``rnd["seats"]``); columns a
later migration added and a record does not name yet are kept in ``extra``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from enum import IntEnum, StrEnum
from functools import cached_property
from typing import Any, Mapping

from ..core.export import verdict_from_data, verdict_to_data
from ..core.record import parse_round
from ..core.vocabulary import RoundKind, RoundOptions, RoundRecord, RoundStage, Verdict


class Post(StrEnum):
    """What an election fills (委员, 书记, 副书记, 补选委员)."""

    COMMITTEE = "committee"
    SECRETARY = "secretary"
    DEPUTY = "deputy"
    BY_ELECTION = "by_election"

    @property
    def label(self) -> str:
        return {"committee": "委员", "secretary": "书记", "deputy": "副书记",
                "by_election": "委员（补选）"}[self.value]

    @property
    def office(self) -> str:
        """The office itself, as the paperwork names it (补选 fills a 委员's seat)."""
        return self.label.replace("（补选）", "")

    @property
    def default_kind(self) -> RoundKind:
        return RoundKind.EQUAL if self.by_committee else RoundKind.COMPETITIVE

    @property
    def by_committee(self) -> bool:
        """书记 and 副书记 are elected by the new committee at its first plenary (RULES.md §2)."""
        return self in (Post.SECRETARY, Post.DEPUTY)

    @property
    def electorate(self) -> str:
        return "committee" if self.by_committee else "meeting"


class RoundType(StrEnum):
    """Which vote of an election a round is."""

    FIRST = "first"
    RUNOFF = "runoff"      # 再次投票 among those tied
    FURTHER = "further"    # 另行选举 for a shortfall

    @property
    def label(self) -> str:
        return {"first": "第一轮投票", "runoff": "再次投票（得票相等者）", "further": "另行选举"}[self.value]

    @property
    def short(self) -> str:
        """The label in the paperwork's tables."""
        return {"first": "第一轮", "runoff": "再次投票", "further": "另行选举"}[self.value]

    @property
    def stage(self) -> RoundStage:
        return RoundStage(self.value)


class RoundStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    VOID = "void"

    @property
    def label(self) -> str:
        return {"open": "正在录入", "closed": "已结束计票", "void": "选举无效（须重新投票）"}[self.value]


class DoubleEntry(IntEnum):
    """双人录入: off, two tellers entering the pile separately (甲/乙), or compared and settled."""

    OFF = 0
    ON = 1
    SETTLED = 2

    @property
    def label(self) -> str:
        return {0: "单人录入", 1: "双人录入（甲、乙各录一遍）", 2: "双人录入已核对一致"}[self.value]


def _split(row: Mapping[str, Any], cls: type) -> tuple[dict[str, Any], dict[str, Any]]:
    """The columns the record names, and any a later migration added (kept in ``extra``)."""
    names = {f.name for f in fields(cls)}
    known = {k: v for k, v in row.items() if k in names}
    return known, {k: v for k, v in row.items() if k not in names}


@dataclass(frozen=True)
class Meeting:
    id: int
    branch: str
    date: str
    starts_at: str = ""
    place: str = ""
    presiding: str = ""
    recorder: str = ""
    allow_exact_four_fifths: bool = False
    count_unmarked_write_in: bool = False
    pin_hash: str | None = None
    scrutineer_pin_hash: str | None = None
    higher_committee: str = ""
    term_elected_on: str = ""
    term_expires_on: str = ""
    term_request_sent_on: str | None = None       # 换届请示 sent to the higher committee
    term_request_approved_on: str | None = None   # and its 批复
    created_at: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def options(self) -> RoundOptions:
        return RoundOptions(allow_exact_four_fifths=self.allow_exact_four_fifths,
                            count_unmarked_write_in=self.count_unmarked_write_in)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "Meeting":
        known, extra = _split(row, cls)
        known["allow_exact_four_fifths"] = bool(known.get("allow_exact_four_fifths"))
        known["count_unmarked_write_in"] = bool(known.get("count_unmarked_write_in"))
        return cls(**known, extra=extra)


@dataclass(frozen=True)
class Election:
    id: int
    meeting_id: int
    post: Post
    kind: str                  # RoundKind's value: competitive (差额) or equal (等额)
    title: str
    seats: int
    electorate: str = "meeting"
    parent_id: int | None = None
    position: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def by_committee(self) -> bool:
        """Voted by the new committee at its first plenary (not by the meeting)."""
        return self.electorate == "committee"

    @property
    def round_kind(self) -> RoundKind:
        return RoundKind(self.kind)

    @property
    def kind_label(self) -> str:
        return self.round_kind.label

    @property
    def post_label(self) -> str:
        return self.post.label

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "Election":
        known, extra = _split(row, cls)
        return cls(**{**known, "post": Post(known["post"])}, extra=extra)


@dataclass(frozen=True)
class Round:
    id: int
    election_id: int
    number: int
    kind: RoundType
    seats: int
    candidate_names: tuple[str, ...] = ()   # empty: the election's slate
    issued: int | None = None
    issue_reason: str = ""
    expected_at_issue: int | None = None
    present_at_issue: int | None = None
    returned: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def label(self) -> str:
        return self.kind.label

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "Round":
        known, extra = _split(row, cls)
        extra.pop("candidates", None)
        return cls(**{**known, "kind": RoundType(known["kind"]),
                      "candidate_names": tuple(names_from_text(row.get("candidates")))}, extra=extra)


@dataclass(frozen=True)
class RoundState:
    """How far a round's count has come; the frozen record and the verdict once it is closed."""

    round_id: int
    status: RoundStatus = RoundStatus.OPEN
    double_entry: DoubleEntry = DoubleEntry.OFF
    seat_reduction_yes: int | None = None
    closed_by: str = ""
    record_text: str | None = field(default=None, repr=False)
    verdict_text: str | None = field(default=None, repr=False)
    extra: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def is_open(self) -> bool:
        return self.status is RoundStatus.OPEN

    @property
    def in_piles(self) -> bool:
        """Ballots go to the 甲/乙 piles now, not straight into the count."""
        return self.double_entry is DoubleEntry.ON

    @cached_property
    def record(self) -> RoundRecord | None:
        """The round record frozen at closing (TALLY-JSON), or None while open."""
        return parse_round(json.loads(self.record_text)) if self.record_text else None

    @cached_property
    def verdict_data(self) -> dict[str, Any] | None:
        """The stored verdict as TALLY-JSON data (a void round's is only status and sentences)."""
        return json.loads(self.verdict_text) if self.verdict_text else None

    @cached_property
    def verdict(self) -> Verdict | None:
        """The core's verdict, typed; None while open, and for a round declared void before
        counting (more ballots returned than issued), whose stored verdict is only a sentence."""
        data = self.verdict_data
        return verdict_from_data(data) if data and "tally" in data else None

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple((self.verdict_data or {}).get("messages", ()))

    @classmethod
    def from_row(cls, row: Mapping[str, Any] | None, round_id: int) -> "RoundState":
        if row is None:
            return cls(round_id)
        known, extra = _split(row, cls)
        extra.pop("record", None)
        extra.pop("verdict", None)
        return cls(**{**known, "status": RoundStatus(known["status"]),
                      "double_entry": DoubleEntry(known.get("double_entry") or 0)},
                   record_text=row.get("record"), verdict_text=row.get("verdict"), extra=extra)


def round_title(election: Election, rnd: Round) -> str:
    """中共××支部委员会委员选举·第一轮投票（第1轮） — how screens name a round (a first round
    held again after a void one is 重新投票)."""
    label = "重新投票" if rnd.kind is RoundType.FIRST and rnd.number > 1 else rnd.label
    return f"{election.title}·{label}（第{rnd.number}轮）"


def names_from_text(text: str | None) -> list[str]:
    return json.loads(text) if text else []


def names_to_text(names: tuple[str, ...] | list[str]) -> str:
    return json.dumps(list(names), ensure_ascii=False)


def verdict_to_text(verdict: Verdict | dict[str, Any]) -> str:
    data = verdict if isinstance(verdict, dict) else verdict_to_data(verdict)
    return json.dumps(data, ensure_ascii=False)
