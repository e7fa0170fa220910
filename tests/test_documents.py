"""Every document of the demo election, checked through its PDF text layer."""
from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document

from tests.documents_support import check_golden, flat, pdf_text
from votekit.documents.bundle import write_documents
from votekit.rehearsal.scenario import CANDIDATES, demo_dossier

PDFS = ["00-换届选举请示", "01-主持词", "02-计票结果报告单", "03-选举办法草案", "04-签到表",
        "05-关于选举结果的报告", "06-关于审批支部委员会书记副书记的请示", "07-公示",
        "08-会议记录", "09-归档目录", "10-支部大会决议", "11-监票人报告单"]


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    out = {}
    for variant in ("runoff", "shortfall", "plain"):
        folder = tmp_path_factory.mktemp(variant)
        written = write_documents(demo_dossier(variant), folder)
        texts = {name: pdf_text(folder / "pdf" / f"{name}.pdf") for name in PDFS}
        out[variant] = (folder, written, texts)
    return out


@pytest.fixture(scope="module")
def runoff(sets):
    return sets["runoff"]


def in_order(text: str, names) -> bool:
    """Each of ``names`` occurs after the previous one."""
    at = 0
    for name in names:
        at = text.find(name, at)
        if at < 0:
            return False
        at += len(name)
    return True


def test_the_full_set_is_written(runoff):
    folder, written, _ = runoff
    assert sorted(p.stem for p in (folder / "pdf").glob("*.pdf")) == PDFS
    assert {p.stem for p in (folder / "docx").glob("*.docx")} == {
        "00-换届选举请示", "01-主持词", "03-选举办法草案", "05-关于选举结果的报告",
        "06-关于审批支部委员会书记副书记的请示", "08-会议记录"}
    assert len(written.files) == len(PDFS) + 6


@pytest.mark.parametrize("name", PDFS)
def test_fonts_are_embedded(runoff, name):
    import subprocess
    folder = runoff[0]
    rows = subprocess.run(["pdffonts", str(folder / "pdf" / f"{name}.pdf")], check=True,
                          capture_output=True, text=True).stdout.splitlines()[2:]
    assert rows
    assert all(row.split()[-5] == "yes" for row in rows), rows


def test_tally_sheet_numbers_names_and_signatures(runoff):
    _, written, texts = runoff
    text = flat(texts["02-计票结果报告单"])
    d = demo_dossier()
    first = d.rounds[0].verdict
    for name in CANDIDATES:
        c = first.count_for(name)
        assert re.search(f"{name}{c.agree}{c.disagree}{c.abstain}", text), name
    assert "另选谷雨1——" in text                            # the write-in row
    assert in_order(text, CANDIDATES)
    assert "应到会有选举权人数30实到会有选举权人数28" in text
    assert "发出选票28张收回选票28张有效票27张无效票1张" in text
    assert "朱红、钱学林同志得票相等（各17票）" in text
    assert text.count("监票人：汤小雨（签名）") == 2 and text.count("计票人：纪云（签名）") == 2
    assert "监票人：苏晓东（签名）" in text                    # the plenary's scrutineer
    assert f"归档指纹（SHA-256）：{written.records_root}" in text
    assert text.count("计票结果报告单") >= 4                   # one sheet per round


def test_script_follows_the_flowchart_with_real_numbers(runoff):
    text = flat(runoff[2]["01-主持词"])
    steps = ["一、报告到会情况", "二、通过选举办法", "三、宣布候选人名单", "四、推选监票人、计票人",
             "五、检查票箱、发放选票", "六、投票", "七、清点选票，宣布选举是否有效", "八、计票",
             "九、宣布选举结果", "十、再次投票", "十一、检查票箱", "十四、计票", "十五、宣布选举结果"]
    assert in_order(text, steps)
    assert "应到会有选举权的正式党员30人，实到28人，超过应到会人数的五分之四，符合规定，会议有效。" in text
    assert "本轮选举发出选票28张，收回28张，收回的选票等于发出的选票，选举有效。" in text
    assert "名单如下（以姓氏笔画为序）：丁海燕、叶䶮、朱红、苏晓东、郑凯、钱学林。" in text
    assert "当选为中共市统计局机关第一支部委员会委员（按姓氏笔画为序）：丁海燕、叶䶮、苏晓东、郑凯。" in text
    assert "当选为中共市统计局机关第一支部委员会委员（按姓氏笔画为序）：朱红。" in text
    assert "不能委托他人代为投票" in text and "另行选举" not in text


def test_script_wording_for_another_election_and_a_plain_one(sets):
    shortfall = flat(sets["shortfall"][2]["01-主持词"])
    assert "尚缺1名。根据选举办法，就不足的1个名额另行选举。" in shortfall
    assert "下面就不足的名额进行另行选举" in shortfall and "再次投票" not in shortfall
    plain = flat(sets["plain"][2]["01-主持词"])
    assert "另行选举" not in plain.replace("不足的名额另行选举", "") and "再次投票" not in plain
    assert "（按姓氏笔画为序）：丁海燕、叶䶮、朱红、苏晓东、郑凯。" in plain


def test_report_to_the_higher_committee(runoff):
    text = flat(re.sub(r"\n—\s*\d+\s*—\n", "\n", runoff[2]["05-关于选举结果的报告"]))
    assert text.startswith("关于支部委员会换届选举结果的报告中共市统计局机关委员会：")
    assert "池明远同志工作调动或外出学习工作半年以上，经上级党组织同意并经党员大会通过，不计入应到会人数" in text
    assert "应到会有选举权的正式党员30名，实到28名（卞志刚同志病假、鲁振华同志出差）" in text
    assert "无记名投票、差额选举" in text
    assert "丁海燕同志赞成25票、不赞成1票、弃权1票" in text and "另选他人谷雨同志1票" in text
    assert "丁海燕、叶䶮、朱红、苏晓东、郑凯同志（按姓氏笔画为序）当选为" in text
    assert "选举郑凯同志为支部委员会书记（赞成5票、不赞成0票、弃权0票）" in text
    assert "叶䶮同志任组织委员，苏晓东同志任宣传委员，朱红同志任纪检委员" in text
    assert in_order(text, ["特此报告。", "附件：1．", "2．计票结果报告单",
                           "中共市统计局机关第一支部委员会", "2026年11月20日"])


def test_requests_rules_and_the_rest(runoff):
    texts = {k: flat(v) for k, v in runoff[2].items()}
    req = texts["00-换届选举请示"]
    for field in ("我支部现有党员32名", "2023年11月24日选举产生", "2026年11月23日任期届满",
                  "会议形式", "会期半天", "会议主要议程", "设委员5名，其中书记1名、副书记1名",
                  "候选人产生程序", "丁海燕、叶䶮、朱红、苏晓东、郑凯、钱学林", "妥否，请批复。"):
        assert field in req, field
    rules = texts["03-选举办法草案"]
    assert "（草案）" in rules and "本办法经党员大会表决通过后生效。" in rules
    assert "候选人6名，差额1名，差额比例20%" in rules and "至少须到会25名" in rules
    assert "选举郑凯同志为书记；丁海燕同志为副书记" in texts["06-关于审批支部委员会书记副书记的请示"]
    assert "书记：郑凯；副书记：丁海燕；组织委员：叶䶮" in texts["07-公示"]
    assert "第一轮：发出选票28张" in texts["08-会议记录"]
    assert "主持人：郑凯（签名）" in texts["08-会议记录"] and "记录人：成秀英" in texts["08-会议记录"]
    assert "计票结果报告单" in texts["09-归档目录"] and runoff[1].records_root in texts["09-归档目录"]
    assert "赞成27票，反对0票，弃权1票" in texts["10-支部大会决议"]
    sign_in = texts["04-签到表"]
    assert "请假（病假）" in sign_in and "预备党员，无表决权" in sign_in
    assert in_order(sign_in, ["丁海燕", "于立军", "仇晓梅", "郑凯", "黎明"])


def test_docx_says_what_the_pdf_says(runoff):
    folder = runoff[0]
    doc = Document(str(folder / "docx" / "05-关于选举结果的报告.docx"))
    text = "".join(p.text for p in doc.paragraphs)
    assert "丁海燕同志赞成25票、不赞成1票、弃权1票" in text
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28


@pytest.mark.parametrize("name", PDFS)
def test_golden_text(runoff, name):
    check_golden(name, runoff[2][name])


def test_output_is_deterministic(tmp_path, runoff):
    again = write_documents(demo_dossier(), tmp_path)
    assert again.root == runoff[1].root
    with zipfile.ZipFile(again.archive) as zf:
        assert zf.read("MANIFEST") == zipfile.ZipFile(runoff[1].archive).read("MANIFEST")
