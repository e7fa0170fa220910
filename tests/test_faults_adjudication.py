"""Faults (issue 9): SIGKILL at seeded random points while the 监票人 decide the doubts of a
scanned pile and the scan is counted in (计入).

The pile is printed, marked, scanned and read once (each ballot has a doubtful tick, every
other one a written-in name); each of 50 runs copies that file, forks a child that decides
every doubt and then adopts the scan, logging each action after it returns, and kills it.
The parent then checks as a restarted kit would: every logged decision is there and audited
once, no ballot is half-settled, the count-in is all or nothing, the audit chain verifies;
finishing the work after the restart gives exactly the ballots an uninterrupted run gives.
"""
import json
import random
import shutil
import time
from collections import Counter

import pytest

from tests.counting_fixtures import ACTOR, CANDIDATES, SCRUTINEERS, build_meeting
from tests.test_faults import ITERATIONS, SEED, _check_whole, _kill_during, _logged
from tests.test_scan_service import drawing, layout_of, marked_pile
from votekit.service import adjudication
from votekit.service.database import open_database

pytestmark = pytest.mark.slow

PILE = 24
DECIDED = "监票人裁定扫描疑问"


def _decision(doubt: dict) -> tuple[str, str]:
    """What the 监票人 reads on the paper: the ticks are taken as ×, the names are 张伟."""
    return ("agree", "张伟") if doubt.kind == "write_in" else ("disagree", "")


def _finish(store, round_id: int, log_fd: int | None = None) -> None:
    """Decide every open doubt, then count the scan in (what the child does, and the restart)."""
    import os
    for doubt in adjudication.pending(store, round_id):
        decision, name = _decision(doubt)
        assert adjudication.decide(store, "监票人", doubt.id, SCRUTINEERS[0], decision, name).ok
        if log_fd is not None:
            os.write(log_fd, f"{doubt.id}\n".encode())
    if adjudication.summary(store, round_id)["adopted"] == 0:
        assert adjudication.adopt(store, "监票人", round_id).ok
    if log_fd is not None:
        os.write(log_fd, b"adopted\n")


def _contents(store, round_id: int) -> Counter:
    return Counter((r["marks"], r["write_ins"], r["illegible"])
                   for r in store.rows("ballots", round_id=round_id))


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """A round whose pile has been read, and the ballots an uninterrupted adjudication gives."""
    folder = tmp_path_factory.mktemp("adjudication")
    base = folder / "read.sqlite3"
    c = CANDIDATES
    with open_database(base) as store:
        m = build_meeting(store, issued=PILE)
        layout = layout_of(store, folder, m)
        plan = [drawing(layout, c[:3], [c[3]], odd=(c[5], "tick"), write=n % 2 == 0)
                for n in range(PILE)]
        _, files = marked_pile(store, folder, m, plan)
        read = adjudication.read_upload(store, ACTOR, m.round_id, files)
        assert read.ok and read.value["ballots"] == PILE, read.messages
        doubts = len(adjudication.pending(store, m.round_id))
        assert doubts == PILE + PILE // 2
        store.compact()
    reference = folder / "reference.sqlite3"
    shutil.copy(base, reference)
    started = time.perf_counter()
    with open_database(reference) as store:
        _finish(store, m.round_id)
        expected = _contents(store, m.round_id)
    span = time.perf_counter() - started          # how long the whole work takes here: the
    assert sum(expected.values()) == PILE         # kills land across it on a slow or fast machine
    return base, m.round_id, doubts, expected, span


def _check_after_kill(db, round_id: int, logged: list[str], doubts: int) -> None:
    _check_whole(db)
    with open_database(db) as store:
        rows = store.rows("scan_doubts", round_id=round_id)
        decided = {r["id"] for r in rows if r["decision"] is not None}
        ids = [x for x in logged if x != "adopted"]
        assert set(ids) <= decided and len(decided) <= len(ids) + 1      # one may be in flight
        assert store.count("audit", action=DECIDED) == len(decided)      # each audited once
        for ballot in store.rows("scan_ballots", round_id=round_id):
            mine = [r for r in rows if r["ballot_id"] == ballot["id"]]
            settled = all(r["decision"] is not None for r in mine)
            assert (ballot["status"] != "pending") == settled             # never half-settled
            if settled:
                assert ballot["marks"] is not None
        counted = store.count("ballots", round_id=round_id)
        adopted = adjudication.summary(store, round_id)["adopted"]
        assert counted in (0, PILE) and adopted == counted                # all or nothing
        assert store.count("audit", action="计入扫描选票") == (1 if counted else 0)
        if "adopted" in logged:
            assert counted == PILE and len(decided) == doubts


def test_adjudication_survives_sigkill_and_finishing_gives_the_same_ballots(scanned, tmp_path):
    base, round_id, doubts, expected, span = scanned
    rng = random.Random(SEED + 3)
    for i in range(ITERATIONS):
        db, log = tmp_path / f"run{i:03d}.sqlite3", tmp_path / f"adjudicate{i}.log"
        shutil.copy(base, db)

        def adjudicate(fd, db=db):
            with open_database(db) as store:
                _finish(store, round_id, fd)
        _kill_during(adjudicate, rng.uniform(0.0, span * 1.15 + 0.005), log)
        logged = _logged(log)
        _check_after_kill(db, round_id, logged, doubts)
        with open_database(db) as store:                                   # "after restart"
            _finish(store, round_id)
            assert _contents(store, round_id) == expected
            assert store.count("audit", action=DECIDED) == doubts
            again = adjudication.adopt(store, "监票人", round_id)
            assert not again.ok                                            # never counted twice
            assert store.count("ballots", round_id=round_id) == PILE
            names = [w["name"] for r in store.rows("ballots", round_id=round_id)
                     for w in json.loads(r["write_ins"] or "[]")]
            assert names.count("张伟") == PILE // 2
        _check_whole(db)
