"""What every rehearsal step shares: the output folder, the store, the clock."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..service.database import Store
from .play import Played
from .scenario import Scenario

ACTOR = "演练"


class SteppingClock:
    """Meeting-morning time that moves on 20 seconds per reading (deterministic)."""

    def __init__(self, start: dt.datetime):
        self.t = start

    def __call__(self) -> str:
        self.t += dt.timedelta(seconds=20)
        return self.t.isoformat(timespec="seconds")

    def at(self, hhmm: str) -> None:
        """Move on to HH:MM of the same day (never back: the audit chain keeps its order)."""
        hour, minute = (int(part) for part in hhmm.split(":"))
        self.t = max(self.t, self.t.replace(hour=hour, minute=minute, second=0))


@dataclass
class Rehearsal:
    out: Path
    store: Store
    scenario: Scenario
    played: Played = field(default_factory=Played)
    printed: set[int] = field(default_factory=set)        # rounds whose ballots are printed
    meeting_id: int = 0
    committee_id: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    artefacts: list[str] = field(default_factory=list)

    def write(self, name: str, data: bytes | str) -> Path:
        path = self.out / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        self.artefacts.append(name)
        return path
