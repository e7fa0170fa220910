"""Facts the paperwork needs that the meeting's other screens do not record.

The counts of the shows of hands (选举办法, 监票人计票人名单, 不计入应到会人数的名单), the
contact person and telephone for the 附注 of papers sent upward, and the 记录人 of the
committee's first plenary.  Each is optional: unrecorded, the papers print a blank to fill.
"""
from __future__ import annotations

import re
from typing import Any

from ..documents.model import HandVote
from . import Outcome, audit
from .text import clean

HANDS = {"rules_vote": "通过选举办法", "tellers_vote": "通过监票人、计票人名单",
         "exclusions_vote": "通过不计入应到会人数的名单"}
TEXTS = {"contact_person": ("联系人", 20), "contact_phone": ("联系电话", 30),
         "plenary_recorder": ("第一次全体会议记录人", 20)}
COUNT = re.compile(r"(0|[1-9][0-9]{0,3})")


def facts(store, meeting_id: int) -> dict[str, str]:
    return store.paper_facts(meeting_id)


def hand_vote(text: str | None) -> HandVote | None:
    """"27,0,1" → HandVote(27, 0, 1); anything else → None (a blank on paper)."""
    parts = (text or "").split(",")
    if len(parts) != 3 or not all(COUNT.fullmatch(p) for p in parts):
        return None
    return HandVote(*(int(p) for p in parts))


def _hands(form: dict[str, Any], key: str, label: str) -> tuple[str | None, str]:
    values = [str(form.get(f"{key}_{part}", "")).strip() for part in ("agree", "disagree", "abstain")]
    if not any(values):
        return None, ""
    if not all(COUNT.fullmatch(v) for v in values):
        return None, f"{label}的赞成、不赞成、弃权人数都应填写为0到9999的整数"
    return ",".join(values), ""


def set_facts(store, actor: str, meeting_id: int, form: dict[str, Any]) -> Outcome:
    """Record what the form gives; an empty field clears its fact.  Nothing is saved when
    any field is refused (the reasons are given in Chinese)."""
    found: dict[str, str | None] = {}
    problems = []
    for key, label in HANDS.items():
        found[key], problem = _hands(form, key, label)
        problems += [problem] if problem else []
    for key, (label, limit) in TEXTS.items():
        text, problem = clean(form.get(key), label, limit)
        found[key] = text or None
        problems += [problem] if problem else []
    if problems:
        return Outcome.refused(*problems)
    with store.write():
        store.set_paper_facts(meeting_id, found)
        audit.record(store, actor, "记录文书所需事实",
                     {k: v for k, v in found.items() if v is not None}, meeting_id)
    return Outcome.done(None, "已保存，文书将按此填写。")
