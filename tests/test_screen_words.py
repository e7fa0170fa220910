"""What the screens say instead of field names, codes and network addresses."""
from votekit.service.hall import meeting_title, ordinal
from votekit.web.words import actor_words, detail_words


def test_audit_details_in_words_without_addresses():
    assert detail_words({"round_id": 3, "pile": "A", "double_entry": True}) == "轮次编号：3；录入份：甲；双人录入：是"
    assert detail_words({"address": "192.168.1.23", "role": "teller"}) == "身份：签到员/计票人"
    assert detail_words({"candidates": ["丁宁", "于波"], "kind": "runoff"}) == "候选人：丁宁、于波；类别：再次投票"
    assert "=" not in detail_words({"appraisal_id": 1, "kind": "admit"})
    assert actor_words("计票人杨帆（192.168.1.23）") == "计票人杨帆（平板）"
    assert actor_words("监票人孙丽（fe80::1）") == "监票人孙丽（平板）"
    assert actor_words("书记（本机）") == "书记（本机）"


def test_meeting_name_and_step_numbers():
    assert meeting_title("中共某某局机关支部委员会") == "中共某某局机关支部党员大会"
    assert meeting_title("中共测试街道第一支部委员会") == "中共测试街道第一支部党员大会"
    assert meeting_title("第三党支部") == "第三党支部党员大会"
    assert [ordinal(n) for n in (1, 9, 10, 12, 20, 21)] == ["一", "九", "十", "十二", "二十", "二十一"]
