"""民主测评 (RULES.md §10): the per-member tally, and a 测评表 printed, scanned, entered, tallied."""
import subprocess

import numpy
import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from votekit.rehearsal import demo
from votekit.core.appraisal import (GRADES, KEYS, AppraisalSheet, Grade, Rating, percent_text,
                                    rating_of_marks, tally_appraisal)
from votekit.core import appraisal as core_appraisal
from votekit.core.order import sort_names
from votekit.core.payload import BallotKind, parse_payload
from votekit.pdf.appraisal_sheet import SheetSpec, render_sheets
from votekit.service import appraisal, entry, roster, signin
from votekit.store import open_store

E, G, B, F, BLANK, MULTI = (Rating.EXCELLENT, Rating.GOOD, Rating.BASIC, Rating.FAIL, Rating.BLANK,
                            Rating.MULTIPLE)


@pytest.mark.parametrize("part,whole,text", [
    (1, 3, "33.3%"), (2, 3, "66.7%"), (1, 8, "12.5%"), (1, 16, "6.3%"),   # 6.25 → 6.3 (half up)
    (0, 5, "0.0%"), (5, 5, "100.0%"), (1, 7, "14.3%"), (0, 0, "—"),
])
def test_percent_is_exact_and_half_up(part, whole, text):
    assert percent_text(part, whole) == text


def test_more_than_one_grade_is_invalid_for_that_member_only():
    names = ["王建国", "刘洋", "陈静"]
    sheets = [AppraisalSheet.of({"王建国": E, "刘洋": MULTI, "陈静": G}),
              AppraisalSheet.of({"王建国": E, "刘洋": G}),                 # 陈静 left blank
              AppraisalSheet.of({"王建国": G, "刘洋": F, "陈静": B}),
              AppraisalSheet(illegible=True)]                               # invalid for everyone
    result = tally_appraisal(names, sheets, issued=5, returned=4)
    wang, liu, chen = (result.tally_for(n) for n in names)
    assert (wang.counts, wang.blank, wang.invalid) == ((2, 1, 0, 0), 0, 1)
    assert (liu.counts, liu.blank, liu.invalid) == ((0, 1, 0, 1), 0, 2)
    assert (chen.counts, chen.blank, chen.invalid) == ((0, 1, 1, 0), 1, 1)
    assert wang.percent(Grade.EXCELLENT) == "66.7%" and liu.percent(Grade.FAIL) == "50.0%"
    assert not result.void and result.problems == ()


def test_marks_as_a_scan_reader_sees_them():
    assert rating_of_marks([]) is BLANK
    assert rating_of_marks([Grade.GOOD]) is G
    assert rating_of_marks([Grade.GOOD, Grade.FAIL]) is MULTI


def test_more_returned_than_issued_voids_the_round():
    result = tally_appraisal(["王建国"], [AppraisalSheet.of({"王建国": E})] * 3, issued=2, returned=3)
    assert result.void and "须重新测评" in result.problems[0]


ratings = st.sampled_from(list(Rating))


@given(st.lists(st.tuples(ratings, ratings, ratings), max_size=40))
def test_every_sheet_counts_once_per_member(rows):
    names = ["甲", "乙", "丙"]
    sheets = [AppraisalSheet.of(dict(zip(names, row))) for row in rows]
    result = tally_appraisal(names, sheets)
    for i, tally in enumerate(result.members):
        assert tally.rated + tally.blank + tally.invalid == len(sheets)
        for grade in GRADES:
            assert tally.count(grade) == sum(1 for row in rows if row[i].grade is grade)
        assert tally.invalid == sum(1 for row in rows if row[i] is MULTI)


# -- printed, scanned, entered by keyboard, tallied ------------------------------------
@pytest.fixture
def meeting(tmp_path):
    store = open_store(tmp_path / "m.sqlite3")
    meeting_id = demo.create_demo_meeting(store, "测试", "2026-11-22")
    for m in roster.members(store, meeting_id):
        if m.name not in ("郑淑芬", "邓国华"):
            signin.sign_in(store, "测试", m.id)
    yield store, meeting_id
    store.close()


def qr_texts(pdf, tmp_path, pages):
    texts = []
    for page in pages:
        prefix = tmp_path / f"page{page}"
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-f", str(page), "-l", str(page),
                        "-singlefile", str(pdf), str(prefix)], check=True)
        texts += [r.text for r in zxingcpp.read_barcodes(Image.open(f"{prefix}.png"))]
    return texts


def keyboard(names, keys):
    """What the entry screen sends for one sheet typed as one key per member."""
    typed = {name: KEYS[key] for name, key in zip(names, keys)}
    return {"ratings": {n: r.value for n, r in typed.items() if r is not BLANK}}


def test_a_sheet_printed_scanned_entered_and_tallied(meeting, tmp_path):
    store, meeting_id = meeting
    chosen = ["王建国", "刘洋", "陈静", "唐思雨", "周敏"]
    appraisal_id = appraisal.add_appraisal(store, "测试", meeting_id, appraised=chosen).value
    row = appraisal.get_appraisal(store, appraisal_id)
    assert list(row.names) == sort_names(chosen) == ["王建国", "刘洋", "陈静", "周敏", "唐思雨"]
    raters = appraisal.raters_present(store, meeting_id)
    assert raters == 27                        # 23 正式 + 4 预备 signed in (留党察看 gets none)

    pdf = tmp_path / "测评表.pdf"
    spec = SheetSpec(row.title, tuple(row.names), appraisal.payload(store, appraisal_id))
    layout = render_sheets(spec, copies=3, path=pdf, spares=1)
    assert layout.sheets == 4 and len(layout.boxes) == 5 * 4
    texts = qr_texts(pdf, tmp_path, (1, 4))
    assert texts == [spec.payload, spec.payload]                 # one code per round, not per sheet
    code = parse_payload(texts[0], entry.code_key(store)).code
    assert code.kind is BallotKind.APPRAISAL
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert [n for n in sort_names(chosen) if n in text] == list(row.names)
    assert all(g.label in text for g in GRADES)

    found = appraisal.identify(store, texts[0], meeting_id)
    assert found.ok and found.value == appraisal_id
    assert not appraisal.identify(store, texts[0], meeting_id + 1).ok
    assert not appraisal.submit_sheet(store, "测试", appraisal_id, keyboard(row.names, "11111"), "t" * 20).ok
    assert appraisal.record_issued(store, "测试", appraisal_id, 4).ok
    typed = ["11221", "15221", "2234", "1", "44444"]             # 刘洋 double-marked on the 2nd
    for i, keys in enumerate(typed):
        outcome = appraisal.submit_sheet(store, "测试", appraisal_id, keyboard(row.names, keys),
                                         f"token-{i:02d}-abcdefghijk")
        assert outcome.ok == (i < 4), outcome.message                # 5th: more than issued
    again = appraisal.submit_sheet(store, "测试", appraisal_id, keyboard(row.names, "1"),
                                   "token-03-abcdefghijk")
    assert again.ok and again.value["duplicate"]
    assert appraisal.record_returned(store, "测试", appraisal_id, 4).ok
    assert appraisal.close(store, "测试", appraisal_id).ok
    summary = appraisal.summary(store, appraisal_id)
    by_name = {m["name"]: m for m in summary["members"]}
    assert [g["count"] for g in by_name["王建国"]["grades"]] == [3, 1, 0, 0]
    assert by_name["王建国"]["grades"][0]["percent"] == "75.0%"
    assert (by_name["刘洋"]["rated"], by_name["刘洋"]["invalid"], by_name["刘洋"]["blank"]) == (2, 1, 1)
    assert [g["count"] for g in by_name["刘洋"]["grades"]] == [1, 1, 0, 0]
    assert [g["count"] for g in by_name["陈静"]["grades"]] == [0, 2, 1, 0]
    assert [g["count"] for g in by_name["周敏"]["grades"]] == [0, 2, 0, 1]
    assert (by_name["唐思雨"]["rated"], by_name["唐思雨"]["blank"]) == (2, 2)
    assert appraisal.get_appraisal(store, appraisal_id).status == "closed"
    assert not appraisal.identify(store, texts[0], meeting_id).ok  # closed: no more entries


def test_a_ballot_code_is_not_an_appraisal(meeting):
    store, meeting_id = meeting
    first_round = store.rows("rounds")[0]["id"]
    refused = appraisal.identify(store, entry.payload_for_round(store, first_round), meeting_id)
    assert not refused.ok and "不是民主测评表" in refused.message


def test_archive_is_retallied_by_verify(meeting):
    store, meeting_id = meeting
    appraisal_id = appraisal.add_appraisal(store, "测试", meeting_id, appraised=["王建国", "刘洋"]).value
    appraisal.record_issued(store, "测试", appraisal_id, 3)
    for i, keys in enumerate(["12", "51", "0"]):
        assert appraisal.submit_sheet(store, "测试", appraisal_id, keyboard(["王建国", "刘洋"], keys),
                                      f"archive-token-{i:03d}").ok
    items = [i for i in appraisal.archive_data(store, meeting_id) if i["names"] == ["王建国", "刘洋"]]
    assert len(items[0]["sheets"]) == 3 and core_appraisal.recheck_archived(items) == []
    items[0]["summary"]["members"][0]["grades"][0]["count"] += 1
    assert core_appraisal.recheck_archived(items) == ["民主测评“" + items[0]["title"] + "”的汇总与测评表重新统计的结果不符。"]


def ink(image, box, dpi, inset):
    """Mean darkness (0 white … 255 black) inside a layout box, ``inset`` mm from its edges."""
    px = dpi / 25.4
    crop = image.crop((round((box.x + inset) * px), round((box.y + inset) * px),
                       round((box.x + box.w - inset) * px), round((box.y + box.h - inset) * px)))
    return 255 - float(numpy.asarray(crop).mean())


def test_a_filled_sheet_is_read_back_through_its_layout(meeting, tmp_path):
    """The layout says where every box is: a scan of a filled sheet gives back the marks."""
    from PIL import ImageDraw
    store, meeting_id = meeting
    names = ["王建国", "刘洋", "陈静"]
    appraisal_id = appraisal.add_appraisal(store, "测试", meeting_id, appraised=names).value
    row = appraisal.get_appraisal(store, appraisal_id)
    pdf = tmp_path / "sheet.pdf"
    layout = render_sheets(SheetSpec(row.title, tuple(row.names), appraisal.payload(store, appraisal_id)),
                           1, pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-singlefile", str(pdf), str(tmp_path / "scan")],
                   check=True)
    scan = Image.open(tmp_path / "scan.png").convert("L")
    assert max(ink(scan, box, 150, 1.0) for _, _, box in layout.boxes) < 1   # printed boxes are empty
    wanted = {("王建国", "excellent"), ("刘洋", "good"), ("刘洋", "fail")}     # 刘洋 double-marked
    draw = ImageDraw.Draw(scan)
    px = 150 / 25.4
    for name, grade, box in layout.boxes:
        if (name, grade) in wanted:
            cx, cy, r = (box.x + box.w / 2) * px, (box.y + box.h / 2) * px, min(box.w, box.h) * px * 0.3
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=0, width=4)
    found = appraisal.identify(store, zxingcpp.read_barcodes(scan)[0].text, meeting_id)
    assert found.ok and found.value == appraisal_id
    marked = {}
    for name, grade, box in layout.boxes:
        if ink(scan, box, 150, 1.0) > 5:
            marked.setdefault(name, []).append(Grade(grade))
    read = {n: rating_of_marks(marked.get(n, [])) for n in row.names}
    assert read == {"王建国": E, "刘洋": MULTI, "陈静": BLANK}
    appraisal.record_issued(store, "测试", appraisal_id, 1)
    sheet = {"ratings": {n: r.value for n, r in read.items() if r is not BLANK}}
    assert appraisal.submit_sheet(store, "测试", appraisal_id, sheet, "scanned-sheet-0001").ok
    result = appraisal.result(store, appraisal_id)
    assert result.tally_for("刘洋").invalid == 1 and result.tally_for("王建国").count(Grade.EXCELLENT) == 1
