"""表决 (RULES.md §10): the two bases with their exact-half edges, 预备党员 present, the 决议."""
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import roster
from votekit.rehearsal import demo
from votekit.core.motions import (Motion, MotionKind, MotionStatus, ThresholdBase, VoteCounts,
                                  VoteMethod, decision, judge_motion, motion_problems, subject,
                                  tally_sentence)
from votekit.core import motions as core_motions
from votekit.pdf.resolution import ResolutionPaper, render_resolutions
from votekit.service import motions, roster as roster_service, signin

ADMIT = Motion(MotionKind.ADMIT, "唐思雨")
GENERAL = Motion(MotionKind.GENERAL, title="支部2027年工作计划", proposal="通过支部2027年工作计划")
CONFIRM = Motion(MotionKind.CONFIRM, "韩雪")
DISPOSE = Motion(MotionKind.DISPOSE, "彭志远", proposal="对彭志远同志予以除名")


def hands(agree, against=0, abstain=0):
    return VoteCounts(VoteMethod.HANDS, agree, against, abstain)


# (motion, full members, present, excluded, agree, carried?)   base in brackets
EDGES = [
    (ADMIT, 10, 9, 0, 5, False),    # [应到 10] exactly half of 应到: fails
    (ADMIT, 10, 9, 0, 6, True),     # [10] one more than half
    (ADMIT, 11, 11, 0, 5, False),   # [11] 5 of 11
    (ADMIT, 11, 11, 0, 6, True),    # [11] 6 of 11
    (ADMIT, 10, 8, 0, 5, False),    # [10] more than half of 实到 8, but not of 应到 10
    (ADMIT, 12, 10, 2, 6, True),    # [应到 10: two approved exclusions] 6 > 5
    (ADMIT, 12, 10, 2, 5, False),   # [10] exactly half
    (GENERAL, 10, 8, 0, 4, False),  # [实到 8] exactly half of 实到: fails
    (GENERAL, 10, 8, 0, 5, True),   # [8] 5 of 8 carries; the same 5 is only half of 应到 10
    (GENERAL, 10, 9, 0, 5, True),   # [9] 5 of 9
    (GENERAL, 10, 9, 0, 4, False),  # [9]
    (CONFIRM, 10, 10, 0, 5, False),  # [10] exactly half
    (CONFIRM, 10, 10, 0, 6, True),
    (DISPOSE, 7, 6, 0, 3, False),   # [6] exactly half
    (DISPOSE, 7, 6, 0, 4, True),
]


@pytest.mark.parametrize("motion,full,present,excluded,agree,carried", EDGES)
def test_threshold_edges(motion, full, present, excluded, agree, carried):
    members = roster(full - excluded, present, excluded=excluded)
    verdict = judge_motion(motion, members, hands(agree))
    assert verdict.carried is carried
    base = verdict.expected if motion.kind is MotionKind.ADMIT else verdict.present
    assert verdict.base_count == base
    assert verdict.needed == base // 2 + 1
    assert verdict.status is (MotionStatus.CARRIED if carried else MotionStatus.REJECTED)


def test_the_bases_differ_only_for_admission():
    assert ADMIT.kind.base is ThresholdBase.EXPECTED
    assert {m.kind.base for m in (GENERAL, CONFIRM, DISPOSE)} == {ThresholdBase.PRESENT}
    members = roster(10, 8)
    assert judge_motion(GENERAL, members, hands(5, 3)).carried
    assert not judge_motion(ADMIT, members, hands(5, 3)).carried


def test_probationary_members_present_do_not_vote():
    members = roster(24, 20, probationary=4)      # 4 预备党员 signed in
    verdict = judge_motion(ADMIT, members, hands(19, 1, 0))
    assert (verdict.expected, verdict.present, verdict.observers, verdict.probationary) == (24, 20, 4, 4)
    assert verdict.carried
    text = tally_sentence(ADMIT, verdict)
    assert text == ("应到会有表决权的正式党员24名，实到20名（另有预备党员4名列席，不参加表决）；"
                    "经举手表决，19票赞成，1票反对，0票弃权，赞成票超过应到会有表决权的正式党员（24名）的半数，"
                    "同意接收唐思雨同志为中共预备党员。")
    # counting the 预备党员's hands would exceed 实到: refused, not judged
    too_many = judge_motion(ADMIT, members, hands(22, 1, 1))
    assert too_many.status is MotionStatus.COUNTS_INVALID and not too_many.carried
    assert "预备党员不参加表决" in too_many.problems[0]


def test_rejection_and_wording():
    members = roster(10, 9)
    verdict = judge_motion(ADMIT, members, hands(5, 3, 1))
    assert tally_sentence(ADMIT, verdict).endswith(
        "赞成票未超过应到会有表决权的正式党员（10名）的半数，不同意接收唐思雨同志为中共预备党员。")
    assert decision(ADMIT, True) == "同意接收唐思雨同志为中共预备党员，预备期一年，报上级党委审批。"
    assert decision(GENERAL, True) == "同意通过支部2027年工作计划。"
    assert subject(ADMIT) == "关于接收唐思雨同志为中共预备党员的决议"
    assert subject(GENERAL) == "关于支部2027年工作计划的决议"


@pytest.mark.parametrize("counts,status", [
    (VoteCounts(VoteMethod.BALLOT, 5, 2, 1, 1, 9, 9), MotionStatus.CARRIED),
    (VoteCounts(VoteMethod.BALLOT, 4, 3, 1, 1, 9, 9), MotionStatus.REJECTED),
    (VoteCounts(VoteMethod.BALLOT, 5, 2, 1, 0, 9, 10), MotionStatus.VOID_MORE_RETURNED),
    (VoteCounts(VoteMethod.BALLOT, 5, 2, 1, 0, 9, 9), MotionStatus.COUNTS_INVALID),   # 8 ≠ 9 returned
    (VoteCounts(VoteMethod.BALLOT, 5, 2, 1, 0, 10, 8), MotionStatus.COUNTS_INVALID),  # issued > 实到
    (VoteCounts(VoteMethod.BALLOT, 5, 2, 1), MotionStatus.COUNTS_INVALID),             # no issued/returned
    (VoteCounts(VoteMethod.HANDS, -1, 2, 1), MotionStatus.COUNTS_INVALID),
    (VoteCounts(VoteMethod.HANDS, 5, 0, 0, 1), MotionStatus.COUNTS_INVALID),            # no 无效 by hand
])
def test_ballot_and_count_checks(counts, status):
    assert judge_motion(GENERAL, roster(10, 9, probationary=2), counts).status is status


def test_nobody_with_the_vote_present():
    verdict = judge_motion(GENERAL, roster(5, 0, probationary=2), hands(0))
    assert verdict.status is MotionStatus.NO_VOTERS and not verdict.carried


@pytest.mark.parametrize("motion,ok", [
    (Motion(MotionKind.ADMIT, "唐思雨"), True),
    (Motion(MotionKind.ADMIT, ""), False),
    (Motion(MotionKind.ADMIT, "唐思雨、韩雪"), False),      # one person per vote
    (Motion(MotionKind.ADMIT, "唐思雨 韩雪"), False),
    (Motion(MotionKind.CONFIRM, "韩雪"), True),
    (Motion(MotionKind.DISPOSE, "彭志远"), False),           # no proposal
    (Motion(MotionKind.GENERAL, proposal="通过"), False),     # no title
    (GENERAL, True),
])
def test_motion_problems(motion, ok):
    assert (motion_problems(motion) == []) is ok


@given(full=st.integers(1, 60), data=st.data())
def test_carried_exactly_when_agree_exceeds_half_of_the_base(full, data):
    present = data.draw(st.integers(1, full))
    agree = data.draw(st.integers(0, present))
    against = data.draw(st.integers(0, present - agree))
    members = roster(full, present, probationary=data.draw(st.integers(0, 3)))
    for motion in (ADMIT, GENERAL):
        verdict = judge_motion(motion, members, hands(agree, against))
        assert verdict.carried == (2 * agree > verdict.base_count)
        assert verdict.carried == (agree >= verdict.needed)


# -- through the service, to the 决议 PDF -----------------------------------------------

def sign_in_all_but(store, meeting_id, absent):
    for m in roster_service.members(store, meeting_id):
        if m.name not in absent:
            signin.sign_in(store, "测试", m.id)


def test_service_records_an_admission_with_probationary_members_present(store, tmp_path):
    meeting_id = demo.create_demo_meeting(store, "测试", "2026-11-22")
    sign_in_all_but(store, meeting_id, {"郑淑芬", "梁国栋", "何建平", "邓国华"})
    assert signin.quorum(store, meeting_id).present == 21          # 4 预备 + 留党察看 signed in too
    refused = motions.add_motion(store, "测试", meeting_id, "admit", "甲某、乙某")
    assert not refused.ok and "一次只能表决一名同志" in refused.message
    motion_id = motions.add_motion(store, "测试", meeting_id, "admit", "林晓").value
    over = motions.record_vote(store, "测试", motion_id, hands(24, 1, 0))   # 25 hands > 21
    assert not over.ok and motions.get_motion(store, motion_id).status == "open"
    done = motions.record_vote(store, "测试", motion_id, hands(13, 6, 2))
    assert done.ok and done.value["carried"] and done.value["base_count"] == 24
    assert "另有预备党员等无表决权的党员5名列席" in done.message
    fields = motions.resolution_fields(store, motion_id)
    assert fields["threshold_base"] == "expected" and fields["expected"] == 24
    assert motions.resolutions(store, meeting_id) == [fields]
    paper = ResolutionPaper(**motions.paper_fields(store, motion_id))
    assert paper.observers == "预备党员4名、其他无表决权的党员1名"
    pdf = tmp_path / "决议.pdf"
    assert render_resolutions([paper], pdf) == 1
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for expected in ("支部大会决议", "关于接收林晓同志为中共预备党员的决议", "支部书记（签名）",
                     "（党支部盖章）", "同意接收林晓同志为中共预备党员"):
        assert expected in "".join(text.split()), expected


def test_exactly_half_of_expected_is_not_enough_through_the_service(store):
    meeting_id = demo.create_demo_meeting(store, "测试", "2026-11-22")
    sign_in_all_but(store, meeting_id, {"郑淑芬", "邓国华"})        # 应到 24, 实到 23
    motion_id = motions.add_motion(store, "测试", meeting_id, "admit", "林晓").value
    done = motions.record_vote(store, "测试", motion_id, hands(12, 11, 0))   # 应到 24: 12 is half
    assert done.ok and not done.value["carried"] and done.value["needed"] == 13
    assert motions.get_motion(store, motion_id).status == "rejected"
    general = motions.add_motion(store, "测试", meeting_id, "general", title="支部2027年工作计划",
                                 proposal="通过支部2027年工作计划").value
    assert motions.record_vote(store, "测试", general, hands(12, 11, 0)).value["carried"]  # 实到 23


def test_archive_is_rejudged_by_verify(store):
    meeting_id = demo.create_demo_meeting(store, "测试", "2026-11-22")
    sign_in_all_but(store, meeting_id, {"郑淑芬", "邓国华"})
    decided = motions.add_motion(store, "测试", meeting_id, "admit", "林晓").value
    motions.record_vote(store, "测试", decided, hands(13, 8, 2))
    motions.add_motion(store, "测试", meeting_id, "confirm", "韩雪")          # not voted yet
    items = motions.archive_data(store, meeting_id)[-2:]   # after the demo's own agenda item
    assert [i["status"] for i in items] == ["carried", "open"]
    assert core_motions.recheck_archived(items) == []
    items[0]["verdict"]["agree"] = 12                                        # 12 of 应到 24: not carried
    assert core_motions.recheck_archived(items) == ["表决事项“关于接收林晓同志为中共预备党员的决议”的记录与按票数重新计算的结果不符。"]


@pytest.mark.parametrize("form,expected", [
    (("hands", "3", "1", "0"), VoteCounts(VoteMethod.HANDS, 3, 1, 0)),
    (("hands", "3", "1", "0", "", "9", "9"), VoteCounts(VoteMethod.HANDS, 3, 1, 0)),  # ballot fields ignored
    (("ballot", "3", "1", "0", "1", "5", "5"), VoteCounts(VoteMethod.BALLOT, 3, 1, 0, 1, 5, 5)),
    (("ballot", "3", "1", "0", "", "5", ""), "无记名投票表决须填写发出和收回的表决票数（不小于0的整数）。"),
    (("hands", "3", "", "0"), "赞成、反对、弃权票数须填写为不小于0的整数。"),
    (("hands", "三", "1", "0"), "赞成、反对、弃权票数须填写为不小于0的整数。"),
    (("", "3", "1", "0"), "请选择表决方式：举手表决或无记名投票。"),
])
def test_counts_from_the_form(form, expected):
    assert motions.counts_from(*form) == expected
