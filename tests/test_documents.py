"""Every document in three scenarios, checked against the recorded facts through the PDFs.

plain (every fact recorded), runoff (tie → 再次投票, a member leaves before it) and
shortfall (另行选举, no 副书记, no request date: blanks to fill).  Each scenario's set is
written once per module."""
from __future__ import annotations

import re
import zipfile

import pytest
from docx import Document

from tests.documents_support import check_golden, flat, pdf_text, scenario
from votekit.documents.bundle import write_documents
from votekit.documents.wording import agenda, cn_date

VARIANTS = ("plain", "runoff", "shortfall")
BRANCH = "中共清河街道机关第二支部委员会"
ALWAYS = ["00-换届选举请示", "01-主持词", "02-计票结果报告单", "03-选举办法草案", "04-签到表",
          "05-关于选举结果的报告", "06-关于审批选举结果的请示", "07-公示", "08-会议记录",
          "09-归档目录", "10-支部大会决议", "11-监票人报告单", "12-候选人名单",
          "13-第一次全体会议记录"]


@pytest.fixture(scope="module")
def sets(demo_documents):
    out = {}
    for variant in VARIANTS:
        d, folder, written = demo_documents(variant)       # written once per run (conftest.py)
        texts = {p.stem: pdf_text(p) for p in (folder / "pdf").glob("*.pdf")}
        out[variant] = (d, folder, written, texts)
    return out


def text(sets, variant, name) -> str:
    """The PDF's words as one string, page numbers left out (a sentence may cross a page)."""
    return flat(re.sub(r"—\s*\d+\s*—|第 \d+ 页", "", sets[variant][3][name]))


def in_order(text: str, names) -> bool:
    at = 0
    for name in names:
        at = text.find(name, at)
        if at < 0:
            return False
        at += len(name)
    return True


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_document_as_pdf_and_docx(sets, variant):
    _, folder, written, _ = sets[variant]
    pdfs = sorted(p.stem for p in (folder / "pdf").glob("*.pdf"))
    assert pdfs == ALWAYS + ["14-民主测评汇总表"]         # every variant holds a 民主测评
    assert sorted(p.stem for p in (folder / "docx").glob("*.docx")) == pdfs
    for stem in pdfs:
        doc = Document(str(folder / "docx" / f"{stem}.docx"))
        footer = doc.sections[0].footer._element.xml
        assert "PAGE" in footer, stem                         # page numbers
        assert doc.core_properties.created.year == 2026, stem


@pytest.mark.parametrize("variant", VARIANTS)
def test_tally_sheet_agrees_with_every_round(sets, variant):
    d, _, written, _ = sets[variant]
    sheet = text(sets, variant, "02-计票结果报告单")
    for r in d.rounds:
        v = r.verdict
        for name in r.record.candidates:
            c = v.count_for(name)
            assert f"{name}{c.agree}{c.disagree}{c.abstain}" in sheet, (r.label, name)
        assert f"实到会有选举权人数{v.present}" in sheet
        assert f"发出选票{r.issued}张收回选票{r.returned}张有效票{v.valid_ballots}张" in sheet
    assert "另选林小燕1——" in sheet                             # written with the ordinary 林                               # the first round's write-in
    for v in d.voids:                                           # declared void: 发出/收回, no count
        assert f"发出选票{v.issued}张收回选票{v.returned}张清点结果" in sheet
    assert sheet.count("计票人：宋佳（签名）") == len(d.rounds) + len(d.voids)   # each page signed
    for vote in d.plenary.votes:                                # the 书记 sheet speaks of 委员
        assert f"第一次全体会议{vote.post}选举" in sheet
    assert "应到会委员人数5实到会委员人数5" in sheet and sheet.count("计票人：") > len(d.rounds)
    assert written.root in sheet and written.records_root in sheet


@pytest.mark.parametrize("variant", VARIANTS)
def test_one_agenda_and_one_membership_breakdown(sets, variant):
    d = sets[variant][0]
    items = agenda(d)
    assert in_order(text(sets, variant, "00-换届选举请示"), items)
    assert in_order(text(sets, variant, "01-主持词"), items)
    script = text(sets, variant, "01-主持词")
    assert in_order(script[script.index("一、"):], [f"、{item}" for item in items[-1:]])  # a step too
    assert in_order(text(sets, variant, "08-会议记录"), [f"{i}．{t}" for i, t in
                                                        enumerate(items, start=1)])
    assert "民主评议" not in "".join(items) or "民主评议" in text(sets, variant, "08-会议记录")
    parts = d.attendance.breakdown()
    assert sum(n for _, n in parts) == d.attendance.total_members
    phrase = "、".join(f"{label}{n}名" for label, n in parts)
    for name in ("00-换届选举请示", "01-主持词", "05-关于选举结果的报告", "08-会议记录"):
        assert phrase in text(sets, variant, name), name


@pytest.mark.parametrize("variant", VARIANTS)
def test_report_gives_every_count_and_write_in(sets, variant):
    d = sets[variant][0]
    report = text(sets, variant, "05-关于选举结果的报告")
    for r in d.rounds:
        for name in r.record.candidates:
            c = r.verdict.count_for(name)
            assert f"{name}同志赞成{c.agree}票、不赞成{c.disagree}票、弃权{c.abstain}票" in report
    assert "另选他人林小燕同志1票" in report
    assert in_order(report, ["特此报告。", "附件：1．", d.meeting.branch_name,
                             cn_date(d.report_date), "（联系人："])
    minutes = text(sets, variant, "08-会议记录")
    for r in d.rounds:
        c = r.verdict.count_for(r.record.candidates[0])
        assert f"{r.record.candidates[0]}赞成{c.agree}票、不赞成{c.disagree}票" in minutes
    res = d.resolutions[0]
    assert f"赞成{res.agree}票，反对{res.against}票，弃权{res.abstain}票，通过" in minutes


def test_posts_follow_what_was_elected(sets):
    for name, body in sets["shortfall"][3].items():
        assert "副书记" not in flat(body), name
    assert "关于审批支部委员会委员和书记选举结果的请示" in text(sets, "shortfall", "06-关于审批选举结果的请示")
    assert "二、书记及委员分工" in text(sets, "shortfall", "07-公示")
    assert "关于审批支部委员会委员和书记、副书记选举结果的请示" in text(sets, "plain", "06-关于审批选举结果的请示")
    assert "选举王建国同志为书记；叶䶮同志为副书记" in text(sets, "plain", "06-关于审批选举结果的请示")


def test_request_has_its_signer_and_a_date_or_a_blank(sets):
    blank = text(sets, "shortfall", "00-换届选举请示")
    assert in_order(blank, ["妥否，请批复。", "附件：", BRANCH,
                            "____年__月__日", "（联系人：________"])
    dated = text(sets, "plain", "00-换届选举请示")
    assert in_order(dated, [BRANCH, "2026年9月10日", "（联系人：周敏，联系电话：010-62345678）"])
    assert "向支部委员会（联系电话：010-62345678）反映" in text(sets, "plain", "07-公示")   # the recorded phone
    assert "向支部委员会反映" in text(sets, "shortfall", "07-公示")
    doc = Document(str(sets["shortfall"][1] / "docx" / "00-换届选举请示.docx"))
    words = [p.text for p in doc.paragraphs]
    assert any(w.startswith(BRANCH) for w in words)
    assert any("____年__月__日" in w for w in words)


def test_exclusion_is_voted_with_its_approval_dates(sets):
    plain = text(sets, "plain", "01-主持词")
    assert "审议不计入应到会人数的党员名单" in plain
    assert "经上级党组织于2026年10月30日同意、党员大会于2026年11月19日表决通过" in plain
    assert "表决结果：赞成21人，不赞成0人，弃权0人。名单获得通过。" in plain
    assert "选举办法（赞成21人，不赞成0人，弃权0人）" in text(sets, "plain", "08-会议记录")
    blank = text(sets, "shortfall", "01-主持词")     # the dates are recorded, the hands are not
    assert "经上级党组织于2026年10月30日同意" in blank and "赞成____人" in blank


def test_script_numbering_spoken_lines_and_ballot_paper(sets):
    d = sets["runoff"][0]
    script = text(sets, "runoff", "01-主持词")
    numerals = re.findall(r"([一二三四五六七八九十]+)、(?=[审报通宣检投清计再另其])", script)
    expected = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
                "十三", "十四", "十五", "十六"]
    assert numerals[:len(expected)] == expected[:len(numerals)]
    assert "9．" not in script
    revote = script[script.index("、再次投票"):]
    assert "另选他人栏" not in revote and "不另选他人" in revote
    assert "现在到会有选举权的党员20人（徐明同志10:25中途离会）" in script    # from the frozen roll
    for r in d.rounds:
        assert f"剩余{r.left_over}张，其中{r.ballots_spoiled}张已由监票人当场剪角作废，留存{r.kept}张" in script
    assert "请用黑色或蓝色笔填写" in script and "蓝黑" not in script
    assert "委托非候选人按本人意志代写" in text(sets, "runoff", "03-选举办法草案")
    from votekit.documents.script import host_script
    cues = [b.text for b in host_script(d).blocks if getattr(b, "style", "") == "cue"]
    assert all(c.startswith("（") and c.endswith("）") for c in cues), cues


def test_resolution_carries_the_applicant(sets):
    plain = text(sets, "plain", "10-支部大会决议")
    for field in ("林晓", "1998年3月", "街道党政办公室科员", "王建国、叶䶮", "主要表现",
                  "政治立场坚定"):
        assert field in plain
    assert "中共清河街道机关第二支部党员大会决议" in plain
    assert "盖章后逐级上报审批" in plain and "委员会党员大会" not in plain


def test_appraisal_summary_is_printed_from_the_tally(sets):
    d = sets["plain"][0]
    item = dict(d.other_votes)["appraisals"][0]
    sheet = text(sets, "plain", "14-民主测评汇总表")
    for row in item["summary"]["members"]:
        first = row["grades"][0]
        assert f"{row['name']}{first['count']}（{first['percent']}）" in sheet, row["name"]
    assert (f"民主评议党员（{item['title']}）：发出测评表{item['issued']}张，收回{item['returned']}张"
            in text(sets, "plain", "08-会议记录"))
    assert (item["issued"], item["returned"]) == (25, 24)    # 正式 and 预备 present, one not handed back
    from votekit.documents.verify import verify_archive
    assert verify_archive(sets["plain"][2].archive, sets["plain"][2].root).ok   # re-tallied


def test_new_documents(sets):
    d = sets["runoff"][0]
    names = text(sets, "runoff", "12-候选人名单")
    assert in_order(names, d.election.candidates) and "差额比例20%" in names
    first = text(sets, "runoff", "13-第一次全体会议记录")
    assert "召集人王建国" in first and "王建国赞成5票、不赞成0票、弃权0票，当选" in first
    assert "叶䶮赞成4票、不赞成0票、弃权1票，当选" in first and "刘洋任组织委员" in first
    index = text(sets, "runoff", "09-归档目录")
    for title in ("换届选举请示", "选举办法", "候选人名单", "签到表", "计票结果报告单", "主持词",
                  "关于选举结果的报告", "公示", "党员大会会议记录", "支部委员会第一次全体会议记录",
                  "监票人报告单", "支部大会决议"):
        assert title in index, title
    assert sets["runoff"][2].root in index


@pytest.mark.parametrize("variant", VARIANTS)
def test_golden_text(sets, variant):
    for name, body in sorted(sets[variant][3].items()):
        if name in ("02-计票结果报告单", "09-归档目录"):   # they print the fingerprints
            body = re.sub(r"[0-9a-f]{16,64}", "#", body)
        check_golden(f"{variant}/{name}", body)


@pytest.mark.slow      # the fast lane: test_archive.py::test_cli_documents_writes_the_demo_set
def test_output_is_deterministic(tmp_path, sets):
    from votekit.rehearsal.demo import demo_dossier
    again = write_documents(demo_dossier("runoff"), tmp_path)     # played again, not the kept copy
    assert again.root == sets["runoff"][2].root
    with zipfile.ZipFile(again.archive) as zf:
        assert zf.read("MANIFEST") == zipfile.ZipFile(sets["runoff"][2].archive).read("MANIFEST")


OFFICIAL = ("00-换届选举请示", "03-选举办法草案", "05-关于选举结果的报告", "06-关于审批选举结果的请示",
            "07-公示")
SIGNATURE = re.compile(r"^(.*：.*（签名）.*|日期：.*|.*年.*月.*日|—\d+—|第\d+页|中共.*委员会|（联系人.*|"
                       r"计票记录指纹.*|归档根指纹.*|[0-9a-f]{64}|（党支部盖章）.*)$")


@pytest.mark.parametrize("variant", VARIANTS)
def test_typesetting_of_every_page(sets, variant):
    """禁则, whole names, no page with only a 落款/signature, nothing outside the margins."""
    from tests.documents_support import bbox_pages
    from votekit.pdf.linebreak import NO_START
    from votekit.documents.wording import people
    d, folder = sets[variant][0], sets[variant][1]
    names = [n for n in people(d) if len(n) > 1]
    mm = 72 / 25.4
    for pdf in sorted((folder / "pdf").glob("*.pdf")):
        for number, page in enumerate(bbox_pages(pdf), start=1):
            where = f"{pdf.stem} p.{number}"
            lines = [ln for ln in page["lines"] if ln[4].strip()]
            official = pdf.stem in OFFICIAL
            left, right = (28, 26) if official else (25, 20)     # GB/T 9704 type area / forms
            for x0, y0, x1, y1, words in lines:
                if not re.fullmatch(r"—\d*—?", words):     # page number "— 1 —", an empty cell "—"
                    assert words[0] not in NO_START, (where, words)
                assert x0 >= (left - 1) * mm and x1 <= page["width"] - (right - 1) * mm, (where, words)
                assert y0 >= 10 * mm and y1 <= page["height"] - 8 * mm, (where, words)
            for a, b in zip(lines, lines[1:]):
                joined = a[4] + b[4]
                for name in names:
                    at = joined.find(name)
                    while at >= 0:
                        assert not (at < len(a[4]) < at + len(name)), (where, name, a[4], b[4])
                        at = joined.find(name, at + 1)
            body = [ln[4] for ln in lines if not SIGNATURE.match(ln[4].replace(" ", ""))]
            assert body, f"{where} holds only a 落款/signature block"


def test_every_pdf_in_the_archive_carries_a_real_date(sets):
    d, _, written, _ = sets["plain"]
    with zipfile.ZipFile(written.archive) as zf:
        pdfs = {n: zf.read(n) for n in zf.namelist() if n.endswith(".pdf")}
    assert any(n.startswith("specimens/") for n in pdfs)
    for name, data in pdfs.items():
        stamps = set(re.findall(rb"/CreationDate \(D:(\d{8})", data))
        assert stamps and stamps <= {b"20260919", b"20261119", b"20261120", b"20260910"}, (name, stamps)


def test_seats_reduced_by_a_show_of_hands_instead_of_another_round(tmp_path):
    import dataclasses

    from votekit.core.verdict import judge
    d = scenario("shortfall")
    first = d.rounds[0]
    rec = dataclasses.replace(first.record, seat_reduction_yes=20)
    first = dataclasses.replace(first, record=rec, verdict=judge(rec))
    assert first.verdict.seats_reduced_to == 3
    d = dataclasses.replace(d, rounds=(first,), plenary=None)
    write_documents(d, tmp_path)
    sentence = "实到会有选举权的党员21人，20人同意，超过半数），减少委员名额，新一届支部委员会由3名委员组成，不再另行选举。"
    for name in ("01-主持词", "02-计票结果报告单", "05-关于选举结果的报告", "08-会议记录"):
        body = flat(re.sub(r"—\s*\d+\s*—|第 \d+ 页", "", pdf_text(tmp_path / "pdf" / f"{name}.pdf")))
        assert sentence in body, name
        assert "就不足的2个名额另行选举" not in body, name
