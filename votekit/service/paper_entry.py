"""One paper into the kit at the counting table — an election ballot or a 测评表 — the same way.

The lifecycle both share: the client's idempotency token is checked first; inside one
write transaction (tellers queue at ``ENTRY_GATE`` in the app process, not in
SQLite's busy handler) a token already seen answers "already recorded" and counts
nothing twice; otherwise the paper must still be enterable (the kind says why not:
round closed, not issued, as many entered as came back), it is stored under a random
key (``store.ballot_box``), the token remembered, and whatever the kind keeps besides
(how many each teller entered; never an audit event per paper, whose time would date it) —
all or nothing.  What differs between a ballot and a 测评表 is the ``Paper`` the caller passes.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any, Callable

from ..store import Store
from . import Outcome

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Tellers' submissions queue here, in the app process, instead of in SQLite's busy handler
# (whose growing sleeps let one teller starve for a second while others keep the lock).
ENTRY_GATE = threading.Lock()


@dataclass(frozen=True)
class Paper:
    """What one kind of paper needs from the shared lifecycle."""

    noun: str                                          # 选票 / 测评表
    key_name: str                                      # ballot_id / sheet_id in the reply
    seen: Callable[[Store, str], str | None]           # token → the key it created, if any
    problem: Callable[[Store], tuple[str | None, int]]  # why not now (or None), and how many so far
    insert: Callable[[Store], str]                     # store the paper; its random key
    remember: Callable[[Store, str, str], None] | None  # token, key (None: ``insert`` kept the token)
    entered: Callable[[Store], int]
    record: Callable[[Store], None] | None = None      # kept besides the paper (never its time)


def token_problem(token: Any, noun: str) -> str | None:
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return f"提交标识无效，请刷新页面后重新录入这张{noun}。"
    return None


def enter(store: Store, token: str, paper: Paper) -> Outcome:
    """Record one paper (idempotent per token); the value says its key, whether it was a
    repeat, and how many are now entered."""
    problem = token_problem(token, paper.noun)
    if problem:
        return Outcome.refused(problem)
    with ENTRY_GATE, store.write():
        seen = paper.seen(store, token)
        if seen is not None:
            return Outcome.done({paper.key_name: seen, "duplicate": True, "entered": paper.entered(store)},
                                f"这张{paper.noun}刚才已经记录，重复提交没有重复计入。")
        problem, entered = paper.problem(store)
        if problem:
            return Outcome.refused(problem)
        key = paper.insert(store)
        if paper.remember is not None:
            paper.remember(store, token, key)
        if paper.record is not None:
            paper.record(store)
    return Outcome.done({paper.key_name: key, "duplicate": False, "entered": entered + 1})


def limit_problem(entered: int, issued: int, returned: int | None, counted: str) -> str | None:
    """No more papers than came back (or, before the count of those returned, than went out);
    ``counted`` names what is compared (选票数, 测评表)."""
    limit = returned if returned is not None else issued
    if entered >= limit:
        what = "收回" if returned is not None else "发出"
        return f"已录入{entered}张，已等于{what}的{counted}{limit}张，不能再录入；如有出入请交监票人核对。"
    return None
