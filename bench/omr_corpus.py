"""A corpus of hand-marked ballots that looks like people, for the reader's bench and tests.

The kit prints its own ballots (``votekit.pdf.ballot``); PDFium renders the
pages at 150/200/300 dpi; a simulated ballpoint marks them the way voters do
(pen width and pressure, skips, circles of 40–110 % of the box in one or two
strokes, ovals, × of many shapes, ticks, slashes, faint and tiny marks, dots,
corrections, marks across the box edge, written-in names); then a scanner
(skew, blur, noise, JPEG, uneven toner, dust) or a phone (perspective, curl,
shadow, a table behind the sheet, colour cast) spoils the page.

Everything is drawn from one ``random.Random(seed)``: the bench tunes on one
seed and reports a held-out seed it never tuned on.  Independent of the kit's
rehearsal pen (``votekit/scan/rehearsal.py``).

Each mark has an *expectation*:

- ``agree`` / ``disagree`` / ``abstain``: a clear ○, ×, or nothing — the
  reader should decide it (a clean sheet has only these);
- ``person``: faint, tiny, a dot, partial, a tick or slash, corrected,
  across the edge, a written name — the reader must send it to a 监票人;
- ``agree?``: a ○ at the edges of "clear" (40–55 % or 100–110 % of the box):
  decided ○ or sent to a person are both right; anything else is wrong.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from votekit.core.payload import BallotCode, BallotKind, make_payload
from votekit.core.vocabulary import RoundKind
from votekit.pdf.ballot import BallotSpec, Contest, render_ballots
from votekit.pdf.ballot_layout import BallotLayout, Box

KEY = "omr-corpus-key"
NAMES = ("王建国", "刘洋", "陈静", "赵丽华", "周敏", "黄志强")
TUNING_SEED, HELD_OUT_SEED = 1, 7_001_234
CLEAN = {"blank": "abstain", "circle": "agree", "circle2": "agree", "circle_skip": "agree",
         "oval": "agree", "cross": "disagree"}
EDGE = {"circle_small": "agree?", "circle_big": "agree?"}
DOUBT = ("faint_circle", "faint_cross", "tiny_circle", "tiny_cross", "dot", "partial", "tick",
         "slash", "corrected", "scribbled_out", "outside_circle", "outside_cross")
EXPECT = {**CLEAN, **EDGE, **{k: "person" for k in DOUBT}, "write_in": "person"}


# -- the pen ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pen:
    width: float     # mm at full pressure
    alpha: float     # darkness at full pressure (1 = black)
    grain: float     # ballpoint texture: share of darkness that flickers


def clear_pen(rng: random.Random) -> Pen:
    """A black or blue ballpoint or gel pen pressed as people press."""
    return Pen(rng.uniform(0.3, 0.8), rng.uniform(0.6, 0.95), rng.uniform(0.05, 0.3))


def faint_pen(rng: random.Random) -> Pen:
    """A nearly dry pen, a hard pencil, a hand that barely touched the paper."""
    return Pen(rng.uniform(0.2, 0.45), rng.uniform(0.12, 0.3), rng.uniform(0.1, 0.4))


class Sheet:
    """A rendered sheet (greyscale) and an ink layer drawn in ballot millimetres."""

    def __init__(self, image: np.ndarray, dpi: float):
        self.image, self.ppm = image, dpi / 25.4
        self.ink = np.zeros(image.shape, np.float32)

    def stroke(self, pts, pen: Pen, rng: random.Random, skip: tuple[float, float] | None = None) -> None:
        """One pen stroke through ``pts`` (mm); pressure rises, wanders, falls; ``skip`` is
        a stretch (as shares of the length) where the ball rolled dry."""
        pts = np.asarray(pts, np.float64)
        seg = np.hypot(*np.diff(pts, axis=0).T)
        along = np.concatenate([[0], np.cumsum(seg)]) / max(seg.sum(), 1e-9)
        wander = [rng.uniform(-0.15, 0.15) for _ in range(4)]
        pressure = np.clip(0.55 + 0.45 * np.minimum(1, along / 0.06) - 0.3 * np.maximum(0, along - 0.92) / 0.08
                           + sum(w * np.sin((k + 1) * math.pi * along + k) for k, w in enumerate(wander)), 0, 1)
        if skip:
            pressure[(along >= skip[0]) & (along <= skip[1])] = 0
        x0, y0 = pts.min(axis=0) - 2
        x1, y1 = pts.max(axis=0) + 2
        c0, r0 = max(0, int(x0 * self.ppm)), max(0, int(y0 * self.ppm))
        c1 = min(self.ink.shape[1], int(x1 * self.ppm) + 1)
        r1 = min(self.ink.shape[0], int(y1 * self.ppm) + 1)
        if c1 <= c0 or r1 <= r0:
            return
        layer = np.zeros((r1 - r0, c1 - c0), np.uint8)
        p16 = np.round((pts * self.ppm - (c0, r0)) * 16).astype(np.int64)
        for i in range(len(pts) - 1):
            p = (pressure[i] + pressure[i + 1]) / 2
            if p < 0.05:
                continue
            thick = max(1, int(round(pen.width * self.ppm * (0.6 + 0.4 * p))))
            cv2.line(layer, tuple(map(int, p16[i])), tuple(map(int, p16[i + 1])), int(255 * p), thick,
                     cv2.LINE_AA, 4)
        grain = 1 - pen.grain * np.random.default_rng(rng.getrandbits(32)).random(layer.shape, np.float32)
        alpha = layer.astype(np.float32) / 255 * pen.alpha * grain
        region = self.ink[r0:r1, c0:c1]
        np.copyto(region, 1 - (1 - region) * (1 - alpha))

    def finish(self) -> np.ndarray:
        out = self.image.astype(np.float32) * (1 - self.ink)
        return np.clip(out, 0, 255).astype(np.uint8)


# -- shapes, in ballot millimetres ---------------------------------------------------------------
def _ring(cx, cy, rx, ry, start, sweep, rng, n=90):
    wob = [rng.uniform(-0.04, 0.04) for _ in range(3)]
    drift = rng.uniform(-0.08, 0.08)
    out = []
    for t in np.linspace(0, sweep, n):
        k = 1 + sum(w * math.sin((j + 2) * t + j) for j, w in enumerate(wob)) + drift * t / (2 * math.pi)
        out.append((cx + rx * k * math.cos(start + t), cy + ry * k * math.sin(start + t)))
    return out


def circle(sheet, box: Box, o, rng, pen, frac: float, aspect: float = 1.0, how: str = "one") -> None:
    """○ of ``frac`` × the box's shorter side; one stroke, two strokes, or one with a skip."""
    cx, cy = o[0] + box.x + box.w / 2, o[1] + box.y + box.h / 2
    r = frac * min(box.w, box.h) / 2
    rx, ry = (r * aspect, r) if box.w >= box.h else (r, r * aspect)
    if frac <= 1.0:                       # a clear ○ stays inside its box, wobble and pen included
        fit = min(1.0, 0.41 * box.w / rx, 0.41 * box.h / ry)
        rx, ry = rx * fit, ry * fit
    room_x, room_y = max(0, box.w / 2 - rx - 1), max(0, box.h / 2 - ry - 1)
    cx += rng.uniform(-1, 1) * min(room_x, 2.5)
    cy += rng.uniform(-1, 1) * min(room_y, 1.5)
    start = rng.uniform(0, 2 * math.pi)
    if how == "two":
        a = rng.uniform(0.9, 1.1) * math.pi
        sheet.stroke(_ring(cx, cy, rx, ry, start - 0.1, a + rng.uniform(0, 0.3), rng, 50), pen, rng)
        sheet.stroke(_ring(cx + rng.uniform(-0.3, 0.3), cy + rng.uniform(-0.3, 0.3), rx, ry,
                           start + a - rng.uniform(-0.05, 0.25), 2 * math.pi - a + rng.uniform(0.0, 0.3), rng, 50),
                     pen, rng)
        return
    sweep = 2 * math.pi + rng.uniform(-0.12, 0.45)
    skip = None
    if how == "skip":
        at = rng.uniform(0.2, 0.8)
        skip = (at, at + rng.uniform(0.6, 1.4) / (2 * math.pi * r))
    sheet.stroke(_ring(cx, cy, rx, ry, start, sweep, rng), pen, rng, skip)


def arc(sheet, box, o, rng, pen) -> None:
    """Part of a ○ (a C): a third to a half of the way round."""
    cx, cy = o[0] + box.x + box.w / 2, o[1] + box.y + box.h / 2
    r = rng.uniform(0.6, 0.9) * min(box.w, box.h) / 2
    sheet.stroke(_ring(cx, cy, r, r, rng.uniform(0, 2 * math.pi), rng.uniform(0.3, 0.55) * 2 * math.pi, rng),
                 pen, rng)


def cross(sheet, box, o, rng, pen, frac: float | None = None, centre=None) -> None:
    """× with arms of unequal length, angles off the diagonals, a little bow."""
    frac = frac or rng.uniform(0.55, 0.95)
    half = frac * min(box.w, box.h) / 2
    cx, cy = centre or (o[0] + box.x + box.w / 2 + rng.uniform(-1.5, 1.5),
                        o[1] + box.y + box.h / 2 + rng.uniform(-1, 1))
    for base in (45, 135):
        a = math.radians(base + rng.uniform(-18, 18))
        r1, r2 = half * rng.uniform(0.75, 1.15), half * rng.uniform(0.75, 1.15)
        bow = rng.uniform(-0.06, 0.06) * half
        t = np.linspace(-r1, r2, 12)
        pts = [(cx + s * math.cos(a) - bow * math.sin(a) * (1 - (s / max(r1, r2)) ** 2),
                cy + s * math.sin(a) + bow * math.cos(a) * (1 - (s / max(r1, r2)) ** 2)) for s in t]
        sheet.stroke(pts, pen, rng)


def tick(sheet, box, o, rng, pen) -> None:
    s = min(box.w, box.h) * rng.uniform(0.5, 0.8)
    x0, y0 = o[0] + box.x + box.w / 2 - s * 0.4, o[1] + box.y + box.h / 2
    sheet.stroke([(x0, y0), (x0 + s * 0.25, y0 + s * 0.3), (x0 + s * 0.75, y0 - s * 0.45)], pen, rng)


def slash(sheet, box, o, rng, pen) -> None:
    s = min(box.w, box.h) * rng.uniform(0.35, 0.45)
    a = math.radians(rng.choice((45, 135)) + rng.uniform(-15, 15))
    cx, cy = o[0] + box.x + box.w / 2, o[1] + box.y + box.h / 2
    sheet.stroke([(cx - s * math.cos(a), cy - s * math.sin(a)), (cx + s * math.cos(a), cy + s * math.sin(a))],
                 pen, rng)


def dot(sheet, box, o, rng, pen) -> None:
    cx = o[0] + box.x + box.w / 2 + rng.uniform(-0.3, 0.3) * box.w
    cy = o[1] + box.y + box.h / 2 + rng.uniform(-0.3, 0.3) * box.h
    r = rng.uniform(0.15, 0.4)
    sheet.stroke([(cx + r * math.cos(t), cy + r * math.sin(t)) for t in np.linspace(0, 4 * math.pi, 12)],
                 Pen(max(pen.width, r), pen.alpha, pen.grain), rng)


def scribble(sheet, box, o, rng, pen, frac=0.7) -> None:
    w, h = box.w * frac / 2, box.h * frac / 2
    cx, cy = o[0] + box.x + box.w / 2, o[1] + box.y + box.h / 2
    pts = [(cx + rng.uniform(-w, w), cy + (-h + 2 * h * i / 14) + rng.uniform(-0.5, 0.5)) for i in range(15)]
    sheet.stroke(pts, pen, rng)


def written_name(sheet, box, o, rng, pen) -> None:
    """Two or three hand-written characters in a 另选人 name cell."""
    chars = rng.choice((2, 3))
    size = min(box.h * 0.55, box.w / (chars + 1))
    x = o[0] + box.x + (box.w - chars * size * 1.1) / 2
    y = o[1] + box.y + (box.h - size) / 2
    for c in range(chars):
        for _ in range(rng.randint(3, 6)):
            x0, y0 = x + rng.uniform(0, size), y + rng.uniform(0, size)
            sheet.stroke([(x0, y0), (min(x + size, max(x, x0 + rng.uniform(-size, size) * 0.6)),
                           min(y + size, max(y, y0 + rng.uniform(-size, size) * 0.6)))], pen, rng)
        x += size * 1.1


def draw(sheet: Sheet, slot, origin, kind: str, rng: random.Random, pen: Pen) -> None:
    """Draw one mark of ``kind`` in a slot's box (and its name for a write-in)."""
    box = slot.mark
    if kind == "blank":
        return
    if kind in ("circle", "circle2", "circle_skip"):
        how = {"circle": "one", "circle2": "two", "circle_skip": "skip"}[kind]
        return circle(sheet, box, origin, rng, pen, rng.uniform(0.6, 0.92), rng.uniform(0.9, 1.15), how)
    if kind == "oval":
        return circle(sheet, box, origin, rng, pen, rng.uniform(0.6, 0.85), rng.uniform(1.3, 1.7),
                      rng.choice(("one", "one", "two")))
    if kind == "circle_small":
        return circle(sheet, box, origin, rng, pen, rng.uniform(0.4, 0.55))
    if kind == "circle_big":
        return circle(sheet, box, origin, rng, pen, rng.uniform(1.0, 1.1))
    if kind == "cross":
        return cross(sheet, box, origin, rng, pen)
    if kind == "faint_circle":
        return circle(sheet, box, origin, rng, faint_pen(rng), rng.uniform(0.4, 0.9))
    if kind == "faint_cross":
        return cross(sheet, box, origin, rng, faint_pen(rng))
    if kind == "tiny_circle":                               # 1–2.8 mm across
        return circle(sheet, box, origin, rng, pen, rng.uniform(1.0, 2.8) / min(box.w, box.h))
    if kind == "tiny_cross":
        return cross(sheet, box, origin, rng, pen, rng.uniform(1.0, 2.8) / min(box.w, box.h))
    if kind == "dot":
        return dot(sheet, box, origin, rng, pen)
    if kind == "partial":
        return arc(sheet, box, origin, rng, pen)
    if kind == "tick":
        return tick(sheet, box, origin, rng, pen)
    if kind == "slash":
        return slash(sheet, box, origin, rng, pen)
    if kind == "corrected":
        circle(sheet, box, origin, rng, pen, rng.uniform(0.6, 0.95))
        return cross(sheet, box, origin, rng, pen, rng.uniform(0.7, 1.0))
    if kind == "scribbled_out":
        first = rng.choice(("circle", "cross"))
        draw(sheet, slot, origin, first, rng, pen)
        return scribble(sheet, box, origin, rng, pen)
    if kind in ("outside_circle", "outside_cross"):
        side = rng.choice(((0.5, 0), (-0.5, 0), (0, 0.5), (0, -0.5)))
        shifted = Box(box.x + side[0] * box.w, box.y + side[1] * box.h, box.w, box.h)
        if kind == "outside_circle":
            return circle(sheet, shifted, origin, rng, pen, rng.uniform(0.6, 0.9))
        return cross(sheet, shifted, origin, rng, pen, rng.uniform(0.6, 0.9))
    if kind == "write_in":
        circle(sheet, box, origin, rng, pen, rng.uniform(0.6, 0.95))
        return written_name(sheet, slot.name_box, origin, rng, pen)
    raise ValueError(kind)


# -- the printed ballots ------------------------------------------------------------------------
@dataclass
class Printed:
    layout: BallotLayout
    sheets: dict[int, np.ndarray] = field(default_factory=dict)    # dpi -> clean rendered sheet


def spec(paper: str) -> BallotSpec:
    code = BallotCode("M9E1" if paper == "A4" else "M9E2", 1, BallotKind.COMMITTEE)
    return BallotSpec("中共清河街道机关第二支部委员会", (Contest("委员", RoundKind.COMPETITIVE, 5, NAMES),),
                      make_payload(code, KEY), paper=paper)


def print_ballots(folder: Path, paper: str, dpis=(150, 200, 300)) -> Printed:
    """The kit's own ballot PDF for ``paper``, rendered by PDFium at each dpi."""
    import pypdfium2
    pdf = folder / f"omr-{paper}.pdf"
    layout = render_ballots(spec(paper), 2 if paper == "A5" else 1, pdf)
    document = pypdfium2.PdfDocument(pdf.read_bytes())
    page = document[0]
    sheets = {}
    for dpi in dpis:
        pixels = page.render(scale=dpi / 72, grayscale=True).to_numpy()
        sheets[dpi] = np.ascontiguousarray(pixels[..., 0] if pixels.ndim == 3 else pixels)
    document.close()
    return Printed(layout, sheets)


@dataclass(frozen=True)
class Truth:
    """What was drawn on one ballot: a mark kind per ``layout.marks`` index."""

    kinds: dict[int, str]

    def expect(self, index: int) -> str:
        return EXPECT[self.kinds[index]]

    @property
    def clean(self) -> bool:
        return all(k in CLEAN for k in self.kinds.values())


def choose(layout: BallotLayout, rng: random.Random, clean: bool, only: str | None = None) -> Truth:
    cands = [i for i, s in enumerate(layout.marks) if s.kind == "candidate"]
    writes = [i for i, s in enumerate(layout.marks) if s.kind == "write_in"]
    agree_kinds = ("circle", "circle", "circle2", "circle_skip", "oval")
    kinds = {i: rng.choice(agree_kinds + ("cross", "cross", "blank")) for i in cands}
    kinds.update({i: "blank" for i in writes})
    if only:
        kinds[rng.choice(writes if only == "write_in" else cands)] = only
    elif not clean:
        for i in rng.sample(cands, rng.choice((1, 1, 2))):
            kinds[i] = rng.choice(DOUBT + tuple(EDGE))
        if rng.random() < 0.2:
            kinds[rng.choice(writes)] = "write_in"
    return Truth(kinds)


def mark_sheet(printed: Printed, dpi: int, rng: random.Random, clean: bool,
               only: str | None = None) -> tuple[np.ndarray, list[Truth]]:
    sheet = Sheet(printed.sheets[dpi], dpi)
    truths = []
    for origin in printed.layout.slots:
        truth = choose(printed.layout, rng, clean, only)
        pen = clear_pen(rng)
        for i, kind in truth.kinds.items():
            draw(sheet, printed.layout.marks[i], origin, kind, rng, pen)
        truths.append(truth)
    return sheet.finish(), truths


# -- scanner and phone -------------------------------------------------------------------------
def _smooth_field(shape, rng: random.Random, lo: float, hi: float) -> np.ndarray:
    small = np.random.default_rng(rng.getrandbits(32)).random((4, 3)).astype(np.float32)
    f = cv2.resize(small, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)
    f = (f - f.min()) / max(1e-6, float(f.max() - f.min()))
    return lo + (hi - lo) * f


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)


def scan(img: np.ndarray, dpi: int, rng: random.Random) -> np.ndarray:
    """A flatbed or copier: uneven toner and lamp, skew, blur, noise, dust, JPEG; sometimes upside down."""
    npr = np.random.default_rng(rng.getrandbits(32))
    ink = 255 - img.astype(np.float32)
    out = 255 - ink * _smooth_field(img.shape, rng, rng.uniform(0.75, 0.9), 1.0)
    out *= _smooth_field(img.shape, rng, rng.uniform(0.88, 0.95), rng.uniform(0.96, 1.0))
    h, w = img.shape
    angle = rng.uniform(-2.5, 2.5) + (180 if rng.random() < 0.1 else 0)
    M = cv2.getRotationMatrix2D((w / 2 + rng.uniform(-20, 20), h / 2 + rng.uniform(-20, 20)), angle, 1.0)
    out = cv2.warpAffine(out, M, (w, h), flags=cv2.INTER_LINEAR, borderValue=float(rng.uniform(225, 250)))
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.3, 0.9) * dpi / 200)
    out += npr.normal(0, rng.uniform(1, 5), out.shape).astype(np.float32)
    for _ in range(rng.randint(0, 12)):
        y, x = rng.randrange(h), rng.randrange(w)
        out[y:y + rng.randint(1, 2), x:x + rng.randint(1, 2)] = rng.uniform(60, 180)
    out = np.clip(out, 0, 255).astype(np.uint8)
    return jpeg(out, rng.randint(55, 92)) if rng.random() < 0.7 else out


def phone(img: np.ndarray, rng: random.Random) -> np.ndarray:
    """A phone photo of the sheet on a table: perspective, curl, shadow, light fall-off, colour, JPEG."""
    npr = np.random.default_rng(rng.getrandbits(32))
    W, H = rng.choice(((3024, 4032), (2268, 3024), (3000, 4000)))
    h, w = img.shape
    tall = rng.uniform(0.68, 0.9) * H
    wide = tall * w / h
    x0, y0 = (W - wide) / 2 + rng.uniform(-0.04, 0.04) * W, (H - tall) / 2 + rng.uniform(-0.04, 0.04) * H
    j = 0.06 * W
    quad = np.float32([(x0 + rng.uniform(-j, j), y0 + rng.uniform(-j, j)),
                       (x0 + wide + rng.uniform(-j, j), y0 + rng.uniform(-j, j)),
                       (x0 + wide + rng.uniform(-j, j), y0 + tall + rng.uniform(-j, j)),
                       (x0 + rng.uniform(-j, j), y0 + tall + rng.uniform(-j, j))])
    if rng.random() < 0.15:
        quad = quad[[2, 3, 0, 1]]                                     # held upside down
    Hm = cv2.getPerspectiveTransform(np.float32([(0, 0), (w, 0), (w, h), (0, h)]), quad)
    # curl: the sheet bows a little (inverse map built on the sheet, then warped)
    bow = rng.uniform(0.0, 0.012) * h
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    curled = cv2.remap(img, xx, yy + bow * np.sin(np.pi * xx / w) * (yy / h - 0.5) * 2,
                       cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    del yy, xx
    table = np.full((H, W), rng.uniform(40, 160), np.float32)
    table += cv2.resize(npr.normal(0, 18, (H // 16, W // 16)).astype(np.float32), (W, H))
    photo = cv2.warpPerspective(curled.astype(np.float32), Hm, (W, H), dst=table,
                                borderMode=cv2.BORDER_TRANSPARENT, flags=cv2.INTER_LINEAR)
    light = _smooth_field(photo.shape, rng, rng.uniform(0.5, 0.75), rng.uniform(0.9, 1.05))
    shadow = np.zeros((H, W), np.float32)
    if rng.random() < 0.7:
        p = np.int32([(rng.uniform(-0.2, 1.2) * W, rng.uniform(-0.2, 1.2) * H) for _ in range(4)])
        cv2.fillConvexPoly(shadow, cv2.convexHull(p), 1.0)
        shadow = cv2.GaussianBlur(shadow, (0, 0), rng.uniform(8, 60))
    photo = photo * light * (1 - rng.uniform(0.25, 0.5) * shadow)
    photo = cv2.GaussianBlur(photo, (0, 0), rng.uniform(0.5, 1.3))
    photo += npr.normal(0, rng.uniform(1.5, 4), photo.shape).astype(np.float32)
    cast = (rng.uniform(0.8, 0.95), rng.uniform(0.92, 1.0), 1.0)          # warm indoor light, BGR
    colour = np.dstack([np.clip(photo * c, 0, 255).astype(np.uint8) for c in cast])
    return jpeg(colour, rng.randint(78, 93))


# -- pages -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    image: np.ndarray
    paper: str
    dpi: int                 # the scan's dpi; 0 for a phone photo
    source: str              # "scan" or "phone"
    clean: bool
    truths: tuple[Truth, ...]


def pages(seed: int, printed: dict[str, Printed], count: int, source: str, clean_share: float = 0.5,
          dpis=(150, 200, 300), only: str | None = None):
    """``count`` marked and spoiled pages, generated lazily (one image in memory at a time)."""
    rng = random.Random(seed)
    for _ in range(count):
        paper = rng.choice(sorted(printed))
        clean = only is None and rng.random() < clean_share
        dpi = rng.choice(dpis) if source == "scan" else 200
        image, truths = mark_sheet(printed[paper], dpi, rng, clean, only)
        image = scan(image, dpi, rng) if source == "scan" else phone(image, rng)
        yield Page(image, paper, dpi if source == "scan" else 0, source, clean, tuple(truths))


def layouts_of(printed: dict[str, Printed]):
    table = {p.layout.payload: p.layout for p in printed.values()}
    return table.get


# -- judging a reading against what was drawn ---------------------------------------------------
def _which_slot(printed: Printed, ballot, others) -> int:
    """Top (0) or bottom (1) ballot of an A5 sheet, from where the neighbour's code lies."""
    layout = printed.layout
    if len(layout.slots) < 2:
        return 0
    qr = (layout.qr.x + layout.qr.w / 2, layout.qr.y + layout.qr.h / 2)
    below, above = ballot.placement.to_px([(qr[0], qr[1] + layout.ballot_h), (qr[0], qr[1] - layout.ballot_h)])
    scale = ballot.placement.px_per_mm
    for o in others:
        if o is ballot or o.placement is None:
            continue
        centre = o.placement.to_px([qr])[0]
        if np.linalg.norm(centre - below) < 15 * scale:
            return 0
        if np.linalg.norm(centre - above) < 15 * scale:
            return 1
    return 0 if ballot.placement.to_px([(0, 0)])[0][1] < below[1] else 1


def outcomes(page: Page, reading, printed: Printed) -> list[tuple[str, str, str]]:
    """(mark kind, what the reader did — a mark or 'person', verdict) for every drawn box.

    Verdicts: ``right`` (decided as drawn, or sent to a person when it had to be),
    ``person`` (a clear mark sent to a person), ``wrong`` (decided, but not as drawn —
    a vote read as another without review)."""
    out = []
    found = {}
    for b in reading.ballots:
        if b.placement is not None and b.layout is not None:
            found.setdefault(_which_slot(printed, b, reading.ballots), b)
    for n, truth in enumerate(page.truths):
        ballot = found.get(n)
        for i, kind in truth.kinds.items():
            expect = EXPECT[kind]
            if ballot is None or reading.reasons or ballot.reasons or ballot.slots[i].reasons:
                did = "person"
            else:
                did = ballot.slots[i].mark.mark
            if did == "person":
                verdict = "right" if expect in ("person", "agree?") else "person"
            else:
                verdict = "right" if did == expect.rstrip("?") else "wrong"
            out.append((kind, did, verdict))
    return out


def sheet_with(printed: dict[str, Printed], paper: str, dpi: int, seed: int, kinds: dict[int, str],
               source: str = "scan") -> Page:
    """One sheet whose every ballot carries exactly ``kinds`` (layout.marks index -> mark kind;
    other boxes blank), scanned at ``dpi`` or photographed."""
    rng = random.Random(seed)
    p = printed[paper]
    sheet = Sheet(p.sheets[dpi], dpi)
    full = {i: kinds.get(i, "blank") for i in range(len(p.layout.marks))}
    for origin in p.layout.slots:
        pen = clear_pen(rng)
        for i, kind in full.items():
            draw(sheet, p.layout.marks[i], origin, kind, rng, pen)
    image = scan(sheet.finish(), dpi, rng) if source == "scan" else phone(sheet.finish(), rng)
    return Page(image, paper, dpi if source == "scan" else 0, source, all(k in CLEAN for k in full.values()),
                tuple(Truth(full) for _ in p.layout.slots))
