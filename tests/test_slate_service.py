"""The slate service: 被选举权, the 差额 minimum, 监票人 who are not candidates, 姓氏笔画 order."""
import pytest

from votekit.core.order import sort_names
from votekit.service import meetings, plenary, roster, signin, slate, ballots

ROSTER = "姓名,身份\n" + "\n".join([
    "王建国,正式", "刘洋,正式", "陈静,正式", "赵丽华,正式", "周敏,正式", "黄志强,正式",
    "孙立新,正式", "郭玉兰,正式", "唐思雨,预备", "彭志远,留党察看", "马丁,中止"]) + "\n"
SIX = ["黄志强", "王建国", "周敏", "刘洋", "赵丽华", "陈静"]



@pytest.fixture
def election(store):
    meeting_id = meetings.create_meeting(store, "书记", "中共测试支部委员会", "2026-11-22").value
    roster.import_roster(store, "书记", meeting_id, "r.csv", ROSTER.encode())
    return meetings.add_election(store, "书记", meeting_id, "committee", 5).value


def test_a_good_slate_is_kept_in_stroke_order(store, election):
    outcome = slate.set_candidates(store, "书记", election, SIX)
    assert outcome.ok
    assert outcome.value.names == tuple(sort_names(SIX))
    assert slate.candidate_names(store, election) == tuple(sort_names(SIX))
    assert "按姓氏笔画为序" in outcome.messages[0]


@pytest.mark.parametrize("names, words", [
    (SIX[:5], "即至少6名，现有候选人5名"),
    (SIX[:5] + ["唐思雨"], "候选人唐思雨是预备党员，没有被选举权"),
    (SIX[:5] + ["彭志远"], "没有被选举权"),
    (SIX[:5] + ["马丁"], "权利中止的党员"),
    (SIX[:5] + ["路人甲"], "不在党员名册上"),
])
def test_bad_slates_are_refused_and_nothing_written(store, election, names, words):
    before = store.count("audit")
    outcome = slate.set_candidates(store, "书记", election, names)
    assert not outcome.ok and any(words in m for m in outcome.messages), outcome.messages
    assert store.count("candidates") == 0 and store.count("audit") == before


def test_the_minimum_grows_with_the_seats(store, election):
    meeting_id = meetings.get_election(store, election).meeting_id
    seven = meetings.add_election(store, "书记", meeting_id, "committee", 7).value
    outcome = slate.set_candidates(store, "书记", seven, SIX + ["孙立新", "郭玉兰"])
    assert not outcome.ok and "即至少9名" in outcome.message


def test_a_candidate_cannot_be_scrutineer(store, election):
    slate.set_candidates(store, "书记", election, SIX)
    refused = slate.set_tellers(store, "书记", election, ["王建国"], [])
    assert not refused.ok and "王建国是候选人，不能担任监票人" in refused.message
    assert store.count("tellers") == 0
    assert not slate.set_tellers(store, "书记", election, ["唐思雨"], []).ok
    assert not slate.set_tellers(store, "书记", election, [], ["工作人员"]).ok
    done = slate.set_tellers(store, "书记", election, ["孙立新", "郭玉兰"], ["机关工作人员小李"])
    assert done.ok and slate.view(store, election).counters == ("机关工作人员小李",)


def test_a_scrutineer_cannot_then_be_made_a_candidate(store, election):
    slate.set_tellers(store, "书记", election, ["孙立新"], [])
    outcome = slate.set_candidates(store, "书记", election, SIX[:5] + ["孙立新"])
    assert not outcome.ok and "孙立新是候选人，不能担任监票人" in outcome.message


def test_the_slate_is_frozen_once_ballots_are_out(store, election):
    meeting_id = meetings.get_election(store, election).meeting_id
    slate.set_candidates(store, "书记", election, SIX)
    for m in roster.members(store, meeting_id):
        signin.sign_in(store, "计票人", m.id)
    assert ballots.issue_ballots(store, "监票人", meetings.current_round(store, election).id, 8).ok
    assert "选票已发出" in slate.set_candidates(store, "书记", election, SIX[::-1]).message


def test_equal_election_needs_one_candidate_per_seat(store, election):
    meeting_id = meetings.get_election(store, election).meeting_id
    secretary = meetings.add_election(store, "书记", meeting_id, "secretary", 1).value
    refused = plenary.set_post_candidates(store, "书记", secretary, ["王建国"])
    assert not refused.ok and "须在全部委员选出后召开" in refused.message   # RULES §7: committee first
    small = meetings.create_meeting(store, "书记", "中共小支部", "2026-11-22").value
    roster.import_roster(store, "书记", small, "r.csv",
                         ("姓名,身份\n" + "\n".join(f"{n},正式" for n in SIX[:5]) + "\n").encode())
    alone = meetings.add_election(store, "书记", small, "secretary", 1).value   # no committee: 党员大会
    assert meetings.get_election(store, alone).electorate == "meeting"
    assert not slate.set_candidates(store, "书记", alone, ["王建国", "刘洋"]).ok
    assert slate.set_candidates(store, "书记", alone, ["王建国"]).ok


def test_runoff_round_records_its_own_candidates(store, election):
    outcome = meetings.open_round(store, "书记", election, "runoff", 1, ["刘洋", "陈静"])
    assert outcome.ok
    rounds = meetings.rounds(store, election)
    assert [r.kind for r in rounds] == ["first", "runoff"]
    assert rounds[1].candidate_names == ("刘洋", "陈静") and rounds[1].number == 2
