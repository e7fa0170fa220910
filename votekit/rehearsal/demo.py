"""The demo meeting in a meeting file, and its paperwork read back from that file.

- ``create_demo_meeting(store)``: ``serve --demo`` — the scenario prepared (roster,
  exclusion, slate, tellers, 表决 and 测评 on the agenda), nobody signed in yet;
- ``demo_dossier(variant)``: ``documents --demo`` and the document tests — the whole
  scenario played into a fresh file (ballots printed, so 剩余/剪角 are recorded),
  then ``service.dossier.dossier_for`` reads the paperwork's input back from it.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from ..service.database import Store, open_store
from .context import SteppingClock
from .play import Hooks, Played, Stage, dossier, done, play
from .scenario import Scenario, scenario


def create_demo_meeting(store: Store, actor: str = "演示", date: str | None = None,
                        variant: str = "runoff") -> int:
    """The demo meeting ready for the day (``date``: default today), nobody signed in."""
    sc = scenario(variant, date or dt.date.today())
    return play(store, sc, actor, until=Stage.PREPARED).meeting_id


def printing_into(store: Store, folder: Path) -> Hooks:
    """Hooks that print each round's ballots (A4, with spares) before they are issued."""
    from ..service import papers
    return Hooks(printed=lambda round_id: done(papers.print_ballots(store, "演示", round_id, folder)))


def played_file(path: Path, sc: Scenario, until: Stage = Stage.DONE, print_ballots: bool = True
                ) -> tuple[Store, Played]:
    """A fresh meeting file at ``path`` with ``sc`` played into it (the caller closes the store)."""
    store = open_store(path, clock=SteppingClock(dt.datetime.combine(sc.date, dt.time(8, 0))))
    hooks = printing_into(store, path.parent / "papers") if print_ballots else None
    return store, play(store, sc, until=until, hooks=hooks)


def demo_dossier(variant: str = "runoff", sc: Scenario | None = None):
    """The demo meeting's paperwork input, from the meeting file it was played into."""
    sc = sc or scenario(variant)
    with tempfile.TemporaryDirectory(prefix="votekit-demo-") as folder:
        store, played = played_file(Path(folder) / "demo.sqlite3", sc)
        try:
            return dossier(store, sc, played)
        finally:
            store.close()
