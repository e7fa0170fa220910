"""GB/T 9704-2012 layout of the 报告 and 请示, measured from the PDF (pdftotext -bbox-layout)."""
from __future__ import annotations

import re

import pytest

from tests.documents_support import bbox_pages, played_dossier
from votekit.documents.bundle import papers, render

MM = 72 / 25.4
TOP, LEFT, WIDTH, HEIGHT = 37 * MM, 28 * MM, 156 * MM, 225 * MM
PITCH = HEIGHT / 22
CJK = re.compile(r"^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”]+$")
OFFICIAL = ["00-换届选举请示", "05-关于选举结果的报告", "06-关于审批选举结果的请示",
            "03-选举办法草案", "07-公示"]


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layout")
    out = {}
    for paper in papers(played_dossier(), "0" * 64):
        if paper.name in OFFICIAL:
            path = folder / f"{paper.name}.pdf"
            render(paper, path)
            out[paper.name] = bbox_pages(path)
    return out


def body_lines(page):
    """Lines inside the type area (page numbers excluded)."""
    return [ln for ln in page["lines"] if ln[3] <= TOP + HEIGHT + 1 * MM]


@pytest.mark.parametrize("name", OFFICIAL)
def test_page_is_a4(measured, name):
    for page in measured[name]:
        assert page["width"] == pytest.approx(595.28, abs=0.5)
        assert page["height"] == pytest.approx(841.89, abs=0.5)


@pytest.mark.parametrize("name", OFFICIAL)
def test_margins_and_type_area(measured, name):
    everything = [ln for page in measured[name] for ln in body_lines(page)]
    assert min(ln[0] for ln in everything) == pytest.approx(LEFT, abs=1 * MM)  # left 28 mm
    for page in measured[name]:
        lines = body_lines(page)
        assert min(ln[0] for ln in lines) >= LEFT - 1 * MM
        assert max(ln[2] for ln in lines) <= LEFT + WIDTH + 1 * MM             # 156 mm wide
        assert min(ln[1] for ln in lines) >= TOP - 1 * MM                      # top 37 mm
        assert max(ln[3] for ln in lines) <= TOP + HEIGHT + 1 * MM             # 225 mm high


@pytest.mark.parametrize("name", OFFICIAL)
def test_22_lines_on_the_grid(measured, name):
    """Every line of one size sits at the same place in its grid row; at most 22 rows."""
    for page in measured[name]:
        rows, offsets = set(), {}
        for _x0, y0, _x1, y1, _text in body_lines(page):
            size = round(y1 - y0)
            offsets.setdefault(size, []).append((y1 - TOP) % PITCH)
            rows.add(int((y0 - TOP) // PITCH))
        for size, found in offsets.items():
            assert max(found) - min(found) < 0.5, (size, found)
        assert min(rows) >= 0 and max(rows) <= 21 and len(rows) <= 22


def test_full_lines_hold_28_characters_and_reach_the_right_edge(measured):
    full = []
    for name in OFFICIAL:
        for page in measured[name]:
            for x0, y0, x1, y1, text in body_lines(page):
                if y1 - y0 == pytest.approx(16, abs=0.2) and CJK.match(text):
                    assert len(text) <= 28, text
                    if x0 == pytest.approx(LEFT, abs=1) and len(text) == 28:
                        full.append(text)
                        assert x1 == pytest.approx(LEFT + WIDTH, abs=1 * MM), text
    assert len(full) >= 10


def test_body_is_3hao_title_2hao_page_number_4hao(measured):
    pages = measured["05-关于选举结果的报告"]
    title = pages[0]["lines"][0]
    assert title[3] - title[1] == pytest.approx(22, abs=0.2)
    assert (title[0] + title[2]) / 2 == pytest.approx(LEFT + WIDTH / 2, abs=1)   # centred
    sizes = {round(ln[3] - ln[1]) for ln in body_lines(pages[0])[1:]}
    assert sizes == {16}
    for number, page in enumerate(pages, start=1):
        folio = [ln for ln in page["lines"] if ln[1] > TOP + HEIGHT]
        assert len(folio) == 1 and folio[0][4].replace(" ", "") == f"—{number}—"
        assert folio[0][3] - folio[0][1] == pytest.approx(14, abs=0.2)
        right = LEFT + WIDTH - folio[0][2]
        left = folio[0][0] - LEFT
        assert (right if number % 2 else left) == pytest.approx(14, abs=2)  # one character in


def test_addressee_flush_left_paragraphs_indented_date_four_characters_in(measured):
    lines = [ln for page in measured["05-关于选举结果的报告"] for ln in body_lines(page)]
    addressee = next(ln for ln in lines if ln[4].endswith("委员会："))
    assert addressee[0] == pytest.approx(LEFT, abs=0.5)
    first = next(ln for ln in lines if ln[4].startswith("经"))
    assert first[0] == pytest.approx(LEFT + 2 * WIDTH / 28, abs=1)
    date = next(ln for ln in lines if ln[4] == "2026年11月20日")
    assert LEFT + WIDTH - date[2] == pytest.approx(4 * WIDTH / 28, abs=1.5)
    signer = lines[lines.index(date) - 1]
    assert signer[4] == "中共清河街道机关第二支部委员会"
