"""Double entry as the 监票人 settles it: one row per paper ballot read differently, each
reading in the ballot's order, settled ballot by ballot."""
import secrets

import pytest

from votekit.service import double_entry, entry
from votekit.store import open_store
from tests.counting_fixtures import CANDIDATES as C, build_meeting


@pytest.fixture
def store():
    with open_store(":memory:") as s:
        yield s


def enter(store, round_id, pile, ballots_):
    for b in ballots_:
        teller = entry.Enterer("杨帆", "device-a") if pile == "A" else entry.Enterer("周敏", "device-b")
        assert entry.submit(store, "计票人", round_id, b, secrets.token_hex(16), pile, teller).ok


def test_one_row_per_differing_ballot_in_ballot_order_then_settled(store):
    m = build_meeting(store)
    assert double_entry.set_double_entry(store, "监票人", m.round_id, True).ok
    same = [{"marks": {C[0]: "agree", C[5]: "disagree"}}] * 6
    paper = {"marks": {C[5]: "agree", C[0]: "agree", C[2]: "disagree"}}
    misread = {"marks": {C[0]: "agree", C[2]: "disagree"}}               # 乙 missed the ○ at the last name
    extra = {"marks": {C[1]: "agree"}}                                   # 甲 entered one ballot twice
    enter(store, m.round_id, "A", same + [paper, extra, extra])
    enter(store, m.round_id, "B", same + [misread, extra])
    result = double_entry.compare(store, m.round_id)
    assert len(result.rows) == 2 and "有2张选票两人录入不同" in result.message
    pair = next(r for r in result.rows if r.key_b)
    assert [n for n, _ in pair.reading_a] == list(C) == [n for n, _ in pair.reading_b]
    assert dict(pair.reading_a)[C[5]] == "○" and dict(pair.reading_b)[C[5]] == "—"
    assert pair.differs == (C[5],)
    alone = next(r for r in result.rows if not r.key_b)
    assert alone.reading_b == () and dict(alone.reading_a)[C[1]] == "○"

    assert double_entry.settle_ballot(store, "监票人", m.round_id, pair.key_a, pair.key_b, "A").ok
    assert not double_entry.settle_ballot(store, "监票人", m.round_id, pair.key_a, pair.key_b, "A").ok
    assert double_entry.settle_ballot(store, "监票人", m.round_id, alone.key_a, "", "B").ok   # 乙 was right
    after = double_entry.compare(store, m.round_id)
    assert after.agree and after.a_total == after.b_total == 8
    assert double_entry.adopt(store, "监票人", m.round_id).ok
