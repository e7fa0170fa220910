"""实到 is fixed per vote (RULES.md §1): the roll taken when a round's ballots are issued
decides that round for good; arrivals and departures after it change the next vote."""
import json
import secrets

import pytest

from votekit.core.roll import AbsenceKind, Absent, bare_reason
from votekit.service.dossier import dossier_for
from votekit.service import ballots, counting, entry, rolls, signin
from votekit.store import open_store
from tests.factories import Clock
from tests.counting_fixtures import ABSENT, CANDIDATES, NAMES, build_meeting

C = CANDIDATES


@pytest.fixture
def clock():
    return Clock("2026-11-22T09:00:00")


@pytest.fixture
def store(clock):
    s = open_store(":memory:", clock=clock)
    yield s
    s.close()


def member_id(store, meeting_id, name):
    return next(r.id for r in signin.attendance(store, meeting_id) if r.name == name)


def enter(store, round_id, piles):
    count = 0
    for ballot, times in piles:
        for _ in range(times):
            count += 1
            assert entry.submit(store, "计票人", round_id, ballot, secrets.token_hex(16)).ok
    return count


def close(store, round_id, returned):
    assert ballots.record_returned(store, "监票人", round_id, returned).ok
    outcome = counting.close_round(store, "监票人", round_id)
    assert outcome.ok, outcome.message
    return outcome.value


# 30 present, 30 ballots: C[0..3] get 30, C[4] gets 16 (elected: 32 > 30), C[5] 14.
PILE = [({"marks": {C[0]: "agree", C[1]: "agree", C[2]: "agree", C[3]: "agree", C[4]: "agree"}}, 16),
        ({"marks": {C[0]: "agree", C[1]: "agree", C[2]: "agree", C[3]: "agree", C[5]: "agree"}}, 14)]


def test_departures_and_arrivals_after_issue_change_neither_the_verdict_nor_the_documents(store, clock):
    m = build_meeting(store, issued=0)                        # 应到32, 实到30
    signin.record_absence(store, "书记", member_id(store, m.meeting_id, ABSENT[0]), "请假（出差）")
    assert ballots.issue_ballots(store, "监票人", m.round_id, 30).ok
    clock.now = "2026-11-22T09:40:00"
    leavers = [n for n in NAMES if n not in ABSENT][-7:]      # seven leave after the ballots went out
    for name in leavers:
        assert signin.record_leaving(store, "计票人", member_id(store, m.meeting_id, name)).ok
    clock.now = "2026-11-22T09:45:00"
    assert signin.sign_in(store, "计票人", member_id(store, m.meeting_id, ABSENT[1])).ok   # a late arrival
    assert signin.quorum(store, m.meeting_id).present == 24   # now: no quorum at all
    enter(store, m.round_id, PILE)
    verdict = close(store, m.round_id, 30)
    assert verdict["present"] == 30 and verdict["expected"] == 32
    assert verdict["status"] == "complete" and C[4] in verdict["elected"]
    exported = counting.export_round(store, m.round_id)
    assert sum(1 for x in exported["members"] if x["present"] and x["status"] == "full") == 30
    dossier = dossier_for(store, m.meeting_id)
    result = dossier.rounds[0]
    assert (result.roll.expected, result.roll.present) == (32, 30)
    assert result.verdict.present == 30 and C[4] in result.verdict.elected
    assert [a.wording for a in result.absent] == ["请假（出差）", "未说明原因"]
    assert result.roll.sentence == (f"应到32人，实到30人（缺席：{ABSENT[0]}（出差）、"
                                    f"{ABSENT[1]}（未说明原因））。")


def test_the_next_round_counts_who_is_there_when_its_ballots_are_issued(store, clock):
    m = build_meeting(store)
    pile = [({"marks": {C[0]: "agree", C[1]: "agree", C[2]: "agree", C[3]: "agree"}}, 15),
            ({"marks": {C[0]: "agree", C[1]: "agree", C[2]: "agree", C[3]: "agree", C[4]: "agree"}}, 15)]
    enter(store, m.round_id, pile)
    verdict = close(store, m.round_id, 30)
    assert verdict["status"] == "shortfall"                   # C[4] 15 of 30: not more than half
    clock.now = "2026-11-22T10:05:00"
    leaver = NAMES[10]
    assert signin.record_leaving(store, "计票人", member_id(store, m.meeting_id, leaver)).ok
    clock.now = "2026-11-22T10:06:00"
    assert signin.sign_in(store, "计票人", member_id(store, m.meeting_id, ABSENT[0])).ok
    assert signin.sign_in(store, "计票人", member_id(store, m.meeting_id, ABSENT[1])).ok
    since = rolls.since_last_vote(store, m.meeting_id)
    assert since["last_present"] == 30 and since["present_now"] == 31
    assert since["moves"] == [f"10:05 {leaver}中途离会", f"10:06 {ABSENT[0]}到会", f"10:06 {ABSENT[1]}到会"]
    further = counting.next_round(store, "监票人", m.round_id, "further", [C[4], C[5]]).value
    clock.now = "2026-11-22T10:10:00"
    assert ballots.issue_ballots(store, "监票人", further, 31).ok
    clock.now = "2026-11-22T10:20:00"
    assert signin.sign_in(store, "计票人", member_id(store, m.meeting_id, leaver)).ok  # back, after issue
    enter(store, further, [({"marks": {C[4]: "agree"}}, 16), ({"marks": {C[5]: "agree"}}, 15)])
    second = close(store, further, 31)
    assert second["present"] == 31 and second["elected"] == [C[4]]   # 32 > 31
    first = counting.counting_record(store, m.round_id)
    assert sum(1 for x in first.members if x.present) == 30   # the first round keeps its 30
    dossier = dossier_for(store, m.meeting_id)
    rounds = {r.label: r for r in dossier.rounds}
    assert rounds["第一轮"].roll.present == 30 and rounds["另行选举"].roll.present == 31
    assert [(a.name, a.wording) for a in rounds["另行选举"].absent] == [(leaver, "中途离会 10:05")]
    timeline = dossier.attendance.rolls
    assert [r.roll.present for r in timeline] == [30, 31]
    assert [mv.wording for mv in timeline[0].after] == [f"10:05 {leaver}中途离会", f"10:06 {ABSENT[0]}到会",
                                                         f"10:06 {ABSENT[1]}到会"]
    assert [mv.wording for mv in timeline[1].after] == [f"10:20 {leaver}返回会场"]


def test_a_leaver_is_never_printed_as_on_leave_and_reasons_print_once(store, clock):
    from votekit.documents.bundle import papers
    m = build_meeting(store, issued=0)
    leaver = NAMES[12]
    clock.now = "2026-11-22T09:30:00"
    signin.record_leaving(store, "计票人", member_id(store, m.meeting_id, leaver), reason="单位急事")
    signin.record_absence(store, "书记", member_id(store, m.meeting_id, ABSENT[0]), "请假（病假）")
    assert not signin.record_absence(store, "书记", member_id(store, m.meeting_id, leaver), "事假").ok
    assert ballots.issue_ballots(store, "监票人", m.round_id, 29).ok
    enter(store, m.round_id, [({"marks": {c: "agree" for c in C[:5]}}, 29)])
    close(store, m.round_id, 29)
    dossier = dossier_for(store, m.meeting_id)
    words = {a.name: a.wording for a in dossier.attendance.absent}
    assert words == {leaver: "中途离会 09:30", ABSENT[0]: "请假（病假）", ABSENT[1]: "未说明原因"}
    assert dossier.rounds[0].roll.present == 29
    texts = {p.name: p.text() for p in papers(dossier)}
    for name in ("04-签到表", "05-关于选举结果的报告", "08-会议记录", "11-监票人报告单"):
        text = texts[name]
        assert f"{leaver}" in text and "中途离会 09:30" in text, name
        assert f"{ABSENT[0]}（病假）" in text or f"{ABSENT[0]}同志病假" in text or "请假（病假）" in text, name
    for name, text in texts.items():
        assert "请假（请假" not in text and "请假（未说明原因）" not in text, name
    everything = "\n".join(texts.values())
    assert f"{leaver}（请假" not in everything and f"{leaver}同志请假" not in everything


@pytest.mark.parametrize("typed, bare", [("出差", "出差"), ("请假（出差）", "出差"), ("请假(出差)", "出差"),
                                         ("请假：病假", "病假"), ("请假（请假（出差））", "出差"),
                                         ("（事假）", "事假"), ("请假", ""), ("", "")])
def test_reasons_are_kept_bare_and_printed_once(typed, bare):
    assert bare_reason(typed) == bare
    wording = Absent("王五", AbsenceKind.LEAVE, bare_reason(typed)).wording
    assert wording.count("请假") == 1 and wording.count("（") <= 1


def test_a_refused_issue_takes_no_roll(store):
    m = build_meeting(store, issued=0)
    assert not ballots.issue_ballots(store, "监票人", m.round_id, 31).ok    # more than present, no reason
    assert rolls.roll_for(store, rolls.vote_key("round", m.round_id)) is None
    assert ballots.issue_ballots(store, "监票人", m.round_id, 30).ok
    roll = rolls.roll_for(store, rolls.vote_key("round", m.round_id))
    assert roll.present == 30 and set(roll.present_names) == set(NAMES) - set(ABSENT)
    event = [r for r in store.rows("audit") if r["action"] == "清点到会人数"][-1]
    assert json.loads(event["detail"])["present"] == 30


def test_a_motion_keeps_the_roll_of_its_vote(store, clock):
    from votekit.core.motions import VoteCounts, VoteMethod
    from votekit.service import motions
    m = build_meeting(store)
    motion = motions.add_motion(store, "书记", m.meeting_id, "general", title="关于支部工作计划", proposal="通过").value
    assert motions.record_vote(store, "书记", motion, VoteCounts(VoteMethod.HANDS, 20, 5, 5)).ok
    for name in NAMES[:5]:
        signin.record_leaving(store, "计票人", member_id(store, m.meeting_id, name))
    fields = motions.resolution_fields(store, motion)
    assert fields["present"] == 30 and fields["roll"].present == 30


def test_the_hall_screen_tells_the_moves_since_the_last_vote(store, clock):
    from votekit.service import hall
    m = build_meeting(store)
    enter(store, m.round_id, PILE)
    close(store, m.round_id, 30)
    clock.now = "2026-11-22T10:05:00"
    signin.record_leaving(store, "计票人", member_id(store, m.meeting_id, NAMES[3]))
    screen = hall.hall(store, m.meeting_id)
    assert screen["phase"] == "result"
    assert screen["say"][-1] == f"上次投票发票后：10:05 {NAMES[3]}中途离会。下一次投票实到29人。"
