"""The audit chain: append-only, and any edited, deleted or truncated event is found."""
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from votekit.service import audit
from votekit.store import open_store


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "a.sqlite3") as s:
        for i in range(6):
            audit.record(s, "书记", "签到", {"name": f"党员{i}"}, None)
        yield s


def tamper(store, sql, *args):
    """What someone with the file and a sqlite shell could do: drop the guards, then edit."""
    conn = sqlite3.connect(store.path, isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    conn.execute(sql, args)
    conn.close()


def test_an_untouched_chain_verifies(store):
    check = audit.verify(store)
    assert check.ok and check.events == 6
    assert "哈希链完整" in check.message


def test_each_event_links_to_the_previous(store):
    events = store.rows("audit", order_by="seq")
    assert events[0]["prev_hash"] == audit.GENESIS
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(events, events[1:]))


@pytest.mark.parametrize("sql", ["UPDATE audit SET actor = '别人' WHERE seq = 3",
                                 "DELETE FROM audit WHERE seq = 3"])
def test_the_database_refuses_edits(store, sql):
    with pytest.raises(sqlite3.DatabaseError):
        store.db.execute(sql)
    assert audit.verify(store).ok


@pytest.mark.parametrize("sql, words", [
    ("UPDATE audit SET detail = '{\"name\": \"冒名\"}' WHERE seq = 3", "第3条记录内容被改动"),
    ("UPDATE audit SET at = '2020-01-01T00:00:00' WHERE seq = 2", "第2条记录内容被改动"),
    ("DELETE FROM audit WHERE seq = 4", "第4条记录缺失"),
    ("DELETE FROM audit WHERE seq = 6", "末尾记录可能被删除"),
    ("DELETE FROM audit WHERE seq = 1", "第1条记录缺失"),
])
def test_tampering_is_detected(store, sql, words):
    tamper(store, sql)
    check = audit.verify(store)
    assert not check.ok
    assert words in check.message


def test_rehashing_one_event_still_breaks_the_next_link(store):
    events = store.rows("audit", order_by="seq")
    e = events[2]
    forged = audit.event_hash(e["seq"], e["at"], "别人", e["action"], e["meeting_id"], e["detail"], e["prev_hash"])
    tamper(store, "UPDATE audit SET actor = '别人', hash = ? WHERE seq = 3", forged)
    check = audit.verify(store)
    assert not check.ok and "第4条记录的前一哈希与上一条不符" in check.message


@settings(max_examples=25)
@given(seq=st.integers(1, 6), column=st.sampled_from(["at", "actor", "action", "detail"]),
       text=st.text(min_size=1, max_size=8))
def test_any_single_field_change_is_detected(tmp_path_factory, seq, column, text):
    with open_store(tmp_path_factory.mktemp("h") / "a.sqlite3") as s:
        for i in range(6):
            audit.record(s, "书记", "签到", {"i": i})
        original = s.get("audit", seq=seq)[column]
        if original == text:
            return
        tamper(s, f"UPDATE audit SET [{column}] = ? WHERE seq = ?", text, seq)
        assert not audit.verify(s).ok
