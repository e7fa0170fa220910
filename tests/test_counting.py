"""Counting at the table (service layer): round codes, entry, voids, double entry, verdict, plenary."""
import json
import secrets
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from votekit.core.payload import BallotCode, BallotKind, make_payload
from votekit.service import audit, ballots, counting, double_entry, entry, meetings, plenary, slate, voids
from votekit.store import open_store
from tests.counting_fixtures import CANDIDATES, build_meeting, committee_pile

C = CANDIDATES


@pytest.fixture
def store():
    s = open_store(":memory:")
    yield s
    s.close()


@pytest.fixture
def meeting(store):
    return build_meeting(store)


TELLERS = {"A": entry.Enterer("杨帆", "device-a"), "B": entry.Enterer("周敏", "device-b")}


def submit(store, round_id, ballot, pile=None, token=None, enterer="pile's teller"):
    if enterer == "pile's teller":
        enterer = TELLERS[pile] if pile else None
    return entry.submit(store, "计票人", round_id, ballot, token or secrets.token_hex(16), pile, enterer)


def enter_pile(store, round_id, pile=None, ballots_=None):
    for b in ballots_ if ballots_ is not None else committee_pile():
        assert submit(store, round_id, b, pile).ok


# -- identifying the round by its QR ---------------------------------------------------
def test_code_is_the_same_for_every_ballot_of_a_round_and_differs_between_rounds(store, meeting):
    first = entry.payload_for_round(store, meeting.round_id)
    assert first == entry.payload_for_round(store, meeting.round_id)
    runoff = meetings.open_round(store, "x", meeting.election_id, "runoff", 1, C[4:]).value
    assert entry.payload_for_round(store, runoff) != first
    assert entry.identify(store, first.lower() + "\n", meeting.meeting_id).value == meeting.round_id


@pytest.mark.parametrize("case, expected", [
    ("forged", "校验码不符"),
    ("garbage", "不是本系统的选票编码"),
    ("other_meeting", "不属于本次会议"),
    ("no_such_round", "没有第7轮投票"),
    ("other_round", "不是正在录入的"),
    ("not_issued", "尚未发出选票"),
])
def test_wrong_codes_are_refused_saying_which(store, meeting, case, expected):
    key = entry.code_key(store)
    code = entry.code_for_round(store, meeting.round_id)
    current = None
    if case == "forged":
        text = make_payload(code, "不是这把钥匙")
    elif case == "garbage":
        text = "https://example.com/x"
    elif case == "other_meeting":
        text = make_payload(BallotCode("M9E1", 1, BallotKind.COMMITTEE), key)
    elif case == "no_such_round":
        text = make_payload(BallotCode(code.election, 7, BallotKind.COMMITTEE), key)
    elif case == "other_round":
        runoff = meetings.open_round(store, "x", meeting.election_id, "runoff", 1, C[4:]).value
        text, current = entry.payload_for_round(store, meeting.round_id), runoff
    else:
        runoff = meetings.open_round(store, "x", meeting.election_id, "runoff", 1, C[4:]).value
        text = entry.payload_for_round(store, runoff)
    outcome = entry.identify(store, text, meeting.meeting_id, current)
    assert not outcome.ok and expected in outcome.message


def test_closed_and_void_rounds_are_refused(store, meeting):
    enter_pile(store, meeting.round_id)
    ballots.record_returned(store, "监票人", meeting.round_id, 29)
    assert counting.close_round(store, "监票人", meeting.round_id).ok
    text = entry.payload_for_round(store, meeting.round_id)
    assert "已结束计票" in entry.identify(store, text, meeting.meeting_id).message
    other = build_meeting(store, issued=3)   # a second meeting in the same file
    ballots.record_returned(store, "监票人", other.round_id, 4)
    assert counting.close_round(store, "监票人", other.round_id).ok
    text = entry.payload_for_round(store, other.round_id)
    assert "已宣布选举无效" in entry.identify(store, text, other.meeting_id).message
    assert "不属于本次会议" in entry.identify(store, text, meeting.meeting_id).message


# -- entering ballots --------------------------------------------------------------------
def test_double_submit_counts_once_and_over_marked_is_kept_as_entered(store, meeting):
    token = secrets.token_hex(16)
    over = {"marks": {n: "agree" for n in C}}
    first = submit(store, meeting.round_id, over, token=token)
    again = submit(store, meeting.round_id, over, token=token)
    assert first.ok and not first.value["valid"] and first.value["selected"] == 6
    assert again.ok and again.value["duplicate"] and "没有重复计入" in again.message
    assert store.count("ballots", round_id=meeting.round_id) == 1
    stored = json.loads(store.rows("ballots", round_id=meeting.round_id)[0]["marks"])
    assert stored == {n: "agree" for n in C}          # recorded as it is, never "corrected"
    assert counting.board(store, meeting.round_id)["invalid"] == 1


@pytest.mark.parametrize("ballot, expected", [
    ({"marks": {"不是候选人": "agree"}}, "不是本轮候选人"),
    ({"marks": {C[0]: "maybe"}}, "符号无法识别"),
    ({"marks": {}, "write_ins": [{"name": ""}]}, "另选人姓名为空"),
    ("nonsense", "格式不对"),
])
def test_malformed_ballots_are_refused_and_nothing_is_written(store, meeting, ballot, expected):
    outcome = submit(store, meeting.round_id, ballot)
    assert not outcome.ok and expected in outcome.message
    assert store.count("ballots") == 0 and store.count("entry_tokens") == 0


def test_entry_stops_at_the_returned_count(store, meeting):
    ballots.record_returned(store, "监票人", meeting.round_id, 2)
    assert submit(store, meeting.round_id, {"marks": {}}).ok
    assert submit(store, meeting.round_id, {"marks": {}}).ok
    refused = submit(store, meeting.round_id, {"marks": {}})
    assert not refused.ok and "已等于收回的选票数2张" in refused.message


def test_nothing_stored_links_a_ballot_to_a_voter_or_a_time(store, meeting):
    enter_pile(store, meeting.round_id)
    for table in ("ballot_places", "pile_places"):   # ballots, entry_tokens, pile_ballots, pile_tokens: views of them
        columns = {c.name for c in store.db[table].columns}
        assert not columns & {"member_id", "voter", "at", "created_at", "seq", "rowid"}
        assert store.db[table].use_rowid is False
    assert not [e for e in audit.events(store, limit=1000) if e.action == "录入选票"]  # no event per ballot


def test_void_needs_a_named_scrutineer_and_both_steps_are_audited(store, meeting):
    done = submit(store, meeting.round_id, {"marks": {C[0]: "agree"}})
    ballot_id = done.value["ballot_id"]
    assert voids.request_void(store, "计票人甲", meeting.round_id, ballot_id, "按错了").ok
    assert store.count("ballots") == 1                       # still counted until confirmed
    refused = voids.decide_void(store, "某人", ballot_id, C[0], True)
    assert not refused.ok and "不是本选举的监票人" in refused.message
    assert voids.decide_void(store, "监票人", ballot_id, "孙丽", True).ok
    assert store.count("ballots") == 0 and store.count("voided_ballots") == 1
    actions = [e.action for e in audit.events(store, limit=1000)]
    assert "申请作废录入" in actions and "监票人确认作废录入" in actions
    assert audit.verify(store).ok


# -- closing and the verdict ----------------------------------------------------------------
def test_close_waits_for_the_returned_count_and_every_ballot(store, meeting):
    enter_pile(store, meeting.round_id, ballots_=committee_pile()[:20])
    assert "收回的选票张数" in counting.close_round(store, "监票人", meeting.round_id).message
    ballots.record_returned(store, "监票人", meeting.round_id, 29)
    assert "还有9张未录入" in counting.close_round(store, "监票人", meeting.round_id).message


def test_verdict_runoff_then_plenary_elects_the_secretary(store, meeting):
    enter_pile(store, meeting.round_id)
    ballots.record_returned(store, "监票人", meeting.round_id, 29)
    verdict = counting.close_round(store, "监票人", meeting.round_id).value
    assert verdict["status"] == "runoff_needed" and verdict["invalid_ballots"] == 1
    assert verdict["elected"] == list(C[:4]) and verdict["runoff"] == {"names": list(C[4:]), "seats": 1, "votes": 17}
    runoff = counting.next_round(store, "监票人", meeting.round_id, "runoff").value
    assert not counting.next_round(store, "监票人", meeting.round_id, "runoff").ok   # only once
    assert ballots.issue_ballots(store, "监票人", runoff, 30).ok
    enter_pile(store, runoff, ballots_=[{"marks": {C[5]: "agree", C[4]: "disagree"}}] * 16 + [{"marks": {}}])
    ballots.record_returned(store, "监票人", runoff, 17)
    assert counting.close_round(store, "监票人", runoff).value["elected"] == [C[5]]
    result = counting.election_result(store, meeting.election_id)
    assert result["complete"] and result["elected"] == [C[0], C[1], C[2], C[3], C[5]]
    committee = plenary.committee(store, meeting.meeting_id)
    assert plenary.open_plenary(store, "x", meeting.meeting_id, committee[:4], "召集人").ok
    assert plenary.plenary_quorum(store, meeting.meeting_id).met is False   # 4 of 5 is not more than 4/5
    secretary = meetings.add_election(store, "x", meeting.meeting_id, "secretary", 1).value
    assert slate.set_candidates(store, "x", secretary, [committee[0]]).ok
    assert slate.set_tellers(store, "x", secretary, [committee[1]], []).ok
    round_id = meetings.current_round(store, secretary).id
    assert "到会人数不足" in ballots.issue_ballots(store, "x", round_id, 4).message
    assert plenary.open_plenary(store, "x", meeting.meeting_id, committee, "召集人").ok
    assert ballots.issue_ballots(store, "x", round_id, 5).ok
    enter_pile(store, round_id, ballots_=[{"marks": {committee[0]: "agree"}}] * 3 + [{"marks": {committee[0]: "disagree"}}] * 2)
    ballots.record_returned(store, "x", round_id, 5)
    verdict = counting.close_round(store, "x", round_id).value
    assert verdict["expected"] == 5 and verdict["present"] == 5 and verdict["elected"] == [committee[0]]
    assert plenary.set_posts(store, "x", meeting.meeting_id,
                             {committee[0]: "书记", committee[1]: "组织委员", committee[2]: "宣传委员"}).ok
    assert [r["post"] for r in plenary.posts(store, meeting.meeting_id)] == ["书记", "组织委员", "宣传委员"]
    assert not plenary.set_posts(store, "x", meeting.meeting_id, {committee[0]: "书记", committee[1]: "书记"}).ok


def test_shortfall_then_seat_reduction_vote_is_recorded_with_its_count(store, meeting):
    pile = [{"marks": {C[0]: "agree", C[1]: "agree", C[2]: "agree"}}] * 16 + [{"marks": {}}] * 4
    enter_pile(store, meeting.round_id, ballots_=pile)
    ballots.record_returned(store, "监票人", meeting.round_id, 20)
    verdict = counting.close_round(store, "监票人", meeting.round_id).value
    assert verdict["status"] == "shortfall" and verdict["shortfall"] == 2
    assert "不减少名额" in counting.record_seat_reduction(store, "x", meeting.round_id, 15).message
    state = entry.state(store, meeting.round_id)
    assert state.verdict_data["status"] == "shortfall" and state.seat_reduction_yes == 15
    assert not counting.record_seat_reduction(store, "x", meeting.round_id, 20).ok   # recorded once
    further = counting.next_round(store, "x", meeting.round_id, "further", list(C[3:])).value
    assert meetings.get_round(store, further).seats == 2


def test_seat_reduction_with_a_majority_completes_the_election(store, meeting):
    pile = [{"marks": {C[0]: "agree", C[1]: "agree", C[2]: "agree"}}] * 16
    enter_pile(store, meeting.round_id, ballots_=pile)
    ballots.record_returned(store, "监票人", meeting.round_id, 16)
    counting.close_round(store, "监票人", meeting.round_id)
    verdict = counting.record_seat_reduction(store, "x", meeting.round_id, 16).value
    assert verdict["status"] == "complete" and verdict["seats_reduced_to"] == 3
    assert counting.election_result(store, meeting.election_id)["complete"]


def test_more_returned_than_issued_voids_the_round_and_offers_a_revote(store):
    m = build_meeting(store, issued=3)
    ballots.record_returned(store, "监票人", m.round_id, 4)
    outcome = counting.close_round(store, "监票人", m.round_id)
    assert outcome.ok and "选举无效" in outcome.message and entry.state(store, m.round_id).status == "void"
    revote = counting.next_round(store, "x", m.round_id, "revote").value
    assert meetings.get_round(store, revote).number == 2
    assert entry.payload_for_round(store, revote) != entry.payload_for_round(store, m.round_id)


# -- double entry -------------------------------------------------------------------------------
def test_double_entry_disagreement_is_listed_and_blocks_the_result(store, meeting):
    assert double_entry.set_double_entry(store, "监票人", meeting.round_id, True).ok
    pile = committee_pile()
    enter_pile(store, meeting.round_id, "A", pile)
    misread = pile[:-1] + [{"marks": {n: "agree" for n in C[:5]}}]   # 乙 read the over-marked one as 5 ○
    enter_pile(store, meeting.round_id, "B", misread)
    assert not submit(store, meeting.round_id, {"marks": {}}).ok     # no single entry meanwhile
    ballots.record_returned(store, "监票人", meeting.round_id, 29)
    result = double_entry.compare(store, meeting.round_id)
    assert not result.agree and len(result.differences) == 2
    assert sorted((d.a, d.b) for d in result.differences) == [(0, 1), (1, 0)]
    assert "未核对一致" in counting.close_round(store, "监票人", meeting.round_id).message
    assert counting.board(store, meeting.round_id)["rows"][0]["agree"] is None   # nothing shown
    assert not double_entry.adopt(store, "监票人", meeting.round_id).ok
    for diff in result.differences:
        assert double_entry.settle(store, "监票人", meeting.round_id, diff.key, "A").ok
    assert double_entry.compare(store, meeting.round_id).agree
    assert double_entry.adopt(store, "监票人", meeting.round_id).ok
    verdict = counting.close_round(store, "监票人", meeting.round_id).value
    assert verdict["invalid_ballots"] == 1 and verdict["status"] == "runoff_needed"


@settings(max_examples=25)
@given(st.lists(st.tuples(st.sampled_from(["agree", "disagree", "abstain"]),
                          st.sampled_from(["agree", "disagree", "abstain"])), min_size=1, max_size=8),
       st.randoms())
def test_double_entry_ignores_order(pairs, rnd):
    with open_store(":memory:") as store:
        m = build_meeting(store)
        double_entry.set_double_entry(store, "x", m.round_id, True)
        pile = [{"marks": {C[0]: a, C[1]: b}} for a, b in pairs]
        shuffled = list(pile)
        rnd.shuffle(shuffled)
        enter_pile(store, m.round_id, "A", pile)
        enter_pile(store, m.round_id, "B", shuffled)
        assert double_entry.compare(store, m.round_id).agree


# -- recount ------------------------------------------------------------------------------------
def test_exported_record_recounted_by_votekit_tally_equals_the_app(store, meeting, tmp_path):
    enter_pile(store, meeting.round_id)
    ballots.record_returned(store, "监票人", meeting.round_id, 29)
    app_verdict = counting.close_round(store, "监票人", meeting.round_id).value
    path = tmp_path / "round-1.json"
    path.write_text(json.dumps(counting.export_round(store, meeting.round_id), ensure_ascii=False), "utf-8")
    done = subprocess.run([sys.executable, "-m", "votekit", "tally", str(path)], capture_output=True,
                          text=True, check=True)
    assert json.loads(done.stdout) == app_verdict
    assert counting.recount(store, meeting.round_id).ok
    store.delete("ballots", id=store.rows("ballots", round_id=meeting.round_id)[0]["id"])
    assert "选票记录有变动" in counting.recount(store, meeting.round_id).message


def test_double_entry_needs_two_people_on_two_devices(store, meeting):
    """One teller typed both piles and the comparison "agreed" (issue 18): refused now."""
    assert double_entry.set_double_entry(store, "监票人", meeting.round_id, True).ok
    ballot = committee_pile()[0]
    alone = submit(store, meeting.round_id, ballot, "A", enterer=None)
    assert not alone.ok and "登录" in alone.message
    assert submit(store, meeting.round_id, ballot, "A", enterer=entry.Enterer("杨帆", "device-a")).ok
    same = submit(store, meeting.round_id, ballot, "B", enterer=entry.Enterer("杨 帆", "device-c"))
    assert not same.ok and "您已录入甲份" in same.message and "两名不同的计票人" in same.message
    device = submit(store, meeting.round_id, ballot, "B", enterer=entry.Enterer("周敏", "device-a"))
    assert not device.ok and "这台设备已录入甲份" in device.message
    other = submit(store, meeting.round_id, ballot, "A", enterer=entry.Enterer("周敏", "device-b"))
    assert not other.ok and "甲份由杨帆在另一台设备上录入" in other.message
    assert submit(store, meeting.round_id, ballot, "B", enterer=entry.Enterer("周敏", "device-b")).ok
    assert double_entry.compare(store, meeting.round_id).agree
