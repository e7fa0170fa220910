"""The simulated ballpoint behind ``bench/omr_corpus.py``: a pen with width, pressure and
grain, and every mark people make in a 符号 box, drawn in ballot millimetres.

Pressure rises at the start of a stroke, wanders, and falls at the end; a skip is a
stretch where the ball rolled dry.  Strokes add their ink multiplicatively on a layer
the size of the sheet; ``Sheet.finish`` lays it on the rendered ballot.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

import cv2
import numpy as np

from votekit.pdf.ballot_layout import Box


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
    for _ in range(chars):
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
