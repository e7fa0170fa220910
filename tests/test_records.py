"""The store's records: typed verdicts back from their JSON, enums with their labels, old rows read."""
import dataclasses
import json
from pathlib import Path

import pytest

from votekit.core.export import verdict_from_data, verdict_to_data
from votekit.core.record import parse_round
from votekit.core.verdict import judge
from votekit.core.vocabulary import RoundStage, Status
from votekit.service import counting, entry, meetings
from votekit.service.database import open_database
from votekit.store import rounds as stored
from votekit.store.records import (DoubleEntry, Post, Round, RoundState, RoundStatus, RoundType,
                                   round_title)
from tests.counting_fixtures import build_meeting, committee_pile

ROUNDS = sorted((Path(__file__).parent / "rounds").glob("*.json"))


def _variants(record):
    """The golden round, a runoff of it, and the same with half the ballots (a shortfall or a tie)."""
    yield record
    yield dataclasses.replace(record, ballots=record.ballots[: len(record.ballots) // 2])
    yield dataclasses.replace(record, stage=RoundStage.RUNOFF)


@pytest.mark.parametrize("path", ROUNDS, ids=[p.stem for p in ROUNDS])
def test_a_stored_verdict_comes_back_as_the_same_typed_verdict(path):
    for record in _variants(parse_round(json.loads(path.read_text(encoding="utf-8")))):
        verdict = judge(record)
        text = json.dumps(verdict_to_data(verdict), ensure_ascii=False)
        assert verdict_from_data(json.loads(text)) == verdict


def test_a_verdict_stored_before_the_round_field_reads_as_a_first_round():
    record = parse_round(json.loads(ROUNDS[0].read_text(encoding="utf-8")))
    data = verdict_to_data(judge(record))
    del data["round"]
    assert verdict_from_data(data).stage is RoundStage.FIRST


def test_enums_carry_their_labels_and_equal_their_stored_text():
    assert Post("secretary").label == "书记" and Post.BY_ELECTION.office == "委员"
    assert Post.SECRETARY.default_kind.value == "equal" and Post.COMMITTEE.electorate == "meeting"
    assert RoundType.RUNOFF.label == "再次投票（得票相等者）" and RoundType.FIRST.short == "第一轮"
    assert RoundType.FURTHER.stage is RoundStage.FURTHER
    assert RoundStatus.VOID.label == "选举无效（须重新投票）" and RoundStatus.OPEN == "open"
    assert DoubleEntry.ON == 1 and DoubleEntry(2) is DoubleEntry.SETTLED


def test_rows_become_records_and_a_void_round_keeps_only_its_sentence():
    rnd = Round.from_row({"id": 3, "election_id": 1, "number": 2, "kind": "runoff", "seats": 1,
                          "candidates": '["王芳", "卢静"]', "issued": None, "issue_reason": "",
                          "expected_at_issue": None, "present_at_issue": None, "returned": None,
                          "added_later": "x"})
    assert rnd.kind is RoundType.RUNOFF and rnd.candidate_names == ("王芳", "卢静")
    assert rnd.seats == 1 and rnd.extra["added_later"] == "x"
    for row_read in (lambda: rnd["seats"], lambda: rnd.get("seats"), lambda: "seats" in rnd, lambda: {**rnd}):
        with pytest.raises((TypeError, AttributeError)):       # a record is read by attribute only
            row_read()
    void = RoundState.from_row({"round_id": 3, "status": "void", "double_entry": 0, "seat_reduction_yes": None,
                                "record": None, "closed_by": "监票人",
                                "verdict": json.dumps({"status": "void_more_returned",
                                                       "messages": ["收回的选票多于发出的选票，选举无效。"],
                                                       "elected": []}, ensure_ascii=False)}, 3)
    assert void.status is RoundStatus.VOID and void.verdict is None
    assert void.messages == ("收回的选票多于发出的选票，选举无效。",)
    assert RoundState.from_row(None, 9) == RoundState(9)


def test_a_closed_round_reads_back_typed_through_the_round_context(tmp_path):
    with open_database(tmp_path / "r.sqlite3") as store:
        m = build_meeting(store)
        for i, ballot in enumerate(committee_pile()):
            assert entry.submit(store, "计票人", m.round_id, ballot, f"record-test-token-{i:04d}").ok
        store_ballots = entry.entered_count(store, m.round_id)
        from votekit.service import ballots
        assert ballots.record_returned(store, "监票人", m.round_id, store_ballots).ok
        closed = counting.close_round(store, "监票人", m.round_id)
        assert closed.ok
        ctx = stored.round_context(store, m.round_id)
        assert ctx.state.status is RoundStatus.CLOSED and ctx.state.verdict.status in set(Status)
        assert verdict_to_data(ctx.state.verdict) == closed.value
        assert ctx.state.record == counting.counting_record(store, m.round_id)
        assert ctx.title == round_title(ctx.election, ctx.round) == entry.round_title(store, ctx.round)
        assert ctx.election.post is Post.COMMITTEE and ctx.meeting.id == m.meeting_id
        assert meetings.get_round(store, m.round_id) == ctx.round
        assert stored.round_context(store, 999) is None
