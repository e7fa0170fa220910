"""A consistent copy of the meeting file (SQLite's online backup API).

The copy is taken while the app may be serving tellers: the backup API reads a
consistent snapshot, including what still sits in the WAL. The copy is then
vacuumed (rewritten in key order, no free pages: nothing in it follows the order
in which ballots were entered), switched to a single-file journal so a USB stick
holds one file, checked, and only then moved into place under its final name.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path


class BackupFailed(Exception):
    """The copy could not be written or did not check out; nothing is left half-written."""


def backup_file(source: str | Path, target: str | Path) -> None:
    """Copy the SQLite database ``source`` to the new file ``target``."""
    target = Path(target)
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    try:
        _copy(Path(source), part)
        os.replace(part, target)
    except (sqlite3.Error, OSError) as exc:
        part.unlink(missing_ok=True)
        raise BackupFailed(str(exc)) from exc


def _copy(source: Path, part: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(part)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.execute("VACUUM")
        verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dst.close()
        src.close()
    if verdict != "ok":
        raise sqlite3.DatabaseError(f"integrity_check: {verdict}")
