"""``votekit read-scan``: per page the QR and round, every mark with its confidence,
the 另选人 ink, and the reasons a page needs a person — as text or JSON."""
import json
import random

import cv2
from click.testing import CliRunner

from tests import scan_support as S
from votekit.cli.scan import read_scan_command
from votekit.rehearsal import pen as rh


def test_read_scan_prints_marks_and_reasons(tmp_path):
    p = S.print_and_rasterise(S.committee(), tmp_path, dpis=(200,))
    (tmp_path / "layout.json").write_text(json.dumps(p.layout.to_dict(), ensure_ascii=False), encoding="utf-8")
    image = p.sheets[200].copy()
    rh.mark_ballot(image, 200 / 25.4, p.layout, 0, {0: "circle", 1: "cross", 2: "tick"}, random.Random(2),
                   pen=rh.Pen(30, 0.6))
    cv2.imwrite(str(tmp_path / "page.png"), image)
    args = [str(tmp_path / "page.png"), "--layout", str(tmp_path / "layout.json"), "--key", S.KEY]
    result = CliRunner().invoke(read_scan_command, args + ["--json"])
    assert result.exit_code == 0, result.output
    page = json.loads(result.output)["pages"][0]
    ballot = page["ballots"][0]
    assert ballot["payload"] == p.layout.payload and ballot["round"] == 1 and ballot["check"] == "ok"
    marks = {m["name"]: m for m in ballot["marks"]}
    names = [s.name for s in p.layout.marks[:3]]
    assert marks[names[0]]["mark"] == "agree" and marks[names[0]]["confidence"] >= 0.6
    assert marks[names[1]]["mark"] == "disagree" and marks[names[2]]["mark"] == "doubtful"
    assert any(names[2] in r for r in ballot["needs_person"])
    assert all(w["name_ink_mm2"] == 0 for w in ballot["write_ins"])
    text = CliRunner().invoke(read_scan_command, args).output
    assert "委员选举第1轮" in text and "校验通过" in text and f"委员·{names[0]}\t○ 赞成" in text
    assert "须人工处理：" in text and "既不像○也不像×" in text


def test_read_scan_without_a_key_says_unchecked_and_a_bad_file_is_reported(tmp_path):
    p = S.print_and_rasterise(S.committee(), tmp_path, dpis=(150,))
    (tmp_path / "l.json").write_text(json.dumps(p.layout.to_dict()), encoding="utf-8")
    cv2.imwrite(str(tmp_path / "blank.png"), p.sheets[150])
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4 broken")
    result = CliRunner().invoke(read_scan_command, [str(tmp_path / "blank.png"), str(tmp_path / "junk.pdf"),
                                                    "--layout", str(tmp_path / "l.json"), "--json"])
    pages = json.loads(result.output)["pages"]
    assert pages[0]["ballots"][0]["check"] == "unchecked"
    assert "未核对二维码校验码" in pages[0]["ballots"][0]["needs_person"][0]
    assert pages[1]["error"] == "PDF文件损坏或无法打开"


def test_read_scan_reads_page_by_page_within_the_upload_limits(tmp_path, monkeypatch):
    """The command keeps the web upload's limits: pages over the budget are counted and named,
    a broken file between good ones is named while the others are read."""
    from reportlab.pdfgen import canvas

    from votekit.scan import pages as scan_pages
    pdf = tmp_path / "五页.pdf"
    c = canvas.Canvas(str(pdf))
    for _ in range(5):
        c.showPage()
    c.save()
    (tmp_path / "坏.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    p = S.print_and_rasterise(S.committee(), tmp_path, dpis=(150,))
    cv2.imwrite(str(tmp_path / "好.png"), p.sheets[150])
    budget = scan_pages.Budget
    monkeypatch.setattr(scan_pages, "Budget", lambda: budget(pages=3))
    files = [str(tmp_path / n) for n in ("好.png", "坏.png", "五页.pdf")]
    result = CliRunner().invoke(read_scan_command, files + ["--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert [e["file"] for e in out["pages"] if "error" in e] == ["坏.png"]
    assert len([e for e in out["pages"] if "error" not in e]) == 3       # 好.png + 2 of 五页.pdf
    assert "另有3页没有读" in out["notice"] and "五页.pdf3页" in out["notice"]
    text = CliRunner().invoke(read_scan_command, files).output
    assert "无法读取" in text and "另有3页没有读" in text
