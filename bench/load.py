"""Load: a party-congress-sized count over loopback HTTP to a real server process.

    python bench/load.py                      # 1,000 voters, 30 seats, 36 candidates, 1,000 ballots, 8 tellers
    python bench/load.py --ballots 300 --voters 300
    python bench/load.py --server dev         # the same on Werkzeug's development server
    python bench/load.py --cpu                # also: CPU per submission, one thread, no HTTP

Builds the meeting through the service layer, starts ``votekit serve`` on a free port,
and, once every tablet has its page open, lets N teller threads (one keep-alive
connection and one session each) enter the ballots through ``POST /r/<id>/ballots`` — a share of them sent twice with the same
idempotency token, as a flaky tablet would.  Then the 监票人 record the returned count and
close the count over HTTP, the round is exported, and ``votekit tally`` re-counts it.

Checks: every ballot in exactly once (the exported ballots are the generated ones, as a
multiset), the verdict the app stored equals ``votekit tally``'s.  Prints p50/p95/max
latency of a submission and the throughput, and the load average before and after (the
machine may be shared: compare runs only at similar loads).  ``--cpu`` adds the CPU time
(user + system, ``getrusage``) of the last 100 submissions of the same pile entered one by
one through Flask's test client: what one submission costs, whatever else runs on the
machine.  ``run_load`` is what tests/test_load.py calls.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from votekit.rehearsal.play import Stage, play  # noqa: E402
from votekit.rehearsal.scenario import sized  # noqa: E402
from votekit.service import ballots, meetings, slate  # noqa: E402
from votekit.service.database import open_database  # noqa: E402

RETRY_SHARE = 0.05


def build(db: Path, voters: int, seats: int, candidates: int, issued: int) -> tuple[int, int, list[str]]:
    """The demo branch grown to ``voters`` present (``rehearsal.scenario.sized``), played
    through the service layer up to sign-in, then ``issued`` ballots handed out."""
    with open_database(db) as store:
        played = play(store, sized(voters, candidates, seats, "2026-11-22"), "书记", until=Stage.SIGNED_IN)
        round_id = meetings.current_round(store, played.committee_id).id
        assert ballots.issue_ballots(store, "书记", round_id, issued).ok
        slate_names = list(meetings.get_round(store, round_id).candidate_names) or \
            list(slate.candidate_names(store, played.committee_id))
    return played.meeting_id, round_id, slate_names


def make_pile(names: list[str], count: int, seats: int, seed: int) -> list[dict]:
    """Ballots a congress might cast: most valid, some over-marked, a few write-ins and blanks."""
    rng = random.Random(seed)
    pile = []
    for _ in range(count):
        if rng.random() < 0.01:
            pile.append({"illegible": True})
            continue
        limit = min(len(names), seats + (3 if rng.random() < 0.05 else 0))
        agree = rng.sample(names, rng.randint(max(0, seats - 6), limit))
        marks = {n: "agree" for n in agree}
        marks.update({n: "disagree" for n in rng.sample(names, 3) if n not in marks})
        writes = [{"name": f"另选{rng.randint(1, 5)}", "mark": "agree"}] if rng.random() < 0.03 else []
        pile.append({"marks": marks, "write_ins": writes})
    return pile


def canonical(ballot: dict) -> str:
    if ballot.get("illegible"):
        return json.dumps({"illegible": True})
    marks = {k: v for k, v in ballot.get("marks", {}).items() if v != "abstain"}
    return json.dumps({"marks": marks, "write_ins": ballot.get("write_ins", [])}, ensure_ascii=False,
                      sort_keys=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Session:
    """One teller's tablet: a keep-alive connection, a session cookie and its CSRF token."""

    def __init__(self, port: int, page: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""
        body = self.request("GET", page)[1].decode()
        self.token = re.search(r'name="csrf-token" content="([^"]+)"', body).group(1)

    def request(self, method: str, path: str, body: bytes | None = None, kind: str = "") -> tuple[int, bytes]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if kind:
            headers["Content-Type"] = kind
        if method == "POST":
            headers["X-CSRFToken"] = getattr(self, "token", "")
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, data

    def post_json(self, path: str, data: dict) -> tuple[int, dict]:
        status, body = self.request("POST", path, json.dumps(data, ensure_ascii=False).encode(), "application/json")
        return status, json.loads(body)

    def post_form(self, path: str, data: dict) -> int:
        return self.request("POST", path, urlencode({**data, "csrf_token": self.token}).encode(),
                            "application/x-www-form-urlencoded")[0]


# ``votekit serve`` (waitress, 16 threads) or, to compare, Werkzeug's development server
# as ``serve`` ran it before (threaded, one thread per connection).
DEV_SERVER = ("from werkzeug.serving import run_simple; from votekit.web import create_app; "
              "run_simple('127.0.0.1', {port}, create_app({{'DATABASE': {db!r}}}), threaded=True)")


def start_server(db: Path, port: int, kind: str = "waitress") -> subprocess.Popen:
    if kind == "dev":
        command = [sys.executable, "-c", DEV_SERVER.format(port=port, db=str(db))]
    else:
        command = [sys.executable, "-m", "votekit", "serve", "--no-browser", "--db", str(db), "--port", str(port)]
    env = {**os.environ, "VOTEKIT_HOME": str(db.parent)}   # the secret key stays in the work folder
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("服务未能启动") from None
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("服务启动超时")


def server_usage(pid: int) -> tuple[float, int] | None:
    """The server process's CPU seconds (user + system) and bytes read from files so far
    (Linux ``/proc``; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        io = dict(line.split(": ") for line in Path(f"/proc/{pid}/io").read_text().splitlines())
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), int(io["rchar"])


def teller(tablet: Session, round_id: int, share: list[tuple[int, dict]], seed: int,
           latencies: list[float], answers: list[dict]) -> None:
    rng = random.Random(seed)
    for _, ballot in share:
        token = secrets.token_urlsafe(18)
        for attempt in range(2 if rng.random() < RETRY_SHARE else 1):
            began = time.perf_counter()
            status, answer = tablet.post_json(f"/r/{round_id}/ballots", {"token": token, "ballot": ballot})
            latencies.append(time.perf_counter() - began)
            answers.append({"status": status, "attempt": attempt, **answer})


def run_load(workdir: Path, voters: int = 1000, n_ballots: int = 1000, tellers: int = 8, seats: int = 30,
             candidates: int = 36, seed: int = 9, server_kind: str = "waitress") -> dict:
    workdir = Path(workdir)
    db = workdir / "congress.sqlite3"
    meeting_id, round_id, names = build(db, voters, seats, candidates, n_ballots)
    pile = make_pile(names, n_ballots, seats, seed)
    port = free_port()
    server = start_server(db, port, server_kind)
    try:
        latencies: list[float] = []
        answers: list[dict] = []
        shares = [[(i, b) for i, b in enumerate(pile) if i % tellers == t] for t in range(tellers)]
        tablets = [Session(port, f"/m/{meeting_id}/count") for _ in range(tellers)]   # pages open first
        threads = [threading.Thread(target=teller, args=(tablets[t], round_id, shares[t], seed + t,
                                                         latencies, answers)) for t in range(tellers)]
        before, began = server_usage(server.pid), time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed, after = time.perf_counter() - began, server_usage(server.pid)
        scrutineer = Session(port, f"/r/{round_id}/count")
        assert scrutineer.post_form(f"/r/{round_id}/count/returned", {"returned": n_ballots}) == 302
        assert scrutineer.post_form(f"/r/{round_id}/count/close", {}) == 302
        status, exported = scrutineer.request("GET", f"/r/{round_id}/count/export.json")
        assert status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    record = workdir / "round.json"
    record.write_bytes(exported)
    tally = subprocess.run([sys.executable, "-m", "votekit", "tally", str(record)], cwd=ROOT,
                           capture_output=True, text=True, check=True)
    with open_database(db) as store:
        stored = json.loads(store.get("round_state", round_id=round_id)["verdict"])
        in_store = store.count("ballots", round_id=round_id)
    data = json.loads(exported)
    sent = Counter(canonical(b) for b in pile)
    got = Counter(canonical(b) for b in data["ballots"])
    lat = sorted(latencies)
    return {
        "server": server_kind, "ballots": n_ballots, "tellers": tellers, "voters": voters, "seats": seats, "candidates": len(names),
        "submissions": len(lat), "retries": sum(1 for a in answers if a["attempt"] == 1),
        "refused": sum(1 for a in answers if not a.get("ok")),
        "duplicates_caught": sum(1 for a in answers if (a.get("value") or {}).get("duplicate")),
        "in_store": in_store, "lost": sum((sent - got).values()), "doubled": sum((got - sent).values()),
        "verdict_matches_tally": json.loads(tally.stdout) == stored, "status": stored["status"],
        "elected": len(stored["elected"]),
        "p50_ms": 1000 * lat[len(lat) // 2], "p95_ms": 1000 * lat[int(len(lat) * 0.95)],
        "max_ms": 1000 * lat[-1], "per_second": len(lat) / elapsed, "seconds": elapsed,
        "server_cpu_ms": 1000 * (after[0] - before[0]) / len(lat) if before and after else None,
        "server_read_kb": (after[1] - before[1]) / 1024 / len(lat) if before and after else None,
    }


def cpu_per_submission(workdir: Path, voters: int = 1000, n_ballots: int = 1000, seats: int = 30,
                       candidates: int = 36, seed: int = 9, last: int = 100) -> dict:
    """One teller, no HTTP: the pile through the Flask test client; CPU and wall time per
    submission over the last ``last`` of them (the round already holding the rest)."""
    import resource

    from votekit.web import create_app
    db = Path(workdir) / "cpu.sqlite3"
    meeting_id, round_id, names = build(db, voters, seats, candidates, n_ballots)
    client = create_app({"DATABASE": str(db), "SECRET_KEY": "bench", "TESTING": True}).test_client()
    page = client.get(f"/m/{meeting_id}/count").get_data(as_text=True)
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    pile = make_pile(names, n_ballots, seats, seed)

    def submit(ballot: dict) -> None:
        reply = client.post(f"/r/{round_id}/ballots", json={"token": secrets.token_hex(16), "ballot": ballot},
                            headers={"X-CSRFToken": csrf}).get_json()
        assert reply["ok"], reply
    for ballot in pile[:-last]:
        submit(ballot)
    before, began = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    for ballot in pile[-last:]:
        submit(ballot)
    after, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter() - began
    return {"user_ms": 1000 * (after.ru_utime - before.ru_utime) / last,
            "system_ms": 1000 * (after.ru_stime - before.ru_stime) / last, "wall_ms": 1000 * wall / last}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--ballots", type=int, default=1000)
    parser.add_argument("--tellers", type=int, default=8)
    parser.add_argument("--seats", type=int, default=30)
    parser.add_argument("--candidates", type=int, default=36)
    parser.add_argument("--server", choices=["waitress", "dev"], default="waitress",
                        help="waitress: votekit serve; dev: Werkzeug's development server, to compare")
    parser.add_argument("--cpu", action="store_true", help="also CPU per submission (one thread, no HTTP)")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        r = run_load(Path(tmp), args.voters, args.ballots, args.tellers, args.seats, args.candidates,
                     server_kind=args.server)
        load_after = os.getloadavg()
        cpu = cpu_per_submission(Path(tmp), args.voters, args.ballots, args.seats, args.candidates) \
            if args.cpu else None
    print(f"{r['voters']}名党员，应选{r['seats']}名，候选人{r['candidates']}名，选票{r['ballots']}张，"
          f"{r['tellers']}个计票台（本机回环 HTTP，真实服务进程：{r['server']}）")
    print(f"提交{r['submissions']}次（其中重复提交{r['retries']}次，识别为重复{r['duplicates_caught']}次），"
          f"拒绝{r['refused']}次；库中选票{r['in_store']}张，丢失{r['lost']}张，重复计入{r['doubled']}张")
    print(f"结果与 votekit tally 一致：{'是' if r['verdict_matches_tally'] else '否'}（{r['status']}，当选{r['elected']}名）")
    print(f"latency p50 {r['p50_ms']:.1f} ms  p95 {r['p95_ms']:.1f} ms  max {r['max_ms']:.1f} ms  "
          f"throughput {r['per_second']:.0f}/s  ({r['seconds']:.1f} s)")
    if r["server_cpu_ms"] is not None:
        print(f"server per submission: CPU {r['server_cpu_ms']:.2f} ms, read {r['server_read_kb']:.1f} KB from files")
    print(f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after ({os.cpu_count()} cores)")
    if cpu:
        print(f"CPU per submission (one thread, test client, last 100 of {args.ballots}): "
              f"user {cpu['user_ms']:.2f} ms + system {cpu['system_ms']:.2f} ms; wall {cpu['wall_ms']:.2f} ms")
    ok = r["lost"] == r["doubled"] == 0 and r["verdict_matches_tally"] and r["in_store"] == r["ballots"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
