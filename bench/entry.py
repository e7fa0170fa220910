"""Benchmark: entering ballots through the app's HTTP interface.

2,000 ballots already recorded in a 5-seat / 6-candidate round; then 4 concurrent
clients (each its own session, CSRF token and keep-alive connection) submit
ballots as the entry screen does (JSON POST with an idempotency token).
Prints p50/p95/max latency per submission, the live board's refresh time
(board.json with 2,000+ ballots), and the app process's memory (RSS, peak).

    python bench/entry.py [--recorded 2000] [--clients 4] [--per-client 250]

Targets (issue 5): p95 under 50 ms, board under 1 s, app memory under 200 MB.
"""
from __future__ import annotations

import argparse
import http.client
import json
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.counting_fixtures import CANDIDATES, build_meeting  # noqa: E402
from votekit.service import entry  # noqa: E402
from votekit.service.database import open_database  # noqa: E402

BALLOT = {"marks": {n: "agree" for n in CANDIDATES[:4]} | {CANDIDATES[4]: "disagree"}, "write_ins": []}


def prepare(db: Path, recorded: int, extra: int) -> tuple[int, int]:
    with open_database(db) as store:
        m = build_meeting(store, issued=0)
        from votekit.service import ballots
        ballots.issue_ballots(store, "基准", m.round_id, recorded + extra, "基准测试：模拟大批选票")
        for i in range(recorded):
            marks = {n: ("agree" if (i + j) % 3 else "disagree") for j, n in enumerate(CANDIDATES)}
            entry.submit(store, "基准", m.round_id, {"marks": marks}, secrets.token_hex(16))
    return m.meeting_id, m.round_id


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    code = ("from werkzeug.serving import run_simple; from votekit.web import create_app; "
            f"run_simple('127.0.0.1', {port}, create_app({{'DATABASE': {str(db)!r}, 'SECRET_KEY': 'bench'}}), "
            "threaded=True)")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not start")


class Client:
    def __init__(self, port: int, meeting_id: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port)
        self.conn.request("GET", f"/m/{meeting_id}/count")
        resp = self.conn.getresponse()
        page = resp.read().decode()
        self.cookie = resp.getheader("Set-Cookie", "").split(";")[0]
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)

    def submit(self, round_id: int) -> float:
        body = json.dumps({"token": secrets.token_hex(16), "ballot": BALLOT})
        started = time.perf_counter()
        self.conn.request("POST", f"/r/{round_id}/ballots", body=body,
                          headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf,
                                   "Cookie": self.cookie})
        resp = self.conn.getresponse()
        data = json.loads(resp.read())
        elapsed = time.perf_counter() - started
        if not data.get("ok"):
            raise RuntimeError(data.get("message"))
        return elapsed

    def board(self, round_id: int) -> tuple[float, int]:
        started = time.perf_counter()
        self.conn.request("GET", f"/r/{round_id}/board.json", headers={"Cookie": self.cookie})
        data = json.loads(self.conn.getresponse().read())
        return time.perf_counter() - started, data["entered"]


def memory(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recorded", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--per-client", type=int, default=250)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        t0 = time.perf_counter()
        meeting_id, round_id = prepare(db, args.recorded, args.clients * args.per_client)
        print(f"预先录入 {args.recorded} 张选票：{time.perf_counter() - t0:.1f} s（服务层）")
        port = free_port()
        proc = start_server(db, port)
        try:
            run(proc, port, meeting_id, round_id, args)
        finally:
            proc.terminate()
            proc.wait()


def run(proc, port: int, meeting_id: int, round_id: int, args) -> None:
    clients = [Client(port, meeting_id) for _ in range(args.clients)]
    idle = [clients[0].board(round_id)[0] for _ in range(20)]
    latencies: list[float] = []
    lock = threading.Lock()

    def work(client: Client) -> None:
        mine = [client.submit(round_id) for _ in range(args.per_client)]
        with lock:
            latencies.extend(mine)

    watcher = Client(port, meeting_id)
    busy: list[float] = []
    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    started = time.perf_counter()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        busy.append(watcher.board(round_id)[0])
        time.sleep(0.5)                       # the board polls twice a second
    wall = time.perf_counter() - started
    _, final = watcher.board(round_id)
    mem = memory(proc.pid)
    n = len(latencies)
    print(f"{args.clients} 个客户端并发提交 {n} 张（库中已有 {args.recorded} 张）：用时 {wall:.2f} s，"
          f"{n / wall:.0f} 张/秒")
    print(f"每张提交延迟：p50 {1000 * pct(latencies, 50):.1f} ms，p95 {1000 * pct(latencies, 95):.1f} ms，"
          f"p99 {1000 * pct(latencies, 99):.1f} ms，最大 {1000 * max(latencies):.1f} ms"
          f"（超过 200 ms 的 {sum(v > 0.2 for v in latencies)} 张；目标 p95 < 50 ms）")
    print(f"唱票屏刷新（board.json，{args.recorded}+ 张）：空闲时中位 {1000 * statistics.median(idle):.1f} ms，"
          f"并发录入时中位 {1000 * statistics.median(busy):.1f} ms、最大 {1000 * max(busy):.1f} ms（目标 < 1 s）")
    print(f"程序内存：RSS {mem['VmRSS']:.1f} MB，峰值 {mem['VmHWM']:.1f} MB（目标 < 200 MB）")
    print(f"最终录入张数：{final}（应为 {args.recorded + n}）")
    if final != args.recorded + n:
        sys.exit("录入张数不符")


if __name__ == "__main__":
    main()
