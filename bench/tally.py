"""Benchmark: count a 30-seat, 36-candidate round of 2,000 ballots (seeded random marks).

Prints ballots/s counted in-process and the wall time of the whole `votekit tally`
process on the same record.  Figures only; nothing here is a pass/fail test.

    python bench/tally.py [--ballots 2000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from votekit.core.export import round_to_data
from votekit.core.record import parse_round
from votekit.core.verdict import judge

SURNAMES = "丁于万马王卢田刘许孙李杨吴何张陈林周赵胡钟段徐高黄曹龚彭董蒋韩谢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰"


def make_round(seats: int, n_candidates: int, n_ballots: int, seed: int) -> dict:
    rnd = random.Random(seed)
    names: list[str] = []
    while len(names) < n_ballots + 10:
        name = rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))
        if name not in names:
            names.append(name)
    members = [{"name": n, "status": "full", "present": i < n_ballots}
               for i, n in enumerate(names)]
    candidates = names[:n_candidates]
    ballots = []
    for _ in range(n_ballots):
        if rnd.random() < 0.01:
            ballots.append({"illegible": True})
            continue
        limit = seats + (1 if rnd.random() < 0.02 else 0)  # about 2 % over-marked
        agree = rnd.sample(candidates, rnd.randint(0, limit))
        marks = {c: "agree" for c in agree}
        for c in candidates:
            if c not in marks and rnd.random() < 0.3:
                marks[c] = "disagree"
        write_ins = []
        if rnd.random() < 0.05:
            write_ins.append({"name": rnd.choice(names[n_candidates:]), "mark": "agree"})
        ballots.append({"marks": marks, "write_ins": write_ins})
    return {"kind": "competitive", "seats": seats, "members": members, "candidates": candidates,
            "ballots_issued": n_ballots, "ballots": ballots}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = make_round(30, 36, args.ballots, seed=20261122)
    record = parse_round(data)
    assert parse_round(round_to_data(record)) == record

    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        verdict = judge(record)
        times.append(time.perf_counter() - start)
    best = min(times)
    print(f"in-process count: {args.ballots} ballots, 30 seats, 36 candidates")
    print(f"  median {statistics.median(times) * 1000:.1f} ms, best {best * 1000:.1f} ms, "
          f"{args.ballots / best:,.0f} ballots/s  (status {verdict.status.value}, "
          f"valid {verdict.valid_ballots}, invalid {verdict.invalid_ballots})")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "round.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        walls = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "votekit", "tally", str(path)],
                                  capture_output=True, check=True)
            walls.append(time.perf_counter() - start)
        size = path.stat().st_size
    print(f"whole `votekit tally` process on a {size / 1024:.0f} KiB record:")
    print(f"  median {statistics.median(walls) * 1000:.0f} ms, best {min(walls) * 1000:.0f} ms "
          f"(target < 1000 ms)")
    assert json.loads(proc.stdout)["status"] == verdict.status.value


if __name__ == "__main__":
    main()
