"""Shared fixtures and the two lanes of the suite.

``python3 -m pytest`` runs the fast lane (about 75 s on 2 cores): everything not marked
``slow`` or ``browser``. ``python3 -m pytest -m ""`` runs everything; that is the
README's test command and what CI runs. Tests that drive Chromium are marked
``browser`` here by what they use (the ``page`` fixture or a ``test_browser_*``
module); tests that take several seconds carry ``@pytest.mark.slow`` themselves, and
a slow case of a parametrized test carries it on its parameter (``pytest.param``).

What makes the fast lane fast without dropping a test from the full run: scratch files
in memory (below), meeting files made once per run and copied to each test
(``tests/snapshots.py``), the demo dossiers and documents made once per run
(``documents_support.played_dossier``, ``demo_documents`` below), the TALLY-JSON cases
in this process (``tests/cli_support.py``; as processes in the full run).
"""
import atexit
import gc
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Scratch files (tmp_path, the meeting files, the servers' and commands' temporary folders) in
# memory where the machine has a tmpfs: the store commits with synchronous=FULL, and on a
# disk every test's sign-ins wait for fsync (about two thirds of a played meeting's time).
# A killed process loses nothing either way; only a power cut would tell them apart, and no
# test cuts the power.  VOTEKIT_TEST_TMP=disk keeps the system's temporary folder.
MEMORY = Path("/dev/shm")
if os.environ.get("VOTEKIT_TEST_TMP") != "disk" and MEMORY.is_dir() and os.access(MEMORY, os.W_OK):
    tempfile.tempdir = os.environ["TMPDIR"] = str(MEMORY)
# The kit's data folder (meeting file, secret key, ballots) for every test and the
# servers they start: a fresh temporary folder, never the tester's own 文档/votekit.
os.environ["VOTEKIT_HOME"] = tempfile.mkdtemp(prefix="votekit-home-")
atexit.register(shutil.rmtree, os.environ["VOTEKIT_HOME"], True)
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from hypothesis import settings  # noqa: E402

from votekit.store import open_store  # noqa: E402

# In CI every property runs the same examples each time (no flaky seeds).
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_collection_finish(session):
    """What collection imported (the kit, NumPy, OpenCV, reportlab, Flask, the test modules)
    lives to the end of the run: taken out of the garbage collector's view, so its full
    collections stop walking it again and again (no test's objects are affected)."""
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.module.__name__.split(".")[-1].startswith("test_browser_") \
                or "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def page():
    """One offline Chromium page per test (Debian's chromium; requests off the machine refused)."""
    from tests.browser_support import offline_page
    with offline_page() as chromium_page:
        yield chromium_page


@pytest.fixture
def store(tmp_path):
    """A fresh meeting database in its own folder (a file, so WAL and locks behave as on the day)."""
    with open_store(tmp_path / "meeting.sqlite3") as s:
        yield s


@pytest.fixture(scope="session")
def demo_documents(tmp_path_factory):
    """``written(variant)``: the demo meeting's whole set of documents (tests/documents_support.py
    ``scenario``), written once per run and per variant into its own folder: (dossier, folder,
    what ``write_documents`` returned).  Tests only read it; one that changes a file copies it."""
    from tests.documents_support import scenario
    from votekit.documents.bundle import write_documents
    made = {}

    def written(variant: str):
        if variant not in made:
            folder = tmp_path_factory.mktemp(f"demo-{variant}")
            dossier = scenario(variant)
            made[variant] = (dossier, folder, write_documents(dossier, folder))
        return made[variant]
    return written
