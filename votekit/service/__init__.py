"""The one service layer, used by the web app and the CLI alike.

Split by noun: ``meetings`` (meeting, elections, rounds, PIN), ``roster`` and
``roster_files`` (members, exclusions, CSV/XLSX import), ``slate`` (candidates,
监票人/计票人), ``signin`` (签到, late/leaving, the live quorum), ``ballots``
(ballots issued and returned, the round record), ``entry`` (a ballot into the
kit), ``double_entry``, ``voids``, ``counting`` (board, closing, recount),
``sequencing`` (the next round), ``plenary``, ``papers``, ``adjudication`` and
``scan_reconcile`` (read scans), ``motions`` and ``appraisal`` (other votes),
``dossier`` (the paperwork's input), ``audit`` (the hash chain).

Every function takes a ``Store`` first and, if it changes anything, the
``actor`` (who did it) second.  Expected refusals are values: an ``Outcome``
with ``ok=False`` and Chinese ``messages``; nothing is half-written.  What is
persisted comes back as the store's records (``service.records``: ``Round``,
``RoundState`` with its typed ``Verdict`` …) through named queries; tables and
JSON columns are ``votekit.store``'s (the modules that still name a table are
listed, and may only shrink, in ``tests/test_architecture.py``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Outcome:
    ok: bool
    messages: tuple[str, ...] = ()
    value: Any = None

    @classmethod
    def done(cls, value: Any = None, *messages: str) -> "Outcome":
        return cls(True, tuple(messages), value)

    @classmethod
    def refused(cls, *messages: str) -> "Outcome":
        return cls(False, tuple(messages))

    @property
    def message(self) -> str:
        return "；".join(self.messages)
