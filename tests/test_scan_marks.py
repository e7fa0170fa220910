"""Each kind of mark people make, on the kit's own printed ballot scanned at 150 and 300 dpi:
a clear ○, ×, or blank is decided; anything else (faint, tiny, a dot, part of a ○, a tick or
slash, a correction, a mark across the edge, a written name) goes to a 监票人 — never read as
another vote.  The marks come from ``bench/omr_corpus.py`` (a simulated ballpoint, seeded)."""
from __future__ import annotations

import pytest

from bench import omr_corpus as C
from votekit.scan.reader import read_page

SEED = 20_261_130
FIRST = 2               # layout.marks index of the third candidate (陈静)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("omr")
    return {p: C.print_ballots(folder, p, dpis=(150, 300)) for p in ("A4", "A5")}


def read(printed, page):
    return read_page(page.image, C.layouts_of(printed), C.KEY)


def slot_outcome(printed, page, index):
    results = C.outcomes(page, read(printed, page), printed[page.paper])
    per_ballot = len(printed[page.paper].layout.marks)
    return [results[n * per_ballot + index] for n in range(len(page.truths))], results


# Every clear kind at 150 dpi in the fast lane, at 300 dpi too in the full run (CI); at 300 dpi
# the fast lane still reads ○, × and blank boxes beside the written-in name and the faint sixth ○.
@pytest.mark.parametrize("dpi", [150, pytest.param(300, marks=pytest.mark.slow)])
@pytest.mark.parametrize("kind", list(C.CLEAN))
def test_a_clear_mark_is_decided_as_drawn(printed, kind, dpi):
    page = C.sheet_with(printed, "A4", dpi, SEED + dpi, {FIRST: kind, 0: "cross", 4: "circle"})
    mine, everything = slot_outcome(printed, page, FIRST)
    for got_kind, did, verdict in mine:
        assert got_kind == kind and verdict == "right" and did == C.EXPECT[kind], (kind, dpi, did)
    assert all(v == "right" for _, _, v in everything)


# Every doubtful kind at 150 dpi in the fast lane, at 300 dpi too in the full run (CI).
@pytest.mark.parametrize("dpi", [150, pytest.param(300, marks=pytest.mark.slow)])
@pytest.mark.parametrize("kind", list(C.DOUBT))
def test_a_doubtful_mark_goes_to_a_person(printed, kind, dpi):
    page = C.sheet_with(printed, "A4", dpi, SEED + dpi, {FIRST: kind, 0: "circle", 5: "cross"})
    mine, everything = slot_outcome(printed, page, FIRST)
    for _, did, _ in mine:
        assert did == "person", (kind, dpi, did)
    assert not any(v == "wrong" for _, _, v in everything)


@pytest.mark.parametrize("dpi", [150, 300])
def test_a_written_in_name_goes_to_a_person(printed, dpi):
    write_in = next(i for i, s in enumerate(printed["A4"].layout.marks) if s.kind == "write_in")
    page = C.sheet_with(printed, "A4", dpi, SEED, {0: "cross", write_in: "write_in"})
    reading = read(printed, page)
    slot = reading.ballots[0].slots[write_in]
    assert "另选人栏写了字，须人工辨认姓名" in slot.reasons
    assert not any(v == "wrong" for _, _, v in C.outcomes(page, reading, printed["A4"]))


@pytest.mark.parametrize("dpi", [150, 300])
def test_a_faint_sixth_circle_for_five_seats_is_sent_to_review(printed, dpi):
    """Read as blank, the faint ○ would turn an invalid ballot (6 ○ for 5 seats) into a valid one."""
    kinds = {i: "circle" for i in range(5)} | {5: "faint_circle"}
    page = C.sheet_with(printed, "A4", dpi, SEED + 5, kinds)
    ballot = read(printed, page).ballots[0]
    assert [s.mark.mark for s in ballot.slots[:5]] == ["agree"] * 5
    assert ballot.slots[5].needs_person and ballot.needs_person
    assert ballot.slots[5].mark.mark != "abstain"


@pytest.mark.parametrize("kind", ["circle", "circle2", "circle_skip", "cross", "tiny_circle", "faint_cross"])
def test_the_narrow_a5_box_reads_the_same(printed, kind):
    page = C.sheet_with(printed, "A5", 150, SEED + 3, {FIRST: kind, 1: "circle"})
    mine, everything = slot_outcome(printed, page, FIRST)
    expect = C.EXPECT[kind]
    assert len(mine) == 2 and all(did == expect for _, did, _ in mine), mine
    assert not any(v == "wrong" for _, _, v in everything)
