"""读票 (votekit.scan): a generated corpus of printed, marked and spoiled ballots.

Ballots printed by the app, rasterised at 150 and 300 dpi, marked with
varied pens, then scanned a few degrees off, upside down, blurred, noisy,
JPEG-compressed or photographed at a slant with uneven light.  Every clear
mark is read right, every unclear one goes to a person, and no ballot the
machine calls clear ever says something other than what was drawn.
"""
import random
import zlib

import cv2
import numpy as np
import pytest

from tests import scan_support as S
from votekit.rehearsal import pen as rh
from votekit.scan.reader import read_page

CONDITIONS = ("clean", "scan", "upside", "phone", "phone_upside")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scan-corpus")
    return {"w4": S.print_and_rasterise(S.committee(), folder),
            "w5": S.print_and_rasterise(S.committee(paper="A5", election="M1E3"), folder),
            "s4": S.print_and_rasterise(S.secretary(), folder)}


def _ordered(reading, how):
    """Ballots top to bottom as printed (the sheet may be upside down)."""
    ballots = sorted(reading.ballots, key=lambda b: b.placement.to_px([(0, 0)])[0][1])
    return ballots[::-1] if how.endswith("upside") else ballots


def _corpus(printed, seed: int, pages: int, doubtful: float = 0.6):
    rng = random.Random(seed)
    keys = sorted(printed)
    for n in range(pages):
        name = keys[n % len(keys)]
        dpi = (150, 300)[(n // len(keys)) % 2]
        how = CONDITIONS[n % len(CONDITIONS)]
        image, drawn = S.make_page(printed[name], dpi, how, rng, doubtful=doubtful)
        yield name, dpi, how, image, drawn


def _expected(drawn: S.Drawn, index: int) -> str | None:
    what = drawn.marks[index]
    if drawn.written.get(index):
        return None
    return S.CLEAR_READ.get(what)


@pytest.mark.slow
def test_corpus_clear_marks_read_right_and_doubts_go_to_people(printed):
    look = S.layouts_of(*printed.values())
    tally = {"clear": 0, "clear_to_person": 0, "doubtful": 0}
    for name, dpi, how, image, drawn in _corpus(printed, 2024, 40):
        reading = read_page(image, look, S.KEY)
        where = f"{name} {dpi}dpi {how}"
        assert reading.reasons == () and len(reading.ballots) == len(drawn), where
        for ballot, d in zip(_ordered(reading, how), drawn):
            assert ballot.check == "ok" and ballot.reasons == (), where
            for s in ballot.slots:
                want = _expected(d, s.index)
                if want is None:                      # drawn unclear, or a written name
                    assert s.needs_person, f"{where}: {s.slot.name} {d.marks[s.index]} read {s.mark}"
                    tally["doubtful"] += 1
                elif s.needs_person:                  # clear, but a person looks: allowed, counted
                    tally["clear_to_person"] += 1
                else:
                    assert s.mark.mark == want, f"{where}: {s.slot.name} drew {d.marks[s.index]}"
                    assert s.mark.confidence >= 0.6
                    tally["clear"] += 1
    assert tally["doubtful"] > 30 and tally["clear"] > 300
    assert tally["clear_to_person"] <= 0.03 * (tally["clear"] + tally["clear_to_person"]), tally


@pytest.mark.slow
@pytest.mark.parametrize("what", rh.DOUBTFUL)
@pytest.mark.parametrize("how", ["clean", "scan", "phone"])
def test_every_kind_of_unclear_mark_goes_to_a_person(printed, what, how):
    p = printed["w4"]
    rng = random.Random(zlib.crc32(f"{what}/{how}".encode()))
    image = p.sheets[150 if how == "scan" else 300].copy()
    ppm = (150 if how == "scan" else 300) / 25.4
    marks = {0: "circle", 2: what, 4: "cross"}
    rh.mark_ballot(image, ppm, p.layout, 0, marks, rng, pen=rh.Pen(35, 0.5))
    ballot = read_page(S.spoil(image, how, rng), S.layouts_of(p), S.KEY).ballots[0]
    assert ballot.slots[2].needs_person, ballot.slots[2]
    assert ballot.slots[0].mark.mark == "agree" and ballot.slots[4].mark.mark == "disagree"


def test_a_written_name_always_goes_to_a_person(printed):
    p = printed["w4"]
    image = p.sheets[300].copy()
    writes = [i for i, s in enumerate(p.layout.marks) if s.kind == "write_in"]
    rng = random.Random(5)
    rh.mark_ballot(image, 300 / 25.4, p.layout, 0, {0: "cross", writes[0]: "circle"}, rng,
                   written={writes[0]: True, writes[1]: True})
    ballot = read_page(image, S.layouts_of(p), S.KEY).ballots[0]
    assert ballot.slots[writes[0]].needs_person and ballot.slots[writes[1]].needs_person
    assert "另选人栏写了字" in "".join(ballot.slots[writes[1]].reasons)
    assert not ballot.slots[writes[2]].needs_person


@pytest.mark.slow
def test_no_ballot_called_clear_ever_differs_from_what_was_drawn(printed):
    """Whole ballots: when the machine needs no person, its reading is exactly the drawing."""
    look = S.layouts_of(*printed.values())
    clear = 0
    for name, _dpi, how, image, drawn in _corpus(printed, 77, 20, doubtful=0.2):
        reading = read_page(image, look, S.KEY)
        for ballot, d in zip(_ordered(reading, how), drawn):
            if ballot.needs_person:
                continue
            clear += 1
            assert all(s.mark.mark == _expected(d, s.index) for s in ballot.slots), f"{name} {how}"
    assert clear >= 10


def test_a_page_from_another_round_or_election_or_key_is_refused(printed, tmp_path):
    other = S.print_and_rasterise(S.committee(round_no=2), tmp_path, dpis=(150,))
    foreign = S.print_and_rasterise(S.committee(election="M9E9"), tmp_path, dpis=(150,))
    this_round = S.layouts_of(printed["w4"])
    for p in (other, foreign):
        ballot = read_page(p.sheets[150], this_round, S.KEY).ballots[0]
        assert not ballot.readable and ballot.slots == () and ballot.needs_person
        assert "不认识这张选票的版式" in ballot.reasons[0]
    forged = read_page(printed["w4"].sheets[150], this_round, "another-branch-key").ballots[0]
    assert forged.check == "wrong_check" and not forged.readable and "校验码不符" in forged.reasons[0]


def test_a_page_without_qr_or_corner_squares_goes_to_a_person(printed):
    p = printed["w4"]
    ppm = 150 / 25.4
    blotted = p.sheets[150].copy()
    q = p.layout.qr
    cv2.rectangle(blotted, (int(q.x * ppm), int(q.y * ppm)), (int((q.x + q.w) * ppm), int((q.y + q.h) * ppm)),
                  255, -1)
    page = read_page(blotted, S.layouts_of(p), S.KEY)
    assert page.ballots == () and "找不到二维码" in page.reasons[0]
    one, two = p.sheets[150].copy(), p.sheets[150].copy()
    for sheet, squares in ((one, p.layout.fiducials[:1]), (two, p.layout.fiducials[:2])):
        for f in squares:
            cv2.rectangle(sheet, (int(f.x * ppm) - 2, int(f.y * ppm) - 2),
                          (int((f.x + f.w) * ppm) + 2, int((f.y + f.h) * ppm) + 2), 255, -1)
    ballot = read_page(two, S.layouts_of(p), S.KEY).ballots[0]
    assert "左上、右上" in ballot.reasons[0] and ballot.needs_person
    # one corner off the scanner's glass: each box is checked against its own printed frame
    ballot = read_page(one, S.layouts_of(p), S.KEY).ballots[0]
    assert ballot.reasons == () and not ballot.needs_person
    assert all(s.mark.features["frame_found"] == 4 for s in ballot.slots)


def test_a_blank_page_is_neither_a_ballot_nor_a_doubt():
    page = read_page(np.full((1200, 850), 250, np.uint8), lambda _: None, S.KEY)
    assert page.blank and page.reasons == () and page.ballots == ()


def test_an_a5_sheet_with_one_unreadable_code_says_so(printed):
    p = printed["w5"]
    ppm = 300 / 25.4
    image = p.sheets[300].copy()
    q, top = p.layout.qr, p.layout.slots[1][1]
    cv2.rectangle(image, (int(q.x * ppm), int((q.y + top) * ppm)),
                  (int((q.x + q.w) * ppm), int((q.y + q.h + top) * ppm)), 255, -1)
    page = read_page(image, S.layouts_of(p), S.KEY)
    assert len(page.ballots) == 1 and page.needs_person
    assert "另一张选票的二维码读不出" in page.reasons[0]
