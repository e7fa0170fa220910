"""Where the meeting's files live on this computer: a per-user folder, never the program's.

On Windows that is 文档\\votekit (the user's Documents folder), elsewhere ~/Documents/votekit.
``VOTEKIT_HOME`` names another folder (tests, or a kit kept on a USB stick on purpose).
A copied program folder therefore never carries the last meeting's data with it.
"""
from __future__ import annotations

import os
from pathlib import Path

HOME_VARIABLE = "VOTEKIT_HOME"
DATABASE_NAME = "votekit.sqlite3"


def data_folder() -> Path:
    """The folder holding the meeting file, the app's secret key, ballots and documents."""
    chosen = os.environ.get(HOME_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_documents_dir
    return Path(user_documents_dir()) / "votekit"


def default_database() -> Path:
    """The meeting file used when no ``--db`` is given."""
    return data_folder() / DATABASE_NAME


def demo_database() -> Path:
    """The demo meeting's own file (rebuilt on every ``serve --demo``)."""
    return data_folder() / "演示" / "demo.sqlite3"


def ballots_folder() -> Path:
    """Where printed ballots' PDFs go (one sub-folder per meeting)."""
    return data_folder() / "ballots"
