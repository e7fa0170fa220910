"""The store: migrations from an empty file, round trips, atomic writes, the secret-ballot
schema, four concurrent tellers, and a process killed in the middle of sign-ins."""
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading

import pytest

from votekit.service import audit, meetings, roster, signin
from votekit.store import MIGRATIONS, Store, open_store



def make_meeting(store, names):
    meeting_id = meetings.create_meeting(store, "书记", "中共测试支部委员会", "2026-11-22", "09:00").value
    csv = "姓名,身份\n" + "".join(f"{n},正式\n" for n in names)
    assert roster.import_roster(store, "书记", meeting_id, "r.csv", csv.encode()).ok
    return meeting_id


def test_migrations_from_an_empty_file(tmp_path):
    path = tmp_path / "fresh.sqlite3"
    store = Store(path)
    assert store.schema_version() == 0
    assert store.migrate() == [v for v, _, _ in MIGRATIONS]
    assert store.schema_version() == MIGRATIONS[-1][0]
    assert store.migrate() == []  # idempotent
    store.close()
    with open_store(path) as again:
        assert again.schema_version() == MIGRATIONS[-1][0]
        assert {"meetings", "members", "elections", "rounds", "ballot_places", "audit"} <= set(again.db.table_names())
        assert {"ballots", "entry_tokens"} <= set(again.db.view_names())      # the count, read from its places


def test_pragmas(store):
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"   # no WAL: secret ballot
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_round_trip(store):
    meeting_id = store.insert("meetings", {"branch": "中共某支部委员会", "date": "2026-11-22", "created_at": "t"})
    assert store.get("meetings", id=meeting_id)["branch"] == "中共某支部委员会"
    assert store.update("meetings", {"place": "会议室"}, id=meeting_id) == 1
    assert store.get("meetings", id=meeting_id)["place"] == "会议室"
    assert store.count("meetings") == 1
    assert store.delete("meetings", id=meeting_id) == 1
    assert store.get("meetings", id=meeting_id) is None


def test_write_is_all_or_nothing(store):
    with pytest.raises(RuntimeError):
        with store.write():
            store.insert("meetings", {"branch": "甲", "date": "2026-11-22", "created_at": "t"})
            raise RuntimeError("boom")
    assert store.count("meetings") == 0


def test_nested_write_rolls_back_only_the_inner_block(store):
    with store.write():
        store.insert("meetings", {"branch": "外", "date": "2026-11-22", "created_at": "t"})
        with pytest.raises(ValueError):
            with store.write():
                store.insert("meetings", {"branch": "内", "date": "2026-11-22", "created_at": "t"})
                raise ValueError
    assert [m["branch"] for m in store.rows("meetings")] == ["外"]


def test_foreign_keys_are_enforced(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.insert("members", {"meeting_id": 999, "name": "张伟", "status": "full"})


def test_ballots_table_cannot_link_a_ballot_to_a_voter_or_a_moment(store):
    columns = {row[1] for row in store.db.execute("PRAGMA table_info(ballots)").fetchall()}
    assert columns == {"id", "round_id", "marks", "write_ins", "illegible"}
    with pytest.raises(sqlite3.OperationalError):
        store.db.execute("SELECT rowid FROM ballot_places")  # WITHOUT ROWID: no insertion order
    meeting_id = make_meeting(store, ["张伟"])
    election = meetings.add_election(store, "书记", meeting_id, "committee", 1).value
    round_id = meetings.current_round(store, election).id
    keys = [store.insert_ballot(round_id, "{}", "[]", False) for _ in range(20)]
    assert len(set(keys)) == 20 and all(len(k) == 32 for k in keys)


@pytest.mark.slow
def test_four_concurrent_tellers_lose_nothing(tmp_path):
    path = tmp_path / "busy.sqlite3"
    names = [f"党员{i:03d}" for i in range(200)]
    with open_store(path) as s:
        meeting_id = make_meeting(s, names)
        ids = [m["id"] for m in s.rows("members", meeting_id=meeting_id)]
    failures = []

    def teller(share):
        with Store(path) as mine:
            for member_id in share:
                if not signin.sign_in(mine, "计票人", member_id).ok:
                    failures.append(member_id)

    threads = [threading.Thread(target=teller, args=(ids[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with open_store(path) as s:
        assert s.count("attendance") == 200
        assert signin.quorum(s, meeting_id).present == 200
        check = audit.verify(s)
        assert check.ok, check.problems
        assert s.count("audit", action="签到") == 200


CHILD = textwrap.dedent("""
    import sys
    from votekit.service import signin
    from votekit.store import Store
    store = Store(sys.argv[1])
    for member_id in map(int, sys.argv[2:]):
        outcome = signin.sign_in(store, "计票人", member_id)
        assert outcome.ok
        print(member_id, flush=True)   # only after the commit returned
""")


@pytest.mark.slow
def test_killed_mid_write_keeps_every_committed_sign_in(tmp_path):
    path = tmp_path / "crash.sqlite3"
    with open_store(path) as s:
        meeting_id = make_meeting(s, [f"党员{i:04d}" for i in range(1500)])
        ids = [m["id"] for m in s.rows("members", meeting_id=meeting_id)]
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), *map(str, ids)],
                             stdout=subprocess.PIPE, text=True)
    committed = []
    for line in child.stdout:
        committed.append(int(line))
        if len(committed) >= 60:
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    committed += [int(line) for line in child.stdout.read().split()]
    assert child.returncode == -signal.SIGKILL
    assert len(committed) < len(ids), "the child finished before it was killed"
    with open_store(path) as s:
        assert s.integrity_ok()
        present = {row["member_id"] for row in s.rows("attendance")}
        assert set(committed) <= present
        assert len(present) - len(committed) <= 1   # at most the one in flight, whole or not at all
        check = audit.verify(s)
        assert check.ok, check.problems
        assert s.count("audit", action="签到") == len(present)


def test_migrations_are_numbered_sql_files_shipped_as_package_data():
    from pathlib import Path
    import tomllib
    import votekit.store.migrations as pkg
    folder = Path(pkg.__file__).parent
    files = sorted(folder.glob("*.sql"))
    assert [int(f.name[:4]) for f in files] == [v for v, _, _ in MIGRATIONS]
    assert all(name and not name.startswith("--") for _, name, _ in MIGRATIONS)
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert "store/migrations/*.sql" in project["tool"]["setuptools"]["package-data"]["votekit"]


def test_a_file_made_by_an_older_kit_gets_only_the_newer_migrations(tmp_path, monkeypatch):
    import votekit.store as store_module
    older = [m for m in MIGRATIONS if m[0] <= 5]
    monkeypatch.setattr(store_module, "MIGRATIONS", older)
    with Store(tmp_path / "old.sqlite3") as old:
        assert old.migrate() == [v for v, _, _ in older]
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with open_store(tmp_path / "old.sqlite3") as upgraded, open_store(tmp_path / "new.sqlite3") as fresh:
        assert upgraded.schema_version() == fresh.schema_version() == MIGRATIONS[-1][0]
        schema = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        assert upgraded.conn.execute(schema).fetchall() == fresh.conn.execute(schema).fetchall()
