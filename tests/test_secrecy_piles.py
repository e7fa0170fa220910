"""Secret ballot in double entry (双人录入): nothing in the file follows the order in which the
two tellers typed their readings (migration 16: readings fill places laid out in advance).

- byte by byte: once a round's pile places are laid out, readings into both piles, a voided
  reading and a reading dropped by a 监票人's settlement move no cell, allocate no page and
  change no page header of ``pile_places`` (SQLite's ``dbstat``), and the file does not grow;
- every order that can be read back from the file (where each reading's bytes lie, the rows'
  default order, where each entry token lies, cells within a page) is within chance of the
  order of entry;
- the control: were the places filled in key order instead of at random, the same checks fail.
"""
import random
import re
import secrets
import sqlite3
from itertools import combinations
from pathlib import Path

from votekit.service import ballots, double_entry, entry, voids
from votekit.service.database import open_database
from tests.counting_fixtures import CANDIDATES, SCRUTINEERS, build_meeting
from tests.test_secrecy import chance_bound, kendall_tau
from tests.layout_support import places_layout

N = 120
TELLERS = {"A": entry.Enterer("杨帆", "device-a"), "B": entry.Enterer("周敏", "device-b")}


def _reading(label: str) -> dict:
    picked = random.sample(CANDIDATES, 2)
    return {"marks": {picked[0]: "agree", picked[1]: "disagree"}, "write_ins": [{"name": label, "mark": "agree"}]}


def _read(store, round_id: int, pile: str, label: str, token: str | None = None) -> str:
    done = entry.submit(store, "计票人", round_id, _reading(label), token or secrets.token_hex(16), pile,
                        TELLERS[pile])
    assert done.ok and not done.value["duplicate"], done.message
    return done.value["ballot_id"]


def _meeting(db: Path, issued: int):
    store = open_database(db)
    m = build_meeting(store, issued=0)
    assert ballots.issue_ballots(store, "监票人", m.round_id, issued, "测试：按票数多发").ok
    assert double_entry.set_double_entry(store, "监票人", m.round_id, True).ok
    return store, m


def test_readings_fill_their_places_where_they_lie(tmp_path):
    """The mechanism, byte by byte: after the first reading, 58 more in pile 甲, 40 in pile 乙,
    a voided reading and a reading dropped by a 监票人's settlement change no page header, no
    cell pointer, no page count and no freelist field; the file keeps its size."""
    db = tmp_path / "meeting.sqlite3"
    store, m = _meeting(db, 60)
    with store:
        first = _read(store, m.round_id, "A", "另选000")
        before, size = places_layout(db, "pile_places"), db.stat().st_size
        keys = [first] + [_read(store, m.round_id, "A", f"另选{i:03d}") for i in range(1, 59)]
        for i in range(40):
            _read(store, m.round_id, "B", f"另选{100 + i:03d}")
        assert voids.request_void(store, "计票人", m.round_id, keys[5], "录错").ok
        assert voids.decide_void(store, "计票人", keys[5], SCRUTINEERS[0], True).ok
        row = next(r for r in double_entry.compare(store, m.round_id).rows if r.key_a and not r.key_b)
        assert double_entry.settle_ballot(store, "监票人", m.round_id, row.key_a, row.key_b, "B").ok
        after = places_layout(db, "pile_places")
        assert store.integrity_ok()
    assert len(before[1]) >= 2 and db.stat().st_size == size
    assert after == before
    labels = set(re.findall("另选(\\d{3})".encode(), db.read_bytes()))
    assert len(labels) >= 97                          # the readings are there, in their places


def _run(db: Path) -> dict:
    """N readings in each pile, typed in turn (甲, 乙, 甲, …), each with a unique write-in label
    (labels in random order, so content says nothing of the order of entry)."""
    drawn = [f"另选{i:04d}" for i in random.sample(range(10000), 2 * N)]
    labels = {"A": drawn[:N], "B": drawn[N:]}
    tokens = {"A": [], "B": []}
    store, m = _meeting(db, N)
    with store:
        for i in range(N):
            for pile in "AB":
                tokens[pile].append(secrets.token_hex(16))
                _read(store, m.round_id, pile, labels[pile][i], tokens[pile][-1])
    return {"labels": labels, "tokens": tokens}


def _orders(db: Path, labels: list[str], tokens: list[str], pile: str) -> dict[str, list[int]]:
    """Every order in which one pile's readings can be read back, as positions in its order of entry."""
    raw = db.read_bytes()
    entered = {label: i for i, label in enumerate(labels)}
    first = {label: raw.find(label.encode()) for label in labels}
    last = {label: raw.rfind(label.encode()) for label in labels}
    token_at = {t: raw.find(t.encode()) for t in tokens}
    assert min(first.values()) >= 0 and min(token_at.values()) >= 0
    conn = sqlite3.connect(db)
    try:
        stored = [re.search("另选\\d{4}", w)[0] for (w,) in
                  conn.execute("SELECT write_ins FROM pile_ballots WHERE pile = ?", [pile])]
        by_token = [re.search("另选\\d{4}", w)[0] for (w,) in
                    conn.execute("SELECT b.write_ins FROM pile_tokens t JOIN pile_ballots b ON b.id = t.ballot_id "
                                 "WHERE b.pile = ?", [pile])]
    finally:
        conn.close()
    return {"首次出现的位置": sorted(range(N), key=lambda i: first[labels[i]]),
            "最后出现的位置": sorted(range(N), key=lambda i: last[labels[i]]),
            "表中的默认次序": [entered[label] for label in stored],
            "提交标识表的次序": [entered[label] for label in by_token],
            "提交标识的位置": sorted(range(N), key=lambda i: token_at[tokens[i]])}


def test_no_order_read_from_the_file_follows_the_order_of_entry_in_either_pile(tmp_path):
    db = tmp_path / "meeting.sqlite3"
    run = _run(db)
    bound = chance_bound(N)
    for pile in "AB":
        for name, order in _orders(db, run["labels"][pile], run["tokens"][pile], pile).items():
            assert len(order) == N, name
            tau = kendall_tau(order)
            assert abs(tau) < bound, f"{pile}：{name} τ={tau:.2f}（偶然最多 {bound:.2f}）"
    raw = db.read_bytes()
    page = int.from_bytes(raw[16:18], "big") or 65536
    last = {i: raw.rfind(label.encode()) for i, label in enumerate(run["labels"]["A"])}
    pairs = [(a, b) for a, b in combinations(range(N), 2) if last[a] // page == last[b] // page]
    assert len(pairs) >= 30            # readings sharing a page: their cells are not in entry order either
    concordant = sum(1 for a, b in pairs if last[a] < last[b]) / len(pairs)
    assert 0.3 < concordant < 0.7, f"同页内 {concordant:.2f}"


def test_the_order_checks_see_pile_places_filled_in_key_order(tmp_path, monkeypatch):
    """The control: were each reading put in its pile's first empty place (key order) instead of
    one drawn at random, where it lies and the rows' default order would follow the order of entry."""
    monkeypatch.setattr("secrets.randbits", lambda bits: 0)       # every draw takes the first place
    db = tmp_path / "meeting.sqlite3"
    run = _run(db)
    for pile in "AB":
        orders = _orders(db, run["labels"][pile], run["tokens"][pile], pile)
        assert kendall_tau(orders["首次出现的位置"]) > chance_bound(N)
        assert kendall_tau(orders["表中的默认次序"]) > chance_bound(N)
