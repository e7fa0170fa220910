"""What every rehearsal step shares: the output folder, the store, the clock."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..store import Store

ACTOR = "演练"


class SteppingClock:
    """Meeting-morning time that moves on 20 seconds per reading (deterministic)."""

    def __init__(self, start: dt.datetime):
        self.t = start

    def __call__(self) -> str:
        self.t += dt.timedelta(seconds=20)
        return self.t.isoformat(timespec="seconds")


@dataclass
class Rehearsal:
    out: Path
    store: Store
    meeting_id: int = 0
    committee_id: int = 0
    summary: dict[str, Any] = field(default_factory=dict)
    artefacts: list[str] = field(default_factory=list)

    def write(self, name: str, data: bytes | str) -> Path:
        path = self.out / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        self.artefacts.append(name)
        return path
