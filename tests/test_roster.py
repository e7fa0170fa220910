"""Roster import: CSV and .xlsx, all or nothing, every problem reported by line in Chinese."""
import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from votekit.rehearsal.scenario import roster_csv, roster_xlsx, scenario
from votekit.core.vocabulary import MemberStatus
from votekit.service import meetings, roster, signin
from votekit.store import open_store



@pytest.fixture
def meeting_id(store):
    return meetings.create_meeting(store, "书记", "中共测试支部委员会", "2026-11-22").value


def xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_demo_roster_imports_from_csv_and_xlsx(store, meeting_id):
    assert roster.import_roster(store, "书记", meeting_id, "名册.xlsx", roster_xlsx(scenario())).value == 30
    other = meetings.create_meeting(store, "书记", "中共另一支部委员会", "2026-11-22").value
    assert roster.import_roster(store, "书记", other, "名册.csv", roster_csv(scenario())).value == 30
    statuses = [m.status.value for m in roster.members(store, meeting_id)]
    assert statuses.count("full") == 25 and statuses.count("probationary") == 4
    assert statuses.count("disciplined") == 1


@pytest.mark.parametrize("word, status", [
    ("正式", MemberStatus.FULL), ("正式党员", MemberStatus.FULL), ("预备", MemberStatus.PROBATIONARY),
    ("预备党员", MemberStatus.PROBATIONARY), ("留党察看", MemberStatus.DISCIPLINED),
    ("中止", MemberStatus.SUSPENDED), ("权利中止", MemberStatus.SUSPENDED)])
def test_status_words(store, meeting_id, word, status):
    data = f"姓名,身份\n张伟,{word}\n".encode()
    assert roster.import_roster(store, "书记", meeting_id, "r.csv", data).ok
    assert roster.core_members(store, meeting_id)[0].status is status


def test_gbk_csv_from_excel_and_spaced_names(store, meeting_id):
    data = "姓名,性别,身份,党小组\n张  伟,男,正式,一组\n欧阳·明,女,预备,二组\n".encode("gbk")
    outcome = roster.import_roster(store, "书记", meeting_id, "名册.csv", data)
    assert outcome.ok, outcome.messages
    assert {m.name for m in roster.members(store, meeting_id)} == {"张伟", "欧阳·明"}


BAD_FILES = [
    ("r.csv", "名字,身份\n张伟,正式\n".encode(), "没有“姓名”列"),
    ("r.csv", "姓名,性别\n张伟,男\n".encode(), "没有“人员类别”列"),
    ("r.csv", "姓名,身份\n张伟,正式\n李娜,正式\n张伟,预备\n".encode(), "第4行：姓名“张伟”与第2行重复"),
    ("r.csv", "姓名,身份\n张伟,正式\n,正式\n".encode(), "第3行：姓名为空"),
    ("r.csv", "姓名,身份\n张伟,积极分子\n".encode(), "第2行：人员类别“积极分子”无法识别"),
    ("r.csv", "姓名,身份\n张伟,\n".encode(), "第2行：人员类别未填写"),
    ("r.csv", "姓名,性别,身份\n张伟,公,正式\n".encode(), "第2行：性别“公”应填男或女"),
    ("r.csv", "姓名,身份\n张伟,正式,多余\n".encode(), "第2行：列数多于表头"),
    ("r.csv", "姓名,身份\n\"张伟,正式\n".encode(), "CSV格式错误"),
    ("r.csv", b"", "文件是空的"),
    ("r.csv", "姓名,身份\n".encode(), "只有表头"),
    ("r.csv", b"\xff\xfe\x00\xd8garbage\x81", "编码无法识别"),
    ("r.xlsx", b"not a zip file", "无法作为Excel"),
    ("r.xls", b"\xd0\xcf\x11\xe0", "不支持旧版.xls"),
    ("r.pdf", b"%PDF", "不支持的文件类型"),
    ("r.xlsx", xlsx([["姓名", "身份"], ["张伟", "正式"], [None, None], ["李娜", "观察"]]), "第4行：人员类别“观察”"),
    ("r.xlsx", xlsx([["姓名", "身份"], ["张伟", "正式"], ["张伟", "正式"]]), "第3行：姓名“张伟”与第2行重复"),
]


@pytest.mark.parametrize("filename, data, words", BAD_FILES)
def test_bad_files_import_nothing(store, meeting_id, filename, data, words):
    before = store.count("audit")
    outcome = roster.import_roster(store, "书记", meeting_id, filename, data)
    assert not outcome.ok
    assert any(words in m for m in outcome.messages), outcome.messages
    assert store.count("members") == 0
    assert store.count("audit") == before


def test_every_bad_line_is_listed(store, meeting_id):
    data = "姓名,身份\n张伟,正式\n,正式\n王芳,团员\n张伟,正式\n".encode()
    messages = roster.import_roster(store, "书记", meeting_id, "r.csv", data).messages
    assert [m[:3] for m in messages[1:]] == ["第3行", "第4行", "第5行"]


def test_a_name_already_on_the_roster(store, meeting_id):
    roster.import_roster(store, "书记", meeting_id, "a.csv", "姓名,身份\n张伟,正式\n".encode())
    outcome = roster.import_roster(store, "书记", meeting_id, "b.csv", "姓名,身份\n李娜,正式\n张伟,正式\n".encode())
    assert not outcome.ok and "第3行：“张伟”已在名册中" in outcome.message
    assert store.count("members") == 1


def test_replace_is_refused_once_people_signed_in(store, meeting_id):
    roster.import_roster(store, "书记", meeting_id, "a.csv", "姓名,身份\n张伟,正式\n".encode())
    signin.sign_in(store, "书记", roster.members(store, meeting_id)[0].id)
    outcome = roster.import_roster(store, "书记", meeting_id, "b.csv", "姓名,身份\n李娜,正式\n".encode(), replace=True)
    assert not outcome.ok and "不能整体替换名册" in outcome.message


@settings(max_examples=30)
@given(names=st.lists(st.sampled_from("张王李赵刘陈杨黄周吴"), min_size=2, max_size=12, unique=True),
       bad=st.integers(0, 11))
def test_one_bad_row_anywhere_blocks_the_whole_file(tmp_path_factory, names, bad):
    rows = [f"{n}{n}明,正式" for n in names]
    bad %= len(rows)
    rows[bad] = f"{names[bad]}某,未知身份"
    with open_store(tmp_path_factory.mktemp("p") / "r.sqlite3") as s:
        meeting_id = meetings.create_meeting(s, "书记", "中共测试支部委员会", "2026-11-22").value
        outcome = roster.import_roster(s, "书记", meeting_id, "r.csv", ("姓名,身份\n" + "\n".join(rows)).encode())
        assert not outcome.ok and f"第{bad + 2}行" in outcome.message
        assert s.count("members") == 0


def test_hand_edits_and_duplicates(store, meeting_id):
    first = roster.add_member(store, "书记", meeting_id, "张伟", "正式", "男")
    assert first.ok
    assert "已在名册中" in roster.add_member(store, "书记", meeting_id, "张 伟").message
    assert "无法识别" in roster.add_member(store, "书记", meeting_id, "李娜", "群众").message
    assert roster.update_member(store, "书记", first.value, "张伟", "预备", "男").ok
    assert roster.core_members(store, meeting_id)[0].status is MemberStatus.PROBATIONARY
    assert roster.remove_member(store, "书记", first.value).ok
    assert store.count("members") == 0


def test_exclusion_counts_only_with_both_approvals(store, meeting_id):
    roster.import_roster(store, "书记", meeting_id, "r.csv", "姓名,身份\n张伟,正式\n李娜,正式\n王芳,预备\n".encode())
    ids = {m.name: m.id for m in roster.members(store, meeting_id)}
    half = roster.set_exclusion(store, "书记", ids["张伟"], 2, "2026-11-01", None)
    assert half.ok and half.value is False and "暂仍计入" in half.message
    assert signin.quorum(store, meeting_id).expected == 2
    both = roster.set_exclusion(store, "书记", ids["张伟"], 2, "2026-11-01", "2026-11-22")
    assert both.ok and both.value is True
    assert signin.quorum(store, meeting_id).expected == 1
    assert not roster.set_exclusion(store, "书记", ids["王芳"], 2, "2026-11-01", "2026-11-22").ok
    assert not roster.set_exclusion(store, "书记", ids["李娜"], 7).ok
    assert "格式不对" in roster.set_exclusion(store, "书记", ids["李娜"], 1, "11月1日").message
    assert roster.clear_exclusion(store, "书记", ids["张伟"]).ok
    assert signin.quorum(store, meeting_id).expected == 2
