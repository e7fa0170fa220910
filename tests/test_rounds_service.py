"""Issue 20, defect by defect: each scenario that showed it, driven through the service layer."""
import secrets

import pytest

from votekit.core.order import sort_names
from votekit.service import ballots, counting, entry, meetings, motions, plenary, roster, sequencing, slate
from votekit.service.dossier import round_results
from votekit.store import open_store
from tests.rounds_support import ACTOR, NAMES, ballot, build, hold, retally

C = tuple(sort_names(NAMES[:6]))          # 5 seats, 6 candidates


@pytest.fixture
def store():
    s = open_store(":memory:")
    yield s
    s.close()


def tie_for_last_seat():
    """30 present: C0–C3 24 each, C4 and C5 18 each (both above half) for the 5th seat."""
    return ([ballot(C[:4] + (C[4],))] * 12 + [ballot(C[:4] + (C[5],))] * 12
            + [ballot((C[4], C[5]))] * 6)


def first_round_tied(store):
    e = build(store, 5, C)
    v = hold(store, e.round_id, tie_for_last_seat())
    assert v["status"] == "runoff_needed" and v["runoff"] == {"names": [C[4], C[5]], "seats": 1, "votes": 18}
    return e


def open_next(store, round_id, action, names=None):
    out = counting.next_round(store, ACTOR, round_id, action, names)
    assert out.ok, out.message
    return out.value


# -- re-votes ------------------------------------------------------------------------------------
def test_revote_elects_the_most_votes_below_half(store):
    e = first_round_tied(store)
    runoff = open_next(store, e.round_id, "runoff")
    assert meetings.get_round(store, runoff).kind == "runoff"
    v = hold(store, runoff, [ballot((C[4],))] * 14 + [ballot((C[5],))] * 10 + [ballot()] * 6)
    assert (v["status"], v["elected"], v["round"]) == ("complete", [C[4]], "runoff")
    assert counting.export_round(store, runoff)["round"] == "runoff"
    assert retally(store, runoff) == v
    result = counting.election_result(store, e.election_id)
    assert result["complete"] and result["elected"] == sort_names(C[:5])


def test_repeated_tie_votes_again_until_decided(store):
    e = first_round_tied(store)
    second = open_next(store, e.round_id, "runoff")
    v = hold(store, second, [ballot((C[4],))] * 15 + [ballot((C[5],))] * 15)
    assert v["status"] == "runoff_needed" and v["runoff"]["names"] == [C[4], C[5]]
    p = sequencing.progress(store, e.election_id)
    assert [s.value for s in p.offered] == ["runoff"]
    refused = counting.next_round(store, ACTOR, second, "further", [C[4]])
    assert not refused.ok and "再次投票" in refused.message
    third = open_next(store, second, "runoff")
    v = hold(store, third, [ballot((C[5],))] * 16 + [ballot((C[4],))] * 14)
    assert v["elected"] == [C[5]] and counting.election_result(store, e.election_id)["complete"]


def test_write_ins_are_refused_at_entry_in_a_revote(store):
    e = first_round_tied(store)
    runoff = open_next(store, e.round_id, "runoff")
    assert ballots.issue_ballots(store, ACTOR, runoff, 30).ok
    out = entry.submit(store, "计票人", runoff, ballot((), (C[4],), ("王芳",)), secrets.token_hex(16))
    assert not out.ok and "不另选他人" in out.message
    assert entry.entered_count(store, runoff) == 0


def test_revote_of_seven_tied_for_six_seats_is_held(store):
    eight = tuple(sort_names(NAMES[:8]))
    seven = eight[:7]
    e = build(store, 6, eight)
    pile = [ballot(tuple(n for j, n in enumerate(seven) if j != i % 7)) for i in range(28)] + [ballot()] * 2
    v = hold(store, e.round_id, pile)
    assert v["status"] == "runoff_needed" and v["runoff"]["seats"] == 6 and len(v["runoff"]["names"]) == 7
    runoff = open_next(store, e.round_id, "runoff")
    v = hold(store, runoff, [ballot(seven[:6])] * 20 + [ballot()] * 10)
    assert v["status"] == "complete" and v["slate_ok"] and sorted(v["elected"]) == sorted(seven[:6])


# -- 另行选举 ------------------------------------------------------------------------------------
def shortfall_of_two(store):
    e = build(store, 5, C)
    v = hold(store, e.round_id, [ballot(C[:3])] * 16 + [ballot()] * 14)
    assert v["status"] == "shortfall" and v["shortfall"] == 2
    return e


@pytest.mark.parametrize("names, words", [
    ([C[0], C[3], C[4]], f"{C[0]}已经当选"),
    (["孙丽", C[3], C[4]], "孙丽是本次选举的监票人，不能作为候选人"),
    (["路人甲", C[3], C[4]], "候选人路人甲不在党员名册上"),
    ([C[3], C[3][0] + " " + C[3][1:], C[4]], "重复"),
    ([C[3], C[4]], "即至少3名"),
])
def test_further_slate_is_checked_before_the_round_opens(store, names, words):
    e = shortfall_of_two(store)
    out = counting.next_round(store, ACTOR, e.round_id, "further", names)
    assert not out.ok and words in out.message
    assert len(meetings.rounds(store, e.election_id)) == 1          # nothing opened, nothing printed


def test_further_round_fills_the_seats_short(store):
    e = shortfall_of_two(store)
    further = open_next(store, e.round_id, "further", list(C[3:]))
    rnd = meetings.get_round(store, further)
    assert (rnd.kind, rnd.seats) == ("further", 2)
    v = hold(store, further, [ballot((C[3], C[4]))] * 20 + [ballot((C[5],))] * 10)
    assert v["round"] == "further" and counting.export_round(store, further)["round"] == "further"
    assert retally(store, further) == v
    result = counting.election_result(store, e.election_id)
    assert result["complete"] and len(set(result["elected"])) == 5


# -- seat reduction --------------------------------------------------------------------------------
def test_reduction_never_to_zero_and_never_behind_a_later_round(store):
    e = shortfall_of_two(store)
    further = open_next(store, e.round_id, "further", list(C[3:]))
    late = counting.record_seat_reduction(store, ACTOR, e.round_id, 30)
    assert not late.ok and "新一轮" in late.message
    nobody = build(store, 3, C[:4])                           # a first round that elected nobody
    hold(store, nobody.round_id, [ballot()] * 30)
    zero = counting.record_seat_reduction(store, ACTOR, nobody.round_id, 30)
    assert not zero.ok and "不能减少为0名" in zero.message
    assert counting.election_result(store, nobody.election_id)["offered"] == ["further"]
    hold(store, further, [ballot()] * 30)                    # 另行选举 elected nobody: 3 of 5 so far
    assert counting.election_result(store, e.election_id)["offered"] == ["further", "reduce"]


def test_reduction_after_a_further_round_that_elected_nobody_drops_the_seats_short(store):
    """RULES §7 forbids only a reduction to 0: 3 elected in the first round, the 另行选举 for the
    other 2 elects nobody, the meeting votes 16 of 30 to reduce → 3 seats, settled, plenary of 3."""
    from votekit.documents.after import minutes
    from votekit.documents.script import host_script
    from votekit.service.dossier import dossier_for
    e = shortfall_of_two(store)
    further = open_next(store, e.round_id, "further", list(C[3:]))
    v = hold(store, further, [ballot()] * 30)
    assert v["status"] == "shortfall" and v["elected"] == []
    failed = counting.record_seat_reduction(store, ACTOR, further, 15)          # exactly half: not carried
    assert failed.ok and failed.value["seats_reduced_to"] is None and "未超过半数" in failed.message
    again = counting.record_seat_reduction(store, ACTOR, further, 16)
    assert not again.ok and "未获通过" in again.message
    assert counting.election_result(store, e.election_id)["offered"] == ["further"]
    # a second 另行选举 that elects nobody again, then a reduction that carries
    second = open_next(store, further, "further", list(C[3:]))
    hold(store, second, [ballot()] * 30)
    done = counting.record_seat_reduction(store, ACTOR, second, 16)
    assert done.ok and done.value["seats_reduced_to"] == 3, done.message
    assert "由5名减少为3名（减少2名）" in done.message
    result = counting.election_result(store, e.election_id)
    assert (result["seats"], result["elected"], result["complete"]) == (5 - 2, list(C[:3]), True)
    assert "由5名减少为3名" in result["reduction"]
    assert not counting.next_round(store, ACTOR, second, "further", list(C[3:])).ok
    assert not counting.record_seat_reduction(store, ACTOR, second, 20).ok
    # the round's own record and `votekit tally` contract are unchanged: it stays a shortfall
    assert "seat_reduction_vote" not in counting.export_round(store, second)
    assert retally(store, second) == entry.state(store, second).verdict_data
    assert retally(store, second)["status"] == "shortfall"
    # the plenary opens with the 3 elected
    assert plenary.committee(store, e.meeting_id) == C[:3]
    assert plenary.open_plenary(store, ACTOR, e.meeting_id, list(C[:3]), C[0]).ok
    # both votes with their counts: listed, and in the minutes as an agenda item
    d = dossier_for(store, e.meeting_id)
    assert [(r.number, r.reduction.present, r.reduction.yes, r.reduction.seats_after)
            for r in d.rounds if r.reduction] == [(2, 30, 15, None), (3, 30, 16, 3)]
    text = "".join(getattr(b, "text", "") for b in minutes(d).blocks)
    assert "表决减少委员名额" in text                                     # the minutes' agenda, as held
    assert "实到会有选举权的党员30人，15人同意，未超过半数，不减少名额" in text
    assert "16人同意，超过半数），应选名额由5名减少为3名（减少2名），不再另行选举" in text
    script = [getattr(b, "text", "") for b in host_script(d).blocks]
    assert "表决减少委员名额" not in script[1]                            # not announced as planned
    steps = [t for t in script if t.endswith("表决减少名额")]
    assert len(steps) == 2                                                # one step per vote, with hands
    assert any("应选名额由5名减少为3名" in t for t in script[script.index(steps[1]):])


def test_reduction_applies_to_the_seats_short_and_is_listed_with_its_count(store):
    e = shortfall_of_two(store)
    further = open_next(store, e.round_id, "further", list(C[3:]))
    hold(store, further, [ballot((C[3],))] * 20 + [ballot()] * 10)     # 1 of the 2 filled
    v = counting.record_seat_reduction(store, ACTOR, further, 16).value
    assert v["seats_reduced_to"] == 1 and v["status"] == "complete"
    result = counting.election_result(store, e.election_id)
    assert (result["seats"], len(result["elected"]), result["complete"]) == (4, 4, True)
    (cut,) = [r for r in round_results(store, e.election_id) if r.record.seat_reduction_yes is not None]
    assert (cut.verdict.present, cut.record.seat_reduction_yes, cut.verdict.seats_reduced_to) == (30, 16, 1)
    assert cut.record.seats - len(cut.verdict.elected) == 1                   # the seat short when it was taken
    assert "名额减少为1名" in cut.verdict.messages[-1]                        # as the paperwork says it
    assert not counting.next_round(store, ACTOR, further, "further", list(C[4:])).ok


# -- the plenary and posts ---------------------------------------------------------------------------
def test_plenary_waits_for_the_settled_committee_and_takes_its_members(store):
    e = first_round_tied(store)
    early = plenary.open_plenary(store, ACTOR, e.meeting_id, list(C[:4]), "丁宁")
    assert not early.ok and "须在全部委员选出后召开" in early.message
    runoff = open_next(store, e.round_id, "runoff")
    hold(store, runoff, [ballot((C[5],))] * 20 + [ballot()] * 10)
    committee = plenary.committee(store, e.meeting_id)
    assert committee == tuple(sort_names(C[:4] + (C[5],)))
    assert plenary.open_plenary(store, ACTOR, e.meeting_id, list(committee), committee[0]).ok
    assert tuple(m.name for m in plenary.plenary_members(store, e.meeting_id)) == committee


def settled_committee(store):
    e = first_round_tied(store)
    runoff = open_next(store, e.round_id, "runoff")
    hold(store, runoff, [ballot((C[4],))] * 20 + [ballot()] * 10)
    committee = plenary.committee(store, e.meeting_id)
    assert plenary.open_plenary(store, ACTOR, e.meeting_id, list(committee), committee[0]).ok
    return e, committee


def test_secretary_and_deputy_are_different_people_and_posts_follow_the_elections(store):
    e, committee = settled_committee(store)
    secretary = meetings.add_election(store, ACTOR, e.meeting_id, "secretary", 1).value
    deputy = meetings.add_election(store, ACTOR, e.meeting_id, "deputy", 1).value
    assert plenary.set_post_candidates(store, ACTOR, secretary, [committee[0]]).ok
    same = plenary.set_post_candidates(store, ACTOR, deputy, [committee[0]])
    assert not same.ok and "书记和副书记不能由同一人担任" in same.message
    outsider = plenary.set_post_candidates(store, ACTOR, deputy, ["王芳" if "王芳" not in committee else "田富"])
    assert not outsider.ok
    early = plenary.set_posts(store, ACTOR, e.meeting_id, {committee[0]: "书记"})
    assert not early.ok and "没有当选书记" in early.message
    assert slate.set_tellers(store, ACTOR, secretary, [committee[4]], ()).ok
    rnd = meetings.current_round(store, secretary).id
    v = hold(store, rnd, [ballot((committee[0],))] * 5)
    assert v["elected"] == [committee[0]]
    wrong = plenary.set_posts(store, ACTOR, e.meeting_id, {committee[1]: "书记"})
    assert not wrong.ok and f"当选书记的是{committee[0]}" in wrong.message
    assert plenary.set_posts(store, ACTOR, e.meeting_id, {committee[0]: "书记", committee[1]: "组织委员"}).ok
    # a write-in at the plenary of someone not on the committee: the wording names the electorate
    deputy_round = meetings.current_round(store, deputy).id
    assert plenary.set_post_candidates(store, ACTOR, deputy, [committee[1]]).ok
    assert slate.set_tellers(store, ACTOR, deputy, [committee[4]], ()).ok
    v = hold(store, deputy_round, [ballot((), (committee[1],), ("王芳" if "王芳" not in committee else "田富",))] * 3
             + [ballot((committee[1],))] * 2)
    assert any("不在本次选举的选举人名单上" in m for m in v["messages"])
    assert not any("不在本支部党员名册上" in m for m in v["messages"])


def test_a_branch_without_a_committee_elects_its_secretary_at_the_meeting(store):
    five = NAMES[:5]
    e = build(store, 1, [five[0]], names=five, scrutineers=(five[4],), post="secretary")
    assert meetings.get_election(store, e.election_id).electorate == "meeting"
    v = hold(store, e.round_id, [ballot((five[0],))] * 3 + [ballot((), (five[0],))] * 2)
    assert v["expected"] == 5 and v["present"] == 5 and v["elected"] == [five[0]]
    deputy = meetings.add_election(store, ACTOR, e.meeting_id, "deputy", 1).value
    assert meetings.get_election(store, deputy).electorate == "meeting"
    assert not plenary.set_post_candidates(store, ACTOR, deputy, [five[0]]).ok
    assert plenary.set_post_candidates(store, ACTOR, deputy, [five[1]]).ok
    refused = plenary.open_plenary(store, ACTOR, e.meeting_id, [five[0]], "")
    assert not refused.ok and "没有支部委员会委员的选举" in refused.message


# -- names and ballots -----------------------------------------------------------------------------
def test_write_ins_typed_four_ways_are_one_person(store):
    e = build(store, 1, C[:2], scrutineers=("孙丽",))
    spellings = ["张伟", "张 伟", "张\u3000伟", "张\u200b伟"]
    pile = [ballot((), (C[0],), (s,)) for s in spellings for _ in range(4)] + [ballot((C[0],))] * 14
    v = hold(store, e.round_id, pile)
    assert v["tally"]["张伟"]["agree"] == 16 and v["elected"] == ["张伟"]
    assert retally(store, e.round_id) == v


def test_candidates_and_tellers_typed_any_way_are_the_roster_members(store):
    """A zero-width space, a variation selector or a compatibility ideograph typed into a
    candidate's or a 监票人's name is that member (one identity wherever a name enters)."""
    names = NAMES[:12] + ["林涛"]
    e = build(store, 1, ["丁宁", "于波"], names=names, scrutineers=())
    out = slate.set_tellers(store, ACTOR, e.election_id, ["孙\u200b丽"], ["李\ufe00明"])
    assert out.ok, out.message
    assert slate.tellers(store, e.election_id) == {"scrutineer": ("孙丽",), "counter": ("李明",)}
    out = slate.set_candidates(store, ACTOR, e.election_id, ["丁\u200b宁", "\uf9f4涛"])
    assert out.ok and slate.candidate_names(store, e.election_id) == ("丁宁", "林涛"), out.message
    assert "重复" in slate.set_candidates(store, ACTOR, e.election_id, ["丁宁", "林\ufe01涛", "林涛"]).message
    assert not slate.set_candidates(store, ACTOR, e.election_id, ["丁宁", "孙\u200b丽"]).ok   # still the 监票人


@pytest.mark.parametrize("twin", ["\uf9f4涛", "林\ufe01涛", "林 涛"])
def test_roster_names_equal_under_the_identity_are_one_member(store, twin):
    m = meetings.create_meeting(store, ACTOR, "中共测试支部委员会", "2026-11-30").value
    assert roster.add_member(store, ACTOR, m, "林涛").ok
    assert not roster.add_member(store, ACTOR, m, twin).ok
    assert [r.name for r in roster.members(store, m)] == ["林涛"]


def test_ballot_with_every_mark_illegible_is_invalid(store):
    e = build(store, 1, C[:2], scrutineers=("孙丽",))
    v = hold(store, e.round_id, [ballot((C[0],))] * 20 + [ballot(illegible=C[:2])] * 10)
    assert (v["valid_ballots"], v["invalid_ballots"]) == (20, 10)


@pytest.mark.parametrize("bad, words", [
    ({"marks": {C[0]: "yes"}}, "符号无法识别"),
    ({"marks": {}, "write_ins": [{"name": ["张伟"], "mark": "agree"}]}, "另选人姓名应为文字"),
    ({"marks": {}, "write_ins": [{"name": "张伟", "mark": "circle"}]}, "符号无法识别"),
])
def test_entry_api_refuses_unknown_marks_and_lists(store, bad, words):
    e = build(store, 5, C)
    assert ballots.issue_ballots(store, ACTOR, e.round_id, 30).ok
    out = entry.submit(store, "计票人", e.round_id, bad, secrets.token_hex(16))
    assert not out.ok and words in out.message and entry.entered_count(store, e.round_id) == 0


# -- smaller items ---------------------------------------------------------------------------------
@pytest.mark.parametrize("seats, words", [(8, "最多不超过7名"), (4, "单数"), (2, "3至5名")])
def test_committee_size_outside_three_to_seven_or_even_is_warned(store, seats, words):
    m = meetings.create_meeting(store, ACTOR, "中共测试支部委员会", "2026-11-30").value
    out = meetings.add_election(store, ACTOR, m, "committee", seats)
    assert out.ok and words in out.message
    assert "提示" not in meetings.add_election(store, ACTOR, m, "committee", 5).message


def test_returned_count_is_locked_after_the_close(store):
    e = build(store, 5, C)
    hold(store, e.round_id, [ballot(C[:5])] * 30)
    out = ballots.record_returned(store, ACTOR, e.round_id, 35)
    assert not out.ok and "不能再改" in out.message
    assert meetings.get_round(store, e.round_id).returned == 30


def test_more_ballots_issued_than_present_needs_a_reason_and_is_noted(store):
    e = build(store, 5, C)
    assert not ballots.issue_ballots(store, ACTOR, e.round_id, 31).ok
    out = ballots.issue_ballots(store, ACTOR, e.round_id, 31, "一张污损换发")
    assert out.ok and "多于实到人数1张" in out.message


def test_confirmation_motion_only_for_a_probationary_member(store):
    m = meetings.create_meeting(store, ACTOR, "中共测试支部委员会", "2026-11-30").value
    roster.add_member(store, ACTOR, m, "丁宁")
    roster.add_member(store, ACTOR, m, "于波", "预备")
    full = motions.add_motion(store, ACTOR, m, "confirm", "丁宁")
    assert not full.ok and "不是预备党员" in full.message
    assert not motions.add_motion(store, ACTOR, m, "confirm", "路人甲").ok
    assert motions.add_motion(store, ACTOR, m, "confirm", "于 波").ok


def test_impossible_steps_are_refused_with_the_reason(store):
    e = build(store, 5, C)
    assert "尚未结束计票" in counting.next_round(store, ACTOR, e.round_id, "runoff").message
    hold(store, e.round_id, [ballot(C[:5])] * 30)
    for step in ("runoff", "further", "revote", "reduce"):
        out = counting.next_round(store, ACTOR, e.round_id, step, list(C[5:]))
        assert not out.ok and "已经产生结果" in out.message
    assert "只能是" in counting.next_round(store, ACTOR, e.round_id, "again").message
    assert not counting.record_seat_reduction(store, ACTOR, e.round_id, 20).ok


def test_one_person_elected_both_posts_by_write_ins_leads_to_another_deputy_election(store):
    e, committee = settled_committee(store)
    secretary = meetings.add_election(store, ACTOR, e.meeting_id, "secretary", 1).value
    deputy = meetings.add_election(store, ACTOR, e.meeting_id, "deputy", 1).value
    for election, name in ((secretary, committee[0]), (deputy, committee[1])):
        assert plenary.set_post_candidates(store, ACTOR, election, [name]).ok
        assert slate.set_tellers(store, ACTOR, election, [committee[4]], ()).ok
    hold(store, meetings.current_round(store, secretary).id, [ballot((committee[0],))] * 5)
    v = hold(store, meetings.current_round(store, deputy).id,
             [ballot((), (committee[1],), (committee[0],))] * 4 + [ballot((committee[1],))])
    assert v["elected"] == [committee[0]]                       # the 书记 written in as 副书记
    out = plenary.set_posts(store, ACTOR, e.meeting_id, {committee[0]: "书记"})
    assert not out.ok and "一人不能兼任书记和副书记" in out.message and "另行选举副书记" in out.message
    # the seat is short, not settled: 另行选举副书记 is offered, with a slate that cannot be the 书记
    result = counting.election_result(store, deputy)
    assert not result["complete"] and result["offered"] == ["further"] and result["short"] == 1
    assert result["note"] == f"{committee[0]}已当选书记，不能兼任副书记，副书记须另行选举。"
    last = meetings.current_round(store, deputy).id
    refused = counting.next_round(store, ACTOR, last, "further", [committee[0]])
    assert not refused.ok and "书记和副书记不能由同一人担任" in refused.message
    assert counting.next_round(store, ACTOR, last, "further", [committee[2]]).ok
    hold(store, meetings.current_round(store, deputy).id, [ballot((committee[2],))] * 5)
    assert counting.election_result(store, deputy)["complete"]
    assert plenary.elected_posts(store, e.meeting_id) == {"书记": committee[0], "副书记": committee[2]}
    done = plenary.set_posts(store, ACTOR, e.meeting_id, {committee[0]: "书记", committee[2]: "副书记"})
    assert done.ok, done.message


def test_the_minutes_carry_the_seat_reduction_vote_with_its_count(store):
    from votekit.documents.after import _vote_lines
    from votekit.service.dossier import dossier_for
    e = shortfall_of_two(store)
    further = open_next(store, e.round_id, "further", list(C[3:]))
    hold(store, further, [ballot((C[3],))] * 20 + [ballot()] * 10)
    assert counting.record_seat_reduction(store, ACTOR, further, 16).ok
    text = "".join(p.text for p in _vote_lines(dossier_for(store, e.meeting_id)))
    assert "经大会举手表决（实到会有选举权的党员30人，16人同意，超过半数），余下的2个名额减少为1名（减少1名）" in text
    assert "由1名委员组成" not in text


def test_two_scrutineers_opening_the_revote_at_once_open_one_round(tmp_path):
    import threading
    path = tmp_path / "m.sqlite3"
    with open_store(path) as store:
        e = first_round_tied(store)
    barrier, outcomes = threading.Barrier(2), []

    def press():
        with open_store(path) as own:
            barrier.wait()
            outcomes.append(counting.next_round(own, ACTOR, e.round_id, "runoff"))

    threads = [threading.Thread(target=press) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o.ok for o in outcomes) == [False, True]
    assert "新一轮" in next(o for o in outcomes if not o.ok).message
    with open_store(path) as store:
        assert [r.kind for r in meetings.rounds(store, e.election_id)] == ["first", "runoff"]


def test_paperwork_of_a_branch_without_a_committee_speaks_of_its_secretary(store):
    from votekit.documents.after import minutes
    from votekit.documents.report import result_report
    from votekit.service.dossier import dossier_for
    five = NAMES[:5]
    e = build(store, 1, [five[0]], names=five, scrutineers=(five[4],), post="secretary")
    hold(store, e.round_id, [ballot((five[0],))] * 4 + [ballot()])
    d = dossier_for(store, e.meeting_id)
    text = "".join(getattr(b, "text", "") for b in minutes(d).blocks)
    assert "无记名投票、等额选举产生支部书记" in text and "差额选举" not in text
    # no committee: the papers sign as the branch itself (its name typed with 委员会 or not)
    assert f"{five[0]}同志当选为中共测试第二支部书记" in text and "支部委员会书记" not in text
    report = "".join(getattr(b, "text", "") for b in result_report(d).blocks)
    assert "等额选举的办法" in report and "委员。" not in report
