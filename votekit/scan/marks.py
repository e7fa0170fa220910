"""One 符号 box: ○, × or empty — or "a person must look".

The box is cut out upright at 8 px/mm with 3 mm around it.  Its printed frame
lines are found again locally (so a curled page or a slightly stretched scan
still measures the inside of the box), then the ink inside is measured:

- **empty**: (almost) no ink and no faint traces;
- **○**: a ring — ink all round the centre of the ink, nothing near it;
- **×**: two strokes crossing — ink at the centre and four arms along the
  diagonals, nothing in between;
- anything else is **doubtful** with Chinese reasons: faint or erased ink,
  too little ink, a dot, several separate marks, ink crossing the frame, a
  shape that is neither ring nor cross (a tick ✓, ⊗, a scribble), too small.

Ink is measured against the box's own print: the darkness of its frame lines
in this scan sets how dark ink must be, strokes are grown from their dark
cores into their pale grain (hysteresis), and any faint trace big enough to be
a pen's (not dust) is ink a person must see — never read as blank.

The thresholds lean one way only: when in doubt, a person decides.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from votekit.pdf.ballot_layout import Box
from votekit.scan.crops import MEASURE_PPM, pieces
from votekit.scan.frame import Inside, crossings, inside, refitted
from votekit.scan.shapes import is_cross, is_ring, measure_shape

INK = 0.45            # darkness of ink, as a share of the box's own printed frame
WEAK = 0.18           # ...of the pale edges and grain of a stroke that has ink in it
FAINT = 0.09          # absolute darkness of a faint trace (smoothed), above scanner noise
SPECK = 0.2           # mm²: smaller specks are dust (a ballpoint pressed once leaves 0.25 mm² or more)
FAINT_BLOB = 0.3      # mm²: a faint trace this big is ink a person must see
FAINTEST = 0.03       # the palest line a person still sees (a hard pencil, a dry pen) …
FAINTEST_BLOB = 2.0   # … once it runs on for this many mm²
STRONG_MARK = 0.38    # a clear pen stroke is at least this dark (its darkest tenth)
PALE = 2.5            # mm² of a mark that is pale all along: part of it faded or rubbed out
SMALL = 2.0           # mm: a ○ reaching less than this from its middle is too small
SMALL_REACH = 1.8     # mm: so is a × whose longest arms reach less than this from the crossing
AGREE, DISAGREE, ABSTAIN, DOUBTFUL = "agree", "disagree", "abstain", "doubtful"


@dataclass(frozen=True)
class MarkReading:
    mark: str                      # agree / disagree / abstain / doubtful
    confidence: float              # 0..1; a clear reading is ≥ 0.6
    reasons: tuple[str, ...] = ()  # why a person must look (empty when clear)
    guess: str = ""                # for a doubtful box: what it looks most like
    features: dict = field(default_factory=dict, compare=False)

    @property
    def clear(self) -> bool:
        return self.mark != DOUBTFUL


def clean_ink(dark: np.ndarray, print_dark: float = 1.0) -> tuple[np.ndarray, int]:
    """Ink mask, grown from the dark cores of strokes into their pale edges and grain
    (hysteresis), without dust; and how many specks were dropped."""
    strong = dark > INK * print_dark
    if not strong.any():                 # nothing dark enough to grow from (most blank boxes)
        return np.zeros(dark.shape, bool), 0
    weak = (dark > WEAK * print_dark).astype(np.uint8)
    n, labels, stats, _ = pieces(weak)
    keep = np.zeros(n, bool)
    keep[np.unique(labels[strong])] = True
    keep[0] = False
    small = stats[:, cv2.CC_STAT_AREA] < SPECK * MEASURE_PPM ** 2
    specks = int((keep & small).sum())
    keep &= ~small
    return keep[labels], specks


def pale_part(dark: np.ndarray, ink: np.ndarray, print_dark: float) -> float:
    """mm² of a mark's ink that is pale all along, away from its dark strokes (half a ○
    rubbed out, a stroke that faded): the grain between dark stretches does not count."""
    strong = (dark > INK * print_dark).astype(np.uint8)
    near = cv2.dilate(strong, np.ones((7, 7), np.uint8)) > 0
    return float((ink & ~near).sum()) / MEASURE_PPM ** 2


def faint_far(dark: np.ndarray, ink: np.ndarray) -> float:
    """mm² of faint traces away from any ink or dust (a faded pen, a hard pencil, an
    erasure): smoothed against scanner grain, only blobs big enough to be a pen's."""
    smooth = cv2.GaussianBlur(dark, (0, 0), 1.0)
    if smooth.max() <= FAINTEST:         # not a trace anywhere (most blank boxes)
        return 0.0
    dark_spots = (ink | (dark > INK * 0.8)).astype(np.uint8)       # ink, and dust too small to be ink
    near = cv2.dilate(dark_spots, np.ones((7, 7), np.uint8)) > 0
    total = 0.0
    for level, blob in ((FAINT, FAINT_BLOB), (FAINTEST, FAINTEST_BLOB)):   # a spot, or a long pale line
        faint = ((smooth > level) & ~near).astype(np.uint8)
        if faint.sum() < blob * MEASURE_PPM ** 2:      # too little to make one blob that big
            continue
        n, _, stats, _ = pieces(faint)
        areas = stats[1:, cv2.CC_STAT_AREA]
        total = max(total, float(areas[areas >= blob * MEASURE_PPM ** 2].sum()) / MEASURE_PPM ** 2)
    return total


def _components_apart(ink: np.ndarray) -> bool:
    """Two or more separate marks more than 2 mm apart."""
    n, _, stats, _ = pieces(ink.astype(np.uint8))
    if n <= 2:
        return False
    gap = 2 * MEASURE_PPM
    boxes = [stats[i, :4] for i in range(1, n)]
    for i, (x, y, w, h) in enumerate(boxes):
        for x2, y2, w2, h2 in boxes[i + 1:]:
            dx = max(x2 - (x + w), x - (x2 + w2), 0)
            dy = max(y2 - (y + h), y - (y2 + h2), 0)
            if max(dx, dy) > gap:
                return True
    return False


def _ink_reasons(box: Inside, dark: np.ndarray, ink: np.ndarray, area: float, faint: float,
                 feats: dict) -> list[str]:
    """Why a person must look at a mark's ink, whatever its shape."""
    reasons = []
    if area < 2.5:
        reasons.append("笔迹太少（一点或一短划），看不出是○还是×")
    if feats["strength"] < STRONG_MARK:
        reasons.append("笔迹很淡，须人工确认")
    pale = pale_part(dark, ink, box.print)
    feats["pale_mm2"] = round(pale, 2)
    if pale >= PALE and pale >= 0.1 * area:
        reasons.append("符号有一部分很淡（可能擦改过）")
    sides = crossings(box, INK * box.print)
    if sides:
        reasons.append("符号越出方框（" + "、".join(sides) + "边）")
    if faint > 0:
        reasons.append("方框内有淡笔迹或擦改痕迹")
    if _components_apart(ink):
        reasons.append("方框内有几处分开的笔迹")
    return reasons


def classify(box: Inside) -> MarkReading:
    """○ / × / empty with a confidence, or doubtful with the reasons."""
    (r0, r1), (c0, c1) = box.rows, box.cols
    dark = box.dark[r0:r1, c0:c1]
    ink, specks = clean_ink(dark, box.print)
    area = float(ink.sum()) / MEASURE_PPM ** 2
    faint = faint_far(dark, ink)
    strength = float(np.percentile(dark[ink], 90)) if ink.any() else 0.0
    feats = {"ink_mm2": round(area, 2), "faint_mm2": round(faint, 2), "specks": specks,
             "frame_found": box.frame_found, "print": round(box.print, 2), "strength": round(strength, 3)}
    reasons = ["方框边线对不上，可能不是本版式或纸张折皱"] if box.frame_found < 3 else []
    if area < 0.6:
        if faint > 0:
            return MarkReading(DOUBTFUL, 0.3, tuple(reasons + ["笔迹很淡或有擦改痕迹"]), ABSTAIN, feats)
        if area > 0:
            reasons.append("方框内有一点笔迹（可能是误碰）")
        return MarkReading(DOUBTFUL if reasons else ABSTAIN, 1.0 - 0.4 * area / 0.6, tuple(reasons),
                           ABSTAIN, feats)
    reasons += _ink_reasons(box, dark, ink, area, faint, feats)
    shape = measure_shape(ink) if area >= 2.5 else None
    ring = cross = None
    if shape:
        feats.update({k: round(float(v), 3) for k, v in shape.items() if k != "runs"},
                     runs=len(shape["runs"]))
        ring, cross = is_ring(shape), is_cross(shape)
        if shape["size_mm"] < SMALL if ring is not None else shape["reach_mm"] < SMALL_REACH:
            reasons.append("符号太小")
        if ring is None and cross is None:
            reasons.append("既不像○也不像×")
    guess = AGREE if ring is not None else DISAGREE if cross is not None else _nearest(shape)
    if reasons:
        return MarkReading(DOUBTFUL, 0.45 if ring is not None or cross is not None else 0.2,
                           tuple(reasons), guess, feats)
    score = ring if ring is not None else cross
    return MarkReading(guess, round(0.6 + 0.4 * score, 3), (), guess, feats)


def _nearest(shape: dict | None) -> str:
    if not shape:
        return ABSTAIN
    return AGREE if shape["centre_share"] < 0.1 and shape["coverage"] > 0.6 else DISAGREE


def read_box(image: np.ndarray, H: np.ndarray, box: Box, first: Inside | None = None) -> MarkReading:
    """The box read as cut; a doubtful box is measured again cut onto its own frame lines
    when they lie slanted in the first cut (their print inside the box is not a mark)."""
    first = first or inside(image, H, box)
    reading = classify(first)
    if reading.clear:
        return reading
    again = refitted(image, H, box, first)
    return classify(again) if again is not None else reading


def ink_in(image: np.ndarray, H: np.ndarray, box: Box, first: Inside | None = None) -> tuple[float, float, int]:
    """A 另选人 name box: (ink mm², faint mm², frame lines found)."""
    first = first or inside(image, H, box)
    got = _ink_of(first)
    if got[0] >= 1.0 or got[1] > 0:          # something there: not the frame's own print, slanted?
        again = refitted(image, H, box, first)
        got = _ink_of(again) if again is not None else got
    return got


def _ink_of(measured: Inside) -> tuple[float, float, int]:
    (r0, r1), (c0, c1) = measured.rows, measured.cols
    dark = measured.dark[r0:r1, c0:c1]
    ink, _ = clean_ink(dark, measured.print)
    return float(ink.sum()) / MEASURE_PPM ** 2, faint_far(dark, ink), measured.frame_found
