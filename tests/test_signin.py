"""签到 and the live quorum; ballots may be issued only while the quorum holds."""
import pytest

from votekit.rehearsal import demo
from votekit.core.quorum import min_present
from votekit.service import ballots, meetings, roster, signin
from votekit.store import open_store
from tests.factories import Clock


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    with open_store(tmp_path / "s.sqlite3", clock=clock) as s:
        yield s


@pytest.fixture
def meeting_id(store):
    return demo.create_demo_meeting(store, "书记", "2026-11-22")


def ids(store, meeting_id):
    return {m.name: m.id for m in roster.members(store, meeting_id)}


def voters(store, meeting_id):
    return [m for m in roster.members(store, meeting_id) if m.in_expected]


def test_demo_quorum_numbers(store, meeting_id):
    report = signin.quorum(store, meeting_id)
    assert (report.expected, report.present, report.min_present, report.met) == (24, 0, 20, False)


def test_quorum_turns_valid_exactly_at_min_present(store, meeting_id):
    need = min_present(24)
    for count, member in enumerate(voters(store, meeting_id), start=1):
        report = signin.sign_in(store, "计票人", member.id).value
        assert report.present == count
        assert report.met == (count >= need)
        if count == need:
            assert report.message == "应到会有选举权的党员24人，实到20人，超过应到会人数的五分之四，符合规定，会议有效。"


def test_non_voting_members_attend_without_counting(store, meeting_id):
    member_ids = ids(store, meeting_id)
    for name in ("唐思雨", "彭志远"):
        assert signin.sign_in(store, "计票人", member_ids[name]).ok
    report = signin.quorum(store, meeting_id)
    assert report.present == 0 and report.expected == 24


def test_late_arrival_leaving_and_return(store, meeting_id, clock):
    member_id = ids(store, meeting_id)["张伟"]
    clock.now = "2026-11-22T09:00:59"
    on_time = signin.sign_in(store, "计票人", member_id).message
    assert on_time == "已签到：张伟（第1人）。"
    signin.undo_sign_in(store, "计票人", member_id)
    clock.now = "2026-11-22T09:07:00"
    assert signin.sign_in(store, "计票人", member_id).message == "已签到：张伟（第1人，迟到 09:07）。"
    assert "无需重复签到" in signin.sign_in(store, "计票人", member_id).message
    clock.now = "2026-11-22T10:30:00"
    left = signin.record_leaving(store, "计票人", member_id, reason="单位急事")
    assert left.ok and left.value.present == 0 and left.value.expected == 24
    row = next(r for r in signin.attendance(store, meeting_id) if r.id == member_id)
    assert (row.arrived, row.left, row.late, row.leave_reason) == ("09:07", "10:30", True, "单位急事")
    assert not signin.record_leaving(store, "计票人", member_id).ok
    back = signin.sign_in(store, "计票人", member_id)
    assert "返回会场" in back.message and back.value.present == 1


def test_absence_is_recorded_and_stays_in_expected(store, meeting_id):
    member_id = ids(store, meeting_id)["郑淑芬"]
    assert signin.record_absence(store, "书记", member_id, "病假").ok
    assert signin.quorum(store, meeting_id).expected == 24
    signin.sign_in(store, "计票人", member_id)
    assert not signin.record_absence(store, "书记", member_id, "病假").ok


@pytest.mark.parametrize("query, expected", [("zw", ["张伟"]), ("张", ["张伟"]), ("wangjian", ["王建国"]),
                                             ("ZLH", ["赵丽华"]), ("", None)])
def test_search_by_name_or_pinyin(store, meeting_id, query, expected):
    found = [r.name for r in signin.search(store, meeting_id, query)]
    assert found == expected if expected is not None else len(found) == 30


def first_round(store, meeting_id):
    committee = meetings.elections(store, meeting_id)[0].id
    return meetings.current_round(store, committee).id


def test_no_ballots_without_quorum(store, meeting_id):
    for member in voters(store, meeting_id)[:19]:
        signin.sign_in(store, "计票人", member.id)
    before = store.count("audit")
    outcome = ballots.issue_ballots(store, "监票人", first_round(store, meeting_id), 19)
    assert not outcome.ok
    assert "到会人数不足，不能发放选票" in outcome.message and "至少需到20人" in outcome.message
    assert meetings.get_round(store, first_round(store, meeting_id)).issued is None
    assert store.count("audit") == before


def test_issued_above_present_needs_a_reason(store, meeting_id):
    for member in voters(store, meeting_id)[:21]:
        signin.sign_in(store, "计票人", member.id)
    round_id = first_round(store, meeting_id)
    refused = ballots.issue_ballots(store, "监票人", round_id, 22)
    assert not refused.ok and "须由监票人记录原因" in refused.message
    assert ballots.issue_ballots(store, "监票人", round_id, 22, "一张填写时污损，补发一张").ok
    row = meetings.get_round(store, round_id)
    assert (row.issued, row.present_at_issue, row.expected_at_issue) == (22, 21, 24)
    assert not ballots.issue_ballots(store, "监票人", round_id, 0).ok


def test_returned_count_is_recorded(store, meeting_id):
    for member in voters(store, meeting_id)[:21]:
        signin.sign_in(store, "计票人", member.id)
    round_id = first_round(store, meeting_id)
    assert not ballots.record_returned(store, "监票人", round_id, 21).ok  # nothing issued yet
    ballots.issue_ballots(store, "监票人", round_id, 21)
    assert "收回的选票少于发出的选票" in ballots.record_returned(store, "监票人", round_id, 20).message
    record = ballots.round_record(store, round_id)
    assert record.ballots_issued == 21 and len(record.candidates) == 6 and record.seats == 5
