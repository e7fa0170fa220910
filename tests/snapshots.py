"""Meeting files made once per test run and handed to each test as its own copy.

Playing the scenario's sign-in (32 members, each in their own transaction) or setting a PIN
(PBKDF2) costs far more than copying the file it leaves.  ``made(key, build)`` runs
``build(store)`` once per run on a fresh meeting file kept in a private folder and remembers
what it returned; ``restore(key, build, store)`` copies that file into an already open store
(SQLite's backup: every page, so the test's file is what ``build`` would have made on it),
``copy(key, build, path)`` copies it to a new path.  Each test still writes only to its own
copy; nothing a test does reaches the kept file or another test.

Only into a ``blank`` store: one on a test's clock must have its rows stamped by that clock,
one at an older schema or already holding anything must be played into (see
``counting_fixtures.build_meeting``).
"""
from __future__ import annotations

import atexit
import contextlib
import inspect
import itertools
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any, Callable

from votekit.store import MIGRATIONS, Store, open_store

SYSTEM_CLOCK = inspect.signature(open_store).parameters["clock"].default
SCHEMA = MIGRATIONS[-1][0]
_folder: Path | None = None
_made: dict[Any, tuple[Path, Any]] = {}
_numbers = itertools.count()


def _kept() -> Path:
    """A new file name in the run's private folder (a build may make another snapshot)."""
    global _folder
    if _folder is None:
        _folder = Path(tempfile.mkdtemp(prefix="votekit-snapshots-"))
        atexit.register(shutil.rmtree, _folder, True)
    return _folder / f"{next(_numbers)}.sqlite3"


def made(key: Any, build: Callable[[Store], Any]) -> tuple[Path, Any]:
    """The kept file for ``key`` and what ``build`` returned when it was made."""
    if key not in _made:
        path = _kept()
        with open_store(path) as store:
            # (a test that patched the migrations must play into its own file, not make this one)
            assert store.schema_version() == SCHEMA, "a snapshot is made at the kit's schema only"
            value = build(store)
        _made[key] = (path, value)
    return _made[key]


def blank(store: Store) -> bool:
    """Whether a snapshot may stand for what would be played into ``store``: a file on the
    system clock, at the kit's schema, with nothing in it yet (no meeting, no audited act,
    no kit key)."""
    return store.clock is SYSTEM_CLOCK and store.schema_version() == SCHEMA and \
        not any(store.count(table) for table in ("meetings", "audit", "kit_keys"))


def restore(key: Any, build: Callable[[Store], Any], store: Store) -> Any:
    """Make ``store`` (open, migrated, nothing in it yet) hold what ``build`` makes."""
    path, value = made(key, build)
    with contextlib.closing(sqlite3.connect(path)) as kept:
        kept.backup(store.conn)
    return value


def copy(key: Any, build: Callable[[Store], Any], target: Path) -> Any:
    """Write what ``build`` makes to a new meeting file at ``target``."""
    path, value = made(key, build)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return value
