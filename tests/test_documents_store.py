"""The Dossier adapter carries what the meeting file recorded for the paperwork: both
approval dates of a member left out of 应到 (printed in the 主持词 and the 报告)."""
from __future__ import annotations

import datetime as dt

from votekit.documents.wording import exclusions
from votekit.service import meetings, roster
from votekit.service.dossier import attendance


def test_exclusion_approval_dates_reach_the_papers(store):
    with store.write():
        made = meetings.create_meeting(store, "记录人", "中共测试支部委员会", "2026-11-22")
    meeting_id = made.value if hasattr(made, "value") and made.value else 1
    with store.write():
        for name in ("丁宁", "于波", "万伟", "马龙", "王芳"):
            roster.add_member(store, "记录人", meeting_id, name)
    member = next(m for m in roster.members(store, meeting_id) if m.name == "王芳")
    with store.write():
        done = roster.set_exclusion(store, "记录人", member.id, 5, "2026-10-30", "2026-11-22",
                                    "外出学习")
    assert done.ok, done.message
    att = attendance(store, meeting_id)
    (left,) = att.excluded
    assert (left.higher_approved_on, left.meeting_approved_on) == (dt.date(2026, 10, 30),
                                                                   dt.date(2026, 11, 22))
    assert "经上级党组织于2026年10月30日同意、党员大会于2026年11月22日表决通过" in exclusions(att)


def test_blanks_are_listed_before_printing():
    from tests.documents_support import scenario
    from votekit.documents.gaps import blanks
    short = blanks(scenario("shortfall"))
    assert "换届选举请示的成文日期（请示落款）" in short
    assert "通过选举办法的举手表决票数（主持词、会议记录）" in short
    assert any("发展对象基本情况" in b for b in short)
    full = blanks(scenario("plain"))
    assert not any("成文日期" in b or "选举办法" in b or "发展对象" in b or "联系人" in b
                   for b in full)


def test_facts_recorded_for_the_papers_fill_their_blanks(store):
    from votekit.documents.model import HandVote
    from votekit.service import paper_facts
    from votekit.service.dossier import with_facts
    from tests.documents_support import scenario
    with store.write():
        made = meetings.create_meeting(store, "记录人", "中共测试支部委员会", "2026-11-22")
    meeting_id = made.value if made.value else 1
    refused = paper_facts.set_facts(store, "记录人", meeting_id,
                                    {"rules_vote_agree": "二十", "rules_vote_disagree": "0",
                                     "rules_vote_abstain": "0"})
    assert not refused.ok and "0到9999的整数" in refused.message
    assert paper_facts.facts(store, meeting_id) == {}                  # nothing half-saved
    done = paper_facts.set_facts(store, "记录人", meeting_id, {
        "rules_vote_agree": "27", "rules_vote_disagree": "0", "rules_vote_abstain": "1",
        "contact_person": "成秀英", "contact_phone": "0531-12345678", "plenary_recorder": "叶䶮"})
    assert done.ok, done.message
    d = with_facts(scenario("shortfall"), paper_facts.facts(store, meeting_id))
    assert d.rules_vote == HandVote(27, 0, 1) and d.tellers_vote is None
    assert d.meeting.contact_phone == "0531-12345678" and d.plenary.recorder == "叶䶮"
    from votekit.documents.gaps import blanks
    left = blanks(d)
    assert not any("选举办法" in b or "联系人" in b or "记录人" in b for b in left)
    assert any("监票人、计票人名单" in b for b in left)
