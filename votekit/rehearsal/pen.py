"""A pen and a scanner for rehearsals and tests: mark printed ballots by script.

``mark_sheet`` draws voters' marks on a rasterised sheet (○ of many sizes and
pens, ×, ticks, erasures, faint pencil, written names) exactly where the
layout's boxes are; ``scanner`` and ``phone`` then spoil the page the way a
copier or a phone camera does (rotation, blur, noise, JPEG, perspective,
uneven light).  Deterministic for a given ``random.Random``.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

import cv2
import numpy as np

from votekit.pdf.ballot_layout import BallotLayout, Box

CLEAR = ("circle", "cross", "blank")
DOUBTFUL = ("tick", "tick_out", "erased", "faint", "circle_cross", "dot", "scribble", "name_tick")


@dataclass(frozen=True)
class Pen:
    ink: int = 35          # grey level of the ink (0 black, 255 paper)
    width: float = 0.5     # mm


def _pt(ppm: float, origin, x: float, y: float) -> tuple[int, int]:
    """mm on the ballot -> integer px (shifted 4 bits for anti-aliased drawing)."""
    return (int(round((origin[0] + x) * ppm * 16)), int(round((origin[1] + y) * ppm * 16)))


def _poly(img, ppm, origin, pts, pen: Pen) -> None:
    arr = np.array([_pt(ppm, origin, x, y) for x, y in pts], np.int32).reshape(-1, 1, 2)
    cv2.polylines(img, [arr], False, pen.ink, max(1, int(round(pen.width * ppm))), cv2.LINE_AA, 4)


def circle(img, ppm, origin, box: Box, rng: random.Random, pen: Pen, scale: float = 1.0) -> None:
    """A hand-drawn ○: slightly oval, wobbly, its ends overlapping a little."""
    room = min(box.w, box.h) / 2 - 1.6 - pen.width
    r = rng.uniform(min(2.6, room), room) * scale
    cx = box.x + box.w / 2 + rng.uniform(-1, 1) * max(0, box.w / 2 - r - 1.6 - pen.width) * 0.6
    cy = box.y + box.h / 2 + rng.uniform(-1, 1) * max(0, box.h / 2 - r - 1.6 - pen.width) * 0.6
    ax, start = rng.uniform(0.85, 1.15), rng.uniform(0, 2 * math.pi)
    sweep = 2 * math.pi + rng.uniform(0.05, 0.5)
    pts = [(cx + r * ax * math.cos(start + t) * (1 + 0.03 * math.sin(3 * t)),
            cy + r / ax * math.sin(start + t) * (1 + 0.03 * math.cos(2 * t)))
           for t in np.linspace(0, sweep, 80)]
    _poly(img, ppm, origin, pts, pen)


def cross(img, ppm, origin, box: Box, rng: random.Random, pen: Pen) -> None:
    """A hand-drawn ×: two strokes near the diagonals, not quite equal."""
    room = min(box.w, box.h) / 2 - 1.6 - pen.width
    cx = box.x + box.w / 2 + rng.uniform(-1.5, 1.5)
    cy = box.y + box.h / 2 + rng.uniform(-1.0, 1.0)
    room -= max(abs(cx - box.x - box.w / 2), abs(cy - box.y - box.h / 2))
    base_r = rng.uniform(min(2.8, room), room)
    for base in (45, 135):
        a = math.radians(base + rng.uniform(-10, 10))
        r1, r2 = (min(room, base_r * rng.uniform(0.8, 1.2)) for _ in range(2))
        _poly(img, ppm, origin, [(cx - r1 * math.cos(a), cy - r1 * math.sin(a)),
                                 (cx + r2 * math.cos(a), cy + r2 * math.sin(a))], pen)


def tick(img, ppm, origin, box: Box, rng, pen: Pen, outside: bool = False) -> None:
    """✓ inside the box, or straddling its top-right corner."""
    if outside:
        x0, y0 = box.x + box.w - 4, box.y + 2
        pts = [(x0, y0), (x0 + 2, y0 + 3), (x0 + 7, y0 - 6)]
    else:
        x0, y0 = box.x + box.w / 2 - 3, box.y + box.h / 2
        pts = [(x0, y0), (x0 + 2, y0 + 2.5), (x0 + 6, y0 - 4)]
    _poly(img, ppm, origin, pts, pen)


def erased(img, ppm, origin, box: Box, rng, pen: Pen) -> None:
    """A ○ half rubbed out: its lower half only a faint ghost."""
    seed = rng.random()
    circle(img, ppm, origin, box, random.Random(seed), Pen(205, pen.width))
    part = np.full_like(img, 255)
    circle(part, ppm, origin, box, random.Random(seed), pen)
    rows = np.flatnonzero((part < 128).any(axis=1))
    cut = (rows.min() + rows.max()) // 2 if rows.size else 0
    img[:cut] = np.minimum(img[:cut], part[:cut])


def scribble(img, ppm, origin, box: Box, rng, pen: Pen) -> None:
    """Writing: strokes in a box (a written name, or a scribble)."""
    for _ in range(rng.randint(6, 12)):
        x = box.x + rng.uniform(2, box.w - 4)
        y = box.y + rng.uniform(2.5, box.h - 4.5)
        _poly(img, ppm, origin, [(x, y), (x + rng.uniform(-2, 2.5), y + rng.uniform(0.5, 2.5))], pen)


def draw(img, ppm, origin, box: Box, what: str, rng: random.Random, pen: Pen) -> None:
    if what == "circle":
        circle(img, ppm, origin, box, rng, pen)
    elif what == "cross":
        cross(img, ppm, origin, box, rng, pen)
    elif what in ("tick", "tick_out"):
        tick(img, ppm, origin, box, rng, pen, outside=what == "tick_out")
    elif what == "erased":
        erased(img, ppm, origin, box, rng, pen)
    elif what == "faint":
        circle(img, ppm, origin, box, rng, Pen(195, pen.width))
    elif what == "circle_cross":
        circle(img, ppm, origin, box, rng, pen)
        cross(img, ppm, origin, box, rng, pen)
    elif what == "dot":
        c = (box.x + box.w / 2, box.y + box.h / 2)
        _poly(img, ppm, origin, [c, (c[0] + 0.6, c[1] + 0.4)], pen)
    elif what == "scribble":
        scribble(img, ppm, origin, box, rng, pen)
    elif what == "name_tick":     # ``box`` is the printed name's cell here
        x0, y0 = box.x + box.w - 7, box.y + 1.8
        _poly(img, ppm, origin, [(x0, y0 + 1), (x0 + 1.5, y0 + 3), (x0 + 5, y0 - 0.5)], pen)
    elif what != "blank":
        raise ValueError(what)


def random_pen(rng: random.Random) -> Pen:
    return Pen(rng.choice((20, 35, 60, 80)), rng.choice((0.35, 0.5, 0.7, 1.0)))


def mark_ballot(img: np.ndarray, ppm: float, layout: BallotLayout, slot_index: int,
                marks: dict[int, str], rng: random.Random, pen: Pen | None = None,
                written: dict[int, bool] | None = None) -> None:
    """Draw ``marks`` (layout.marks index -> what) on the ballot in sheet slot
    ``slot_index``; ``written`` write-in indices get a scribbled name."""
    origin = layout.slots[slot_index]
    pen = pen or random_pen(rng)
    for i, what in marks.items():
        slot = layout.marks[i]
        box = slot.name_box if what == "name_tick" else slot.mark
        draw(img, ppm, origin, box, what, rng, pen)
    for i, yes in (written or {}).items():
        if yes:
            scribble(img, ppm, origin, layout.marks[i].name_box, rng, pen)


# -- what a scanner or a phone does to the page ------------------------------------
def rotate(img: np.ndarray, degrees: float) -> np.ndarray:
    h, w = img.shape
    M = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(img, M, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def blur(img: np.ndarray, sigma: float) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), sigma)


def noise(img: np.ndarray, sigma: float, rng: random.Random) -> np.ndarray:
    g = np.random.default_rng(rng.randrange(2 ** 32)).normal(0, sigma, img.shape)
    return np.clip(img.astype(np.float32) + g, 0, 255).astype(np.uint8)


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)


def scanner(img: np.ndarray, rng: random.Random, degrees: float = 3.0) -> np.ndarray:
    """A copier's scan: a few degrees off, a little soft, grainy, JPEG-compressed."""
    out = rotate(img, rng.uniform(-degrees, degrees))
    out = blur(out, rng.uniform(0.3, 0.9))
    out = noise(out, rng.uniform(2, 6), rng)
    return jpeg(out, rng.randint(55, 85))


def phone(img: np.ndarray, rng: random.Random, upside_down: bool = False) -> np.ndarray:
    """A phone photo: the sheet on a desk, seen at a slant, lit from one side."""
    h, w = img.shape
    m = 0.06
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = lambda: rng.uniform(0.0, 0.05)  # noqa: E731
    dst = np.float32([[w * (m + jitter()), h * (m + jitter())], [w * (1 - m - jitter()), h * (m + jitter())],
                      [w * (1 - m - jitter()), h * (1 - m - jitter())], [w * (m + jitter()), h * (1 - m - jitter())]])
    if upside_down:
        dst = dst[[2, 3, 0, 1]]
    M = cv2.getPerspectiveTransform(src, dst)
    out = cv2.warpPerspective(img, M, (w, h), flags=cv2.INTER_AREA, borderValue=120)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    angle = rng.uniform(0, 2 * math.pi)
    ramp = (xx / w * math.cos(angle) + yy / h * math.sin(angle))
    light = 1.0 - rng.uniform(0.25, 0.45) * (ramp - ramp.min()) / (np.ptp(ramp) + 1e-6)
    out = (out.astype(np.float32) * light).clip(0, 255).astype(np.uint8)
    out = blur(out, rng.uniform(0.5, 1.0))
    out = noise(out, rng.uniform(3, 6), rng)
    return jpeg(out, rng.randint(60, 85))
