"""A box found by its own printed frame: the near miss of another table's line, a ○ in the
next box, a slanted box in a curled photo, a shadow's edge, two A5 ballots on one slanted
page.  Each case once sent a clean box to a person (or read a mark wrongly)."""
from __future__ import annotations

import math
import random

import cv2
import numpy as np
import pytest

from bench import omr_corpus as C
from bench.omr_pen import Pen, Sheet, clear_pen, cross, scribble
from votekit.scan import frame, photo, placement
from votekit.scan.crops import MEASURE_PPM
from votekit.scan.marks import classify, read_box
from votekit.scan.namebox import stray_ink
from votekit.scan.reader import _read_scan, read_page

DPI = 200


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("frame")
    return {p: C.print_ballots(folder, p, dpis=(150, DPI)) for p in ("A4", "A5")}


def _placed(image, printed, paper):
    """(layout, H) of every ballot on an unspoiled page, top first."""
    look = C.layouts_of(printed)
    out = []
    for code in placement.find_codes(image):
        layout = look(code.text)
        out.append((layout, placement.place(image, layout, code), code))
    return sorted(out, key=lambda t: t[1].to_px([(0, 0)])[0][1])


def _moved(H, dx_mm=0.0, dy_mm=0.0, turn_deg=0.0, about=(0.0, 0.0)):
    """H with the ballot moved and turned a little about a point (mm): the placement a
    curled or stretched page leaves for one box."""
    a = math.radians(turn_deg)
    cx, cy = about
    R = np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]])
    to, back = np.array([[1, 0, -cx], [0, 1, -cy], [0, 0, 1]]), np.array([[1, 0, cx + dx_mm], [0, 1, cy + dy_mm], [0, 0, 1]])
    return H @ back @ R @ to


def test_a_box_placed_nearer_the_next_tables_line_still_finds_its_own(printed):
    """A5: the 另选人 table starts 2.1 mm under the names; with the placement 1.3 mm off, that
    table's line is nearer where the name cell's bottom line should be than its own."""
    image = printed["A5"].sheets[DPI]
    layout, placed, _ = _placed(image, printed, "A5")[0]
    H = _moved(placed.H, dy_mm=1.3)
    for slot in layout.marks[:6]:
        box = frame.inside(image, H, slot.name_box)
        size = (box.frame[1] - box.frame[0]) / MEASURE_PPM
        assert abs(size - slot.name_box.h) < 0.4, (slot.name, size)
    write_in = layout.marks[7].mark
    got = classify(frame.inside(image, _moved(placed.H, dy_mm=-1.3), write_in))
    assert got.mark == "abstain" and not got.reasons, got


def _ring(sheet, cx, cy, r, pen):
    pts = [(cx + r * math.cos(t), cy + r * math.sin(t)) for t in np.linspace(0, 2.1 * math.pi, 90)]
    sheet.stroke(pts, pen, random.Random(1))


def test_two_circles_either_side_of_a_shared_line_are_two_clear_circles(printed):
    """A4: the 符号 boxes share their side lines; a ○ that comes near the line from the next
    box is not this box's ○ leaving it."""
    layout = printed["A4"].layout
    left, right = layout.marks[1].mark, layout.marks[2].mark
    pen = Pen(0.6, 0.9, 0.1)
    sheet = Sheet(printed["A4"].sheets[DPI], DPI)
    r = 9.0
    y = left.y + left.h / 2
    _ring(sheet, left.x + left.w - 1.0 - r, y, r, pen)           # 1 mm from the shared line
    _ring(sheet, right.x + 1.2 + r, y + 1.0, r, pen)               # 1.2 mm from it, on the other side
    image = sheet.finish()
    _, placed, _ = _placed(image, printed, "A4")[0]
    for box in (left, right):
        got = classify(frame.inside(image, placed.H, box))
        assert got.mark == "agree" and not got.reasons, got


def test_a_circle_running_out_through_the_line_still_goes_to_a_person(printed):
    layout = printed["A4"].layout
    box = layout.marks[1].mark
    sheet = Sheet(printed["A4"].sheets[DPI], DPI)
    _ring(sheet, box.x + box.w / 2 + 4.0, box.y + box.h / 2, 10.0, Pen(0.5, 0.9, 0.1))   # 2 mm past the right line
    image = sheet.finish()
    _, placed, _ = _placed(image, printed, "A4")[0]
    got = classify(frame.inside(image, placed.H, box))
    assert got.mark == "doubtful" and any("越出方框" in r for r in got.reasons), got


@pytest.mark.parametrize("turn", [-5.0, 5.0])
def test_a_slanted_box_is_cut_again_onto_its_own_lines(printed, turn):
    """After curl a box lies turned by some degrees against the page's fit: its frame lines
    would cross the corners of the inside; fitted to its own lines, a blank box is blank."""
    image = printed["A4"].sheets[DPI]
    layout, placed, _ = _placed(image, printed, "A4")[0]
    for slot in layout.marks[:3]:
        box = slot.mark
        H = _moved(placed.H, turn_deg=turn, about=(box.x + box.w / 2, box.y + box.h / 2))
        got = read_box(image, H, box)
        assert got.mark == "abstain" and not got.reasons, (slot.name, got)
        assert stray_ink(image, H, slot.name_box) == 0, slot.name


@pytest.mark.parametrize("seed", [13, 51, 158, 0, 1])
def test_a_scribble_over_a_cross_is_not_a_cross(printed, seed):
    """Scribbled out: the zigzag leaves ink off the ×'s two strokes (seeds 13, 51 and 158 of
    the corpus pen once read as a clear ×)."""
    layout = printed["A4"].layout
    box = layout.marks[2].mark
    rng = random.Random(seed)
    sheet = Sheet(printed["A4"].sheets[DPI], DPI)
    pen = clear_pen(rng)
    cross(sheet, box, (0, 0), rng, pen)
    scribble(sheet, box, (0, 0), rng, pen)
    image = sheet.finish()
    _, placed, _ = _placed(image, printed, "A4")[0]
    got = classify(frame.inside(image, placed.H, box))
    assert got.mark == "doubtful", got


@pytest.mark.parametrize("edge_px", [3, 6])
def test_a_shadow_edge_across_a_photo_leaves_no_pale_band(edge_px):
    """Evening out the light must not leave a darker band along a sharp shadow's edge (it
    read as a faint trace in a blank box): the paper comes out even within 2 %."""
    h, w = 800, 600
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    shade = 1 - 0.4 / (1 + np.exp(np.clip(-(xx - 0.6 * yy - 150) / edge_px, -50, 50)))
    flat = photo.flatten(np.clip(235 * shade, 0, 255).astype(np.uint8)).astype(np.float32)
    off = np.abs(flat[40:-40, 40:-40] - photo.PAPER) / photo.PAPER
    assert float(np.percentile(off, 99)) < 0.02


def test_a_corner_square_taken_by_both_a5_ballots_goes_to_the_one_it_fits(printed):
    image = printed["A5"].sheets[150]
    placed = _placed(image, printed, "A5")
    (lay_a, a, code_a), (lay_b, b, code_b) = placed
    assert placement.taken_twice([(lay_a, code_a, a), (lay_b, code_b, b)]) == {}
    # the lower ballot takes the upper one's bottom-left square for its own top-left
    wrong = placement.Placement(b.H, b.px_per_mm, b.found, (), (a.squares[2],) + b.squares[1:])
    taken = placement.taken_twice([(lay_a, code_a, a), (lay_b, code_b, wrong)])
    assert list(taken) == [1]
    again = placement.place(image, lay_b, code_b, tuple(taken[1]))
    assert np.linalg.norm(again.squares[0] - b.squares[0]) < 2


def test_a_faint_thin_cross_at_150_dpi_goes_to_a_person(printed):
    layout = printed["A5"].layout
    box = layout.marks[2].mark
    sent = []
    for seed in range(6):
        rng = random.Random(seed)
        sheet = Sheet(printed["A5"].sheets[150], 150)
        cross(sheet, box, (0, 0), rng, Pen(0.2, 0.13, 0.3), 0.8)
        image = C.scan(sheet.finish(), 150, random.Random(100 + seed))
        reading = read_page(image, C.layouts_of(printed), C.KEY)
        sent.append(sorted(b.slots[2].mark.mark for b in reading.ballots))   # the other A5 ballot is blank
    assert all(m == ["abstain", "doubtful"] for m in sent), sent


def test_a_shadow_across_a_photographed_sheet_does_not_make_its_outline(printed):
    """Corpus photo (seed 49): the shadow cuts a corner off the sheet's bright region, and that
    cut outline was the most A4-like; the sheet's own outline has an edge all along its sides.
    Straightened on it, the sheet reads at the first try, every mark as drawn."""
    page = C.sheet_with(printed, "A5", DPI, 49, {0: "circle", 3: "cross"}, source="phone")
    image = cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY)
    straightened = photo.flatten(photo.straighten(image, photo.find_sheet(image)))
    reading = _read_scan(straightened, C.layouts_of(printed), C.KEY, "", 1)
    assert len(reading.ballots) == 2 and not reading.needs_person
    assert all(v == "right" for _, _, v in C.outcomes(page, reading, printed["A5"]))
