"""Ring or cross: the shape measurements behind ○ and ×.

- A **ring** is judged around the ink's upright bounding ellipse (an oval is
  a ring too): nothing near the centre, nothing off the ring's band, ink in
  (almost) every 10° sector with no gap wider than a pen's skip, not too
  oblong, and a band no thicker than two strokes side by side.
- A **cross** is judged around the densest spot of ink (where two strokes
  overlap): four arms, one near each diagonal, nothing between them.

Each test returns how clearly it holds (0 = only just, 1 = textbook) or None.
"""
from __future__ import annotations

import cv2
import numpy as np

from votekit.scan.crops import MEASURE_PPM

OFF_ARMS = 0.08       # share of a ×'s ink allowed off its two strokes (a clean × has next to none)


def _histogram(ys, xs, cy: float, cx: float, d: np.ndarray, lo: float, hi: float):
    """Ink per 10° sector within the distance band [lo, hi] around (cy, cx)."""
    band = (d >= lo) & (d <= hi)
    ang = (np.degrees(np.arctan2(ys[band] - cy, xs[band] - cx)) + 360) % 360
    hist = np.bincount((ang // 10).astype(int) % 36, minlength=36)
    return hist >= 2, hist


def runs(covered: np.ndarray, hist: np.ndarray, close: bool = True) -> list[tuple[float, int]]:
    """Circular runs of covered 10° sectors (one-sector gaps closed when ``close``): (centre angle, ink)."""
    c = covered.copy()
    for i in range(36 if close else 0):
        if not c[i] and covered[i - 1] and covered[(i + 1) % 36]:
            c[i] = True
    if c.all():
        return [(0.0, int(hist.sum()))]
    start = int(np.argmin(c))          # begin at a gap
    found, cur = [], []
    for k in range(36):
        i = (start + k) % 36
        if c[i]:
            cur.append(i)
        elif cur:
            found.append(cur)
            cur = []
    if cur:
        found.append(cur)
    out = []
    for run in found:
        weights = hist[run].astype(float) + 1e-9
        angles = np.radians(np.array(run) * 10 + 5)
        centre = np.degrees(np.arctan2((np.sin(angles) * weights).sum(), (np.cos(angles) * weights).sum()))
        out.append((centre % 360, int(hist[run].sum())))
    return out


def _stroke(ink: np.ndarray) -> float:
    """Pen width in px (twice the typical distance from a stroke's middle to its edge)."""
    dist = cv2.distanceTransform(ink.astype(np.uint8), cv2.DIST_L2, 3)
    return max(1.5, 2.0 * float(np.percentile(dist[ink], 90)))


def _ellipse(ys, xs) -> tuple[float, float, float, float]:
    """Centre and half-axes (px) of the ink's upright bounding ellipse (2nd–98th percentiles)."""
    x0, x1 = np.percentile(xs, (2, 98))
    y0, y1 = np.percentile(ys, (2, 98))
    return (y0 + y1) / 2, (x0 + x1) / 2, max((y1 - y0) / 2, 1.0), max((x1 - x0) / 2, 1.0)


def _largest_gap(covered: np.ndarray) -> int:
    """The longest circular run of empty 10° sectors."""
    if covered.all():
        return 0
    if not covered.any():
        return 36
    start = int(np.argmax(covered))
    best = cur = 0
    for k in range(36):
        cur = 0 if covered[(start + k) % 36] else cur + 1
        best = max(best, cur)
    return best


def ring_features(ink: np.ndarray, width: float) -> dict:
    """Around the ink's bounding ellipse (so an oval is judged like a circle): how much ink
    lies near the centre or off the ring's band, how much of the way round it goes, its
    largest gap, and how thick the band gets (two strokes side by side stay thin)."""
    ys, xs = np.nonzero(ink)
    cy, cx, ay, ax = _ellipse(ys, xs)
    u, v = (xs - cx) / ax, (ys - cy) / ay
    rho = np.hypot(u, v)
    pen = width / min(ax, ay)                               # the pen's width in ring units
    band = (rho >= 0.62 - pen) & (rho <= 1.3 + pen)
    sector = ((np.degrees(np.arctan2(v, u)) + 360) % 360 // 10).astype(int) % 36
    counts = np.bincount(sector[band], minlength=36)
    covered = counts >= 2
    hi, lo = np.full(36, -np.inf), np.full(36, np.inf)
    np.maximum.at(hi, sector[band], rho[band])
    np.minimum.at(lo, sector[band], rho[band])
    thick = np.where(counts > 0, hi - lo, 0.0)
    return {"centre_share": float((rho < 0.5).mean()), "off_band": float((~band).mean()),
            "coverage": float(covered.mean()), "gap_deg": 10 * _largest_gap(covered),
            "aspect": float(ax / ay), "band": float(thick.max()) - pen, "radius_mm": min(ax, ay) / MEASURE_PPM,
            "size_mm": max(ax, ay) / MEASURE_PPM}


def measure_shape(ink: np.ndarray) -> dict:
    """Ring measurements around the ink's ellipse; cross measurements around the densest spot."""
    ys, xs = np.nonzero(ink)
    yy, xx = np.ogrid[:ink.shape[0], :ink.shape[1]]
    width = _stroke(ink)
    k = int(2 * width) | 1
    py, px = np.unravel_index(int(np.argmax(cv2.blur(ink.astype(np.float32), (k, k)))), ink.shape)
    d2 = np.hypot(ys - py, xs - px)
    r2 = float(np.percentile(d2, 95))
    near_peak = (yy - py) ** 2 + (xx - px) ** 2 <= max(width, 2.0) ** 2
    covered2, hist2 = _histogram(ys, xs, py, px, d2, 0.4 * r2, 1.05 * r2)
    arms = runs(covered2, hist2)
    if len(arms) != 4:                 # a flat or steep ×: its arms part only further out
        outer, hist3 = _histogram(ys, xs, py, px, d2, 0.6 * r2, 1.05 * r2)
        arms = runs(outer, hist3, close=False)
    off_arms = _off_arms(ys, xs, py, px, arms, width) if len(arms) == 4 else 1.0
    cy, cx = ys.mean(), xs.mean()
    rmax = float(np.percentile(np.hypot(ys - cy, xs - cx), 95))
    in_disc = (yy - cy) ** 2 + (xx - cx) ** 2 <= max(0.22 * rmax, 2.0) ** 2
    return {**ring_features(ink, width), "centre_fill": float(ink[in_disc].mean()),
            "pen_mm": width / MEASURE_PPM, "peak_fill": float(ink[near_peak].mean()),
            "arm_coverage": float(covered2.mean()), "runs": arms, "reach_mm": r2 / MEASURE_PPM,
            "off_arms": off_arms}


def _off_arms(ys, xs, py, px, arms, width: float) -> float:
    """Share of the ink further than a pen's width (and a little bow) from the four straight
    arms drawn out from the crossing along the arms' directions: a × is two strokes and
    nothing else; a scribble over it, or a ○ under it, is ink off the arms."""
    dy, dx = ys - py, xs - px
    best = np.full(len(ys), np.inf)
    for angle, _ in arms:
        uy, ux = np.sin(np.radians(angle)), np.cos(np.radians(angle))
        t = np.maximum(dy * uy + dx * ux, 0)
        best = np.minimum(best, np.hypot(dy - t * uy, dx - t * ux))
    return float((best > width + 0.8 * MEASURE_PPM).mean())


def is_ring(f: dict) -> float | None:
    """How clearly a ring (0 = just, 1 = textbook), or None.  A ○ drawn in two strokes, or
    with a skip of the pen up to 40° of the way round, is still a ring."""
    margins = [(0.02 - f["centre_share"]) / 0.02, (0.03 - f["off_band"]) / 0.03,
               (f["coverage"] - 0.8) / 0.2, (40 - f["gap_deg"]) / 40,
               1 - abs(np.log(f["aspect"])) / np.log(2.4), (0.6 - f["band"]) / 0.6]
    return min(1.0, min(margins)) if min(margins) >= 0 else None


def is_cross(f: dict) -> float | None:
    """How clearly two strokes crossing near the diagonals, or None."""
    arms = f["runs"]
    if len(arms) != 4:
        return None
    diagonals = sorted(round(((a - 45) % 360) / 90) % 4 for a, _ in arms)
    off = max(abs(((a - 45) % 90 + 45) % 90 - 45) for a, _ in arms)
    ink = [n for _, n in arms]
    margins = [(f["peak_fill"] - 0.5) / 0.5, (0.7 - f["arm_coverage"]) / 0.4,
               (30 - off) / 30, (min(ink) / max(ink) - 0.15) / 0.5,
               (f["centre_fill"] - 0.1) / 0.3, (OFF_ARMS - f["off_arms"]) / OFF_ARMS]
    if diagonals != [0, 1, 2, 3] or min(margins) < 0:
        return None
    return min(1.0, min(margins))
