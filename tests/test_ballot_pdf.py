"""印制选票 (votekit.pdf.ballot): read back what was printed — QR, text, fonts, geometry."""
import json
import subprocess
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from votekit.core.order import sort_names
from votekit.core.payload import BallotCode, BallotKind, make_payload, parse_payload
from votekit.core.vocabulary import RoundKind
from votekit.pdf.ballot import BallotSpec, Contest, payload_for, problems, render_ballots
from votekit.pdf.ballot_layout import BallotLayout

KEY = b"test-branch-key"
NAMES = ("王建国", "李红梅", "张伟", "刘喆", "陈堃", "杨珺", "赵䶮", "周晓明", "吴敏")


def committee(round_no=1, paper="A4", **kw):
    code = BallotCode("2024ZW", round_no, BallotKind.COMMITTEE)
    return BallotSpec("某某社区第一党支部", (Contest("委员", RoundKind.COMPETITIVE, 7, NAMES),),
                      make_payload(code, KEY), paper=paper, **kw)


def secretary(paper="A4"):
    return BallotSpec("某某社区第一党支部",
                      (Contest("书记", RoundKind.EQUAL, 1, ("王建国",)),
                       Contest("副书记", RoundKind.EQUAL, 1, ("李红梅",))),
                      make_payload(BallotCode("2024ZS", 1, BallotKind.SECRETARY), KEY), paper=paper)


def rasterise(pdf: Path, dpi: int, first=1, last=None) -> list[np.ndarray]:
    prefix = pdf.with_name(f"{pdf.stem}-{dpi}")
    args = ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(first)]
    args += ["-l", str(last)] if last else []
    subprocess.run(args + [str(pdf), str(prefix)], check=True)
    pages = sorted(pdf.parent.glob(f"{prefix.name}-*.pgm"))
    images = [np.asarray(Image.open(p)) for p in pages]
    for p in pages:
        p.unlink()
    return images


def decode(image: np.ndarray) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]


def pdftext(pdf: Path, page=None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(page), "-l", str(page)] if page else [])
    return subprocess.run(args + [str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("ballots")


@pytest.fixture(scope="module")
def printed(out):
    """name -> (spec, layout, pdf) for the papers every test reads."""
    cases = {"w4": (committee(), 2, 1), "w5": (committee(paper="A5"), 3, 0),
             "s4": (secretary(), 2, 0),
             "r4": (committee(2, round_label="再次投票"), 1, 0)}
    done = {}
    for name, (spec, copies, spares) in cases.items():
        pdf = out / f"{name}.pdf"
        done[name] = (spec, render_ballots(spec, copies, pdf, spares=spares), pdf)
    return done


# 150 dpi (the fewer pixels a module) in the fast lane, 300 dpi too in the full run (CI).
@pytest.mark.parametrize("dpi", [150, pytest.param(300, marks=pytest.mark.slow)])
@pytest.mark.parametrize("name, ballots", [("w4", 3), ("w5", 3), ("s4", 2)])
def test_every_qr_decodes_to_the_round_payload(printed, name, ballots, dpi):
    spec, layout, pdf = printed[name]
    texts = [t for image in rasterise(pdf, dpi) for t in decode(image)]
    assert texts == [spec.payload] * ballots
    assert layout.ballots == ballots
    assert parse_payload(texts[0], KEY).ok


def test_a5_prints_two_per_sheet_and_leaves_the_odd_slot_blank(printed):
    _, layout, pdf = printed["w5"]
    pages = rasterise(pdf, 100)
    assert layout.sheets == len(pages) == 2
    assert [len(decode(p)) for p in pages] == [2, 1]


def test_another_round_carries_another_payload(printed):
    first = decode(rasterise(printed["w4"][2], 150, 1, 1)[0])
    second = decode(rasterise(printed["r4"][2], 150, 1, 1)[0])
    assert first and second and first != second
    assert parse_payload(second[0], KEY).code.round_no == 2


def test_every_ballot_of_a_round_is_the_same_page(printed):
    """No serial, no per-ballot mark: all pages rasterise identically."""
    pages = rasterise(printed["w4"][2], 100)
    assert len(pages) == 3
    assert all(np.array_equal(pages[0], p) for p in pages[1:])
    texts = {pdftext(printed["w4"][2], n) for n in (1, 2, 3)}
    assert len(texts) == 1


@pytest.mark.parametrize("name", ["w4", "w5"])
def test_text_layer_has_candidates_in_stroke_order(printed, name):
    text = pdftext(printed[name][2], 1)
    positions = [text.find(n) for n in sort_names(NAMES)]
    assert -1 not in positions and positions == sorted(positions)
    for words in ("中共某某社区第一党支部委员会委员选举选票", "应选委员7名",
                  "所选人数等于或少于7名的为有效票，多于7名的为无效票",
                  "赞成的在候选人姓名上方空格内画“○”，不赞成的画“×”，弃权的不画任何符号",
                  "不赞成的可以另选他人"):
        assert words in text.replace("\n", "").replace(" ", ""), words


def test_secretary_paper_names_both_posts(printed):
    text = pdftext(printed["s4"][2], 1)
    for words in ("书记、副书记选举选票", "应选书记1名、副书记1名", "该候选人下方", "王建国", "李红梅"):
        assert words in text, words
    layout = printed["s4"][1]
    assert [(m.office, m.name) for m in layout.candidate_slots] == [("书记", "王建国"), ("副书记", "李红梅")]
    assert [m.under for m in layout.write_in_slots] == ["王建国", "李红梅"]


def test_round_label_is_printed(printed):
    assert "（再次投票）" in pdftext(printed["r4"][2], 1)
    assert "再次投票" not in pdftext(printed["w4"][2], 1)


@pytest.mark.parametrize("name", ["w4", "w5", "s4"])
def test_every_font_is_embedded(printed, name):
    lines = subprocess.run(["pdffonts", str(printed[name][2])], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert lines, "no fonts listed"
    for line in lines:
        assert line.split()[-5] == "yes", line   # the 'emb' column


def test_write_in_columns_match_seats(printed):
    layout = printed["w4"][1]
    assert [m.name for m in layout.candidate_slots] == sort_names(NAMES)
    assert len(layout.write_in_slots) == 7 and all(m.name is None for m in layout.write_in_slots)


def px(image, dpi, x_mm, y_mm, dx=0.0, dy=0.0):
    return int(image[int((y_mm + dy) * dpi / 25.4), int((x_mm + dx) * dpi / 25.4)])


@pytest.mark.parametrize("name", ["w4", "w5", "s4"])
def test_layout_matches_the_printed_page(printed, name):
    """Fiducials are solid, mark boxes are empty inside and ruled at the edge."""
    _, layout, pdf = printed[name]
    dpi = 150
    sheet = rasterise(pdf, dpi, 1, 1)[0]
    for left, top in layout.slots:
        for f in layout.fiducials:
            assert px(sheet, dpi, left + f.x + f.w / 2, top + f.y + f.h / 2) < 60
        for m in layout.marks:
            for box in (m.mark, m.name_box) if m.kind == "write_in" else (m.mark,):
                assert px(sheet, dpi, left + box.x + box.w / 2, top + box.y + box.h / 2) > 200
                assert px(sheet, dpi, left + box.x, top + box.y + box.h / 2) < 128
        q = layout.qr
        assert px(sheet, dpi, left + q.x + 0.3, top + q.y + 0.3) < 60   # finder pattern corner


def test_layout_is_plain_data_for_the_scan_reader(printed):
    layout = printed["w5"][1]
    data = json.loads(json.dumps(layout.to_dict(), ensure_ascii=False))
    assert BallotLayout.from_dict(data) == layout
    assert data["version"] == 1 and data["paper"] == "A5"
    assert data["slots"] == [[0.0, 0.0], [0.0, 148.5]]
    assert len(data["fiducials"]) == 4 and len(data["marks"]) == 16
    for box in data["fiducials"] + [m["mark"] for m in data["marks"]]:
        assert 0 <= box["x"] and box["x"] + box["w"] <= data["ballot_w"]
        assert 0 <= box["y"] and box["y"] + box["h"] <= data["ballot_h"]


def test_marks_do_not_overlap(printed):
    boxes = [m.mark for m in printed["w4"][1].marks] + [m.name_box for m in printed["w4"][1].marks]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap_w = min(a.x + a.w, b.x + b.w) - max(a.x, b.x)
            overlap_h = min(a.y + a.h, b.y + b.h) - max(a.y, b.y)
            assert overlap_w <= 1e-6 or overlap_h <= 1e-6


def test_printed_and_scanned_still_decodes(printed):
    """200 dpi, turned 2°, speckled with noise and slightly grey: the QR still reads."""
    spec, _, pdf = printed["w4"]
    page = rasterise(pdf, 200, 1, 1)[0]
    turned = np.asarray(Image.fromarray(page).rotate(2, resample=Image.BILINEAR, expand=True,
                                                     fillcolor=255), dtype=np.float64)
    rng = np.random.default_rng(20240601)
    noisy = turned * 0.85 + 20 + rng.normal(0, 25, turned.shape)
    noisy[rng.random(turned.shape) < 0.01] = 0          # dust
    scanned = np.clip(noisy, 0, 255).astype(np.uint8)
    assert decode(scanned) == [spec.payload]


def test_a_forged_round_would_not_pass():
    forged = committee().payload.replace("-1-W-", "-3-W-")
    assert not parse_payload(forged, KEY).ok


@pytest.mark.parametrize("spec, words", [
    (replace(committee(), paper="B5"), "A4或A5"),
    (replace(committee(), payload="vk1-lower"), "大写字母"),
    (replace(committee(), colour="red"), "#RRGGBB"),
    (replace(committee(), payload=make_payload(BallotCode("E", 1, BallotKind.COMMITTEE, 2), KEY)), "版式"),
    (replace(committee(), contests=()), "没有任何选举项目"),
    (replace(committee(), contests=(Contest("委员", RoundKind.COMPETITIVE, 2, ("甲", "甲", "乙")),)), "重名"),
    (replace(secretary(), contests=(Contest("书记", RoundKind.EQUAL, 1, ("甲", "乙")),)), "等额"),
    (replace(committee(paper="A5"), contests=(
        Contest("委员", RoundKind.COMPETITIVE, 30, tuple(f"候选{i:02d}" for i in range(36))),)), "改用A4"),
])
def test_unprintable_specs_are_named(spec, words, tmp_path):
    found = problems(spec)
    assert any(words in p for p in found), found
    with pytest.raises(ValueError):
        render_ballots(spec, 1, tmp_path / "x.pdf")


def test_payload_for_names_the_layout_version():
    text = payload_for("2024ZW", 1, BallotKind.COMMITTEE, KEY)
    assert text == committee().payload
    assert parse_payload(text, KEY).code.layout == 1


def test_a_good_spec_has_no_problems():
    assert problems(committee()) == [] and problems(secretary("A5")) == []


def test_candidates_are_put_in_stroke_order_whatever_the_input(tmp_path):
    layout = render_ballots(replace(committee(), contests=(
        Contest("委员", RoundKind.COMPETITIVE, 7, tuple(reversed(NAMES))),)), 1, tmp_path / "o.pdf")
    assert [m.name for m in layout.candidate_slots] == sort_names(NAMES)


def test_elections_get_distinct_colour_bands(printed):
    assert committee().band_colour != secretary().band_colour
    assert replace(committee(), colour="#123456").band_colour == "#123456"


SURNAMES = "丁于万马王卢田刘许孙李杨吴何张陈林周赵胡钟段徐高黄曹龚彭董蒋韩谢"


@pytest.mark.parametrize("seats, n, paper", [(11, 14, "A5"), (30, 36, "A4"), (5, 6, "A5")])
def test_long_slates_are_tightened_to_fit_and_still_read(tmp_path, seats, n, paper):
    names = tuple(SURNAMES[i % len(SURNAMES)] + "建国强"[i % 3:i % 3 + 1 + i % 2] for i in range(n))
    spec = replace(committee(paper=paper),
                   contests=(Contest("委员", RoundKind.COMPETITIVE, seats, names),))
    assert problems(spec) == []
    layout = render_ballots(spec, 2, tmp_path / "long.pdf")
    assert len(layout.candidate_slots) == n and len(layout.write_in_slots) == seats
    assert [t for p in rasterise(tmp_path / "long.pdf", 150) for t in decode(p)] == [spec.payload] * 2
    qr_top = layout.qr.y - layout.qr.h * 0.17        # nothing inside the QR's quiet zone
    assert max(m.name_box.y + m.name_box.h for m in layout.marks) < qr_top
    text = pdftext(tmp_path / "long.pdf", 1)
    positions = [text.find(name) for name in sort_names(names)]
    assert -1 not in positions
