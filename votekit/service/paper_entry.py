"""One paper into the kit at the counting table — an election ballot or a 测评表 — the same way.

The lifecycle both share: the client's idempotency token is checked first; inside one
write transaction (tellers queue in the app process, not in SQLite's busy handler: a
``GroupCommit`` per meeting file, ``commits_for``) a token already seen answers "already
recorded" and counts nothing twice; otherwise the paper must still be enterable (the kind says why not:
round closed, not issued, as many entered as came back), it is stored under a random
key (``store.ballot_box``) with its token, and whatever the kind keeps besides
(how many each teller entered; never an audit event per paper, whose time would date it) —
all or nothing.  What differs between a ballot and a 测评表 is the ``Paper`` the caller passes.
"""
from __future__ import annotations

import collections
import copy
import re
import threading
import weakref
from dataclasses import dataclass
from typing import Any, Callable

from ..store import Store
from . import Outcome

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class Paper:
    """What one kind of paper needs from the shared lifecycle."""

    noun: str                                          # 选票 / 测评表
    key_name: str                                      # ballot_id / sheet_id in the reply
    seen: Callable[[Store, str], str | None]           # token → the key it created, if any
    problem: Callable[[Store], tuple[str | None, int]]  # why not now (or None), and how many so far
    insert: Callable[[Store], str]                     # store the paper with its token; its random key
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
    return commits_for(store).run(store, lambda s: _enter_one(s, token, paper))


def _enter_one(store: Store, token: str, paper: Paper) -> Outcome:
    seen = paper.seen(store, token)
    if seen is not None:
        return Outcome.done({paper.key_name: seen, "duplicate": True, "entered": paper.entered(store)},
                            f"这张{paper.noun}刚才已经记录，重复提交没有重复计入。")
    problem, entered = paper.problem(store)
    if problem:
        return Outcome.refused(problem)
    key = paper.insert(store)
    if paper.record is not None:
        paper.record(store)
    return Outcome.done({paper.key_name: key, "duplicate": False, "entered": entered + 1})


@dataclass
class _Entry:
    work: Callable[[Store], Outcome]
    outcome: Outcome | None = None
    error: BaseException | None = None
    done: bool = False


class GroupCommit:
    """Tellers' submissions queue here, in the app process, instead of in SQLite's busy handler
    (whose growing sleeps let one teller starve for a second while others keep the lock).

    A commit waits for the disk (a rollback journal, ``synchronous = FULL``: several flushes), and
    while it does the other tellers' submissions arrive.  So the teller whose turn it is commits
    everything queued at that moment in one transaction, each paper in a savepoint of its own (one
    paper's failure is that paper's alone); the others wait for that commit and get their own
    answers.  One flush per group instead of one per paper; a lone submission runs exactly as
    before.  Nothing is answered "recorded" before the transaction holding it has committed."""

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._queue: list[_Entry] = []
        self._committing = False
        self._writer: Store | None = None

    def _writer_for(self, store: Store) -> Store:
        """The connection the group is written on: one of the queue's own, kept for the file, so
        its page cache stays warm (a commit on another connection makes every other connection
        read its pages afresh: half a submission's CPU with eight tellers, each on its own).
        An in-memory database has only the caller's connection; a replaced file gets a new one."""
        if store.path == ":memory:":
            return store
        writer = self._writer
        if writer is None or not writer.opened_same_file_as(store) or writer.conn.in_transaction:
            if writer is not None:
                writer.close()
            writer = self._writer = store.sibling()
        writer.clock = store.clock
        return writer

    def close(self) -> None:
        """Close the kept writer (when no group is being committed; the next group opens one)."""
        with self._turn:
            if not self._committing and self._writer is not None:
                self._writer.close()
                self._writer = None

    def run(self, store: Store, work: Callable[[Store], Outcome]) -> Outcome:
        if store.conn.in_transaction:           # inside the caller's own transaction: join it
            with store.write():
                return work(store)
        entry, leads = _Entry(work), False
        with self._turn:
            self._queue.append(entry)
            while self._committing and not entry.done:
                self._turn.wait()
            if not entry.done:
                self._committing = leads = True
                group, self._queue = self._queue, []
        if leads:
            try:
                self._commit(self._writer_for(store), group)
            except Exception as exc:                # no connection to write on: nothing written
                for each in group:
                    each.outcome, each.error = None, each.error or exc
            finally:
                with self._turn:
                    for each in group:
                        each.done = True
                    self._committing = False
                    self._turn.notify_all()
        if entry.error is not None:
            raise entry.error if leads else _again(entry.error)
        assert entry.outcome is not None
        return entry.outcome

    @staticmethod
    def _commit(store: Store, group: list[_Entry]) -> None:
        try:
            with store.write():
                for each in group:
                    if len(group) == 1:
                        each.outcome = each.work(store)
                        continue
                    try:
                        with store.write():         # a savepoint: this paper's failure is its own
                            each.outcome = each.work(store)
                    except Exception as exc:
                        each.error = exc
        except BaseException as exc:               # nothing of the group was committed
            for each in group:
                each.outcome, each.error = None, each.error or exc
            if not isinstance(exc, Exception):
                raise


def _again(error: BaseException) -> BaseException:
    """The same error for another waiting thread (one exception object is raised once)."""
    try:
        again = copy.copy(error)
    except Exception:
        return error
    again.__cause__ = error
    return again


_COMMITS: "collections.OrderedDict[str, GroupCommit]" = collections.OrderedDict()
_IN_MEMORY: "weakref.WeakKeyDictionary[Store, GroupCommit]" = weakref.WeakKeyDictionary()
_COMMITS_LOCK = threading.Lock()
KEPT_WRITERS = 4        # files whose writer stays open (a meeting has one; a test run has hundreds)


def commits_for(store: Store) -> GroupCommit:
    """The queue of the store's meeting file (papers are grouped only with papers for the same
    file).  An in-memory database is a file of its own per connection: its queue lives and goes
    with that store (an ``id`` could be reused by a later store).  Only the files used last keep
    their writer open."""
    with _COMMITS_LOCK:
        if store.path == ":memory:":
            return _IN_MEMORY.setdefault(store, GroupCommit())
        commits = _COMMITS.setdefault(store.path, GroupCommit())
        _COMMITS.move_to_end(store.path)
        for older in list(_COMMITS.values())[:-KEPT_WRITERS]:
            if older._writer is not None:
                older.close()
        return commits


def limit_problem(entered: int, issued: int, returned: int | None, counted: str) -> str | None:
    """No more papers than came back (or, before the count of those returned, than went out);
    ``counted`` names what is compared (选票数, 测评表)."""
    limit = returned if returned is not None else issued
    if entered >= limit:
        what = "收回" if returned is not None else "发出"
        return f"已录入{entered}张，已等于{what}的{counted}{limit}张，不能再录入；如有出入请交监票人核对。"
    return None
