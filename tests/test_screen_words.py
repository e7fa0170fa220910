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


def test_a_refused_slate_or_teller_list_keeps_what_was_entered(tmp_path):
    import re

    from votekit.service.database import open_database
    from votekit.web import create_app
    from tests.counting_fixtures import build_meeting
    db = tmp_path / "slate.sqlite3"
    with open_database(db) as store:
        m = build_meeting(store, issued=0)
    c = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True}).test_client()
    page = c.get(f"/e/{m.election_id}/slate").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    few = ["丁宁", "于波", "万伟"]                                   # 3 for 5 seats: refused
    r = c.post(f"/e/{m.election_id}/candidates", data={"csrf_token": token, "candidate": few})
    page = r.get_data(as_text=True)
    assert "flash error" in page
    ticked = re.findall(r'<input type="checkbox" name="candidate" value="([^"]+)" checked>', page)
    assert ticked == few
    r = c.post(f"/e/{m.election_id}/tellers", data={"csrf_token": token, "scrutineers": "丁宁、查无此人",
                                                       "counters": "杨帆"})
    page = r.get_data(as_text=True)
    assert "flash error" in page and 'value="丁宁、查无此人"' in page and 'value="杨帆"' in page


def test_an_exclusion_with_one_approval_is_a_caution_not_a_success(tmp_path):
    import re

    from votekit.service import roster
    from votekit.service.database import open_database
    from votekit.web import create_app
    from tests.counting_fixtures import build_meeting
    db = tmp_path / "excl.sqlite3"
    with open_database(db) as store:
        m = build_meeting(store, issued=0)
        member = next(r for r in roster.members(store, m.meeting_id) if r.name == "韩雪").id
    c = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True}).test_client()
    page = c.get(f"/member/{member}/edit").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    page = c.post(f"/member/{member}/exclusion", data={"csrf_token": token, "reason": "2",
                  "higher_approved_on": "2026-11-01"}, follow_redirects=True).get_data(as_text=True)
    assert '<p class="flash warn">' in page and "暂仍计入应到会人数" in page and "flash ok" not in page


def test_stroke_order_checked_once_and_the_term_request_recorded(tmp_path):
    import re

    from votekit.service import meetings, slate
    from votekit.service.database import open_database
    from votekit.web import create_app
    from tests.counting_fixtures import build_meeting
    db = tmp_path / "checks.sqlite3"
    with open_database(db) as store:
        m = build_meeting(store, issued=0)
        from votekit.service import roster
        assert roster.add_member(store, "书记", m.meeting_id, "叶䶮").ok
        names = ("丁宁", "于波", "万伟", "马龙", "王芳", "叶䶮")
        assert slate.set_candidates(store, "书记", m.election_id, names).ok
        doubtful = slate.view(store, m.election_id).to_confirm
        assert doubtful == ("叶䶮",)
        assert meetings.update_meeting(store, "书记", m.meeting_id, date="2099-12-01",
                                       term_expires_on="2099-12-20").ok
    c = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True}).test_client()
    page = c.get(f"/m/{m.meeting_id}").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    assert "换届选举请示应于" in page
    assert "请核对笔画顺序：叶䶮" in page
    c.post(f"/e/{m.election_id}/strokes-checked", data={"csrf_token": token, "back": "dashboard"})
    page = c.get(f"/m/{m.meeting_id}").get_data(as_text=True)
    assert "请核对笔画顺序" not in page
    c.post(f"/m/{m.meeting_id}/edit", data={"csrf_token": token, "branch": "中共测试街道第一支部委员会",
                                            "date": "2099-12-01", "term_expires_on": "2099-12-20",
                                            "term_request_sent_on": "2099-10-01"})
    page = c.get(f"/m/{m.meeting_id}").get_data(as_text=True)
    assert "换届选举请示已于2099-10-01报送上级党委，等待批复" in page
    c.post(f"/m/{m.meeting_id}/edit", data={"csrf_token": token, "branch": "中共测试街道第一支部委员会",
                                            "date": "2099-12-01", "term_expires_on": "2099-12-20",
                                            "term_request_sent_on": "2099-10-01",
                                            "term_request_approved_on": "2099-10-20"})
    page = c.get(f"/m/{m.meeting_id}").get_data(as_text=True)
    assert "换届选举请示" not in page


def test_the_dashboard_names_the_kind_of_election_and_each_round(tmp_path):
    from votekit.service.database import open_database
    from votekit.web import create_app
    from tests.counting_fixtures import build_meeting
    db = tmp_path / "dash.sqlite3"          # (was a folder of its own that no one removed)
    with open_database(db) as store:
        m = build_meeting(store)
    page = create_app({"DATABASE": str(db), "SECRET_KEY": "t", "TESTING": True}).test_client() \
        .get(f"/m/{m.meeting_id}").get_data(as_text=True)
    assert "差额选举，应选5名" in page and "<td>第一轮投票</td>" in page
