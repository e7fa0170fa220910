"""Load (issue 9): 8 tellers over loopback HTTP to a real ``votekit serve`` process —
the code path of ``bench/load.py`` at CI size (300 ballots; the bench runs 1,000)."""
import importlib.util
import pytest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_eight_tellers_lose_nothing_and_double_nothing(tmp_path):
    r = _bench().run_load(tmp_path, voters=300, n_ballots=300, tellers=8, seats=30, candidates=36, seed=3)
    assert r["lost"] == 0 and r["doubled"] == 0
    assert r["in_store"] == 300 and r["refused"] == 0
    assert r["retries"] > 0 and r["duplicates_caught"] == r["retries"]
    assert r["submissions"] == 300 + r["retries"]
    assert r["verdict_matches_tally"] and r["status"] in ("complete", "runoff_needed", "shortfall")
