"""Ring or cross: the shape measurements behind ○ and ×.

- A **ring** is judged around the ink's centroid: nothing near the centre,
  ink in (almost) every 10° sector of the outer band, not too oblong, and no
  sector where the ink is much thicker than the pen (an extra stroke).
- A **cross** is judged around the densest spot of ink (where two strokes
  overlap): four arms, one near each diagonal, nothing between them.

Each test returns how clearly it holds (0 = only just, 1 = textbook) or None.
"""
from __future__ import annotations

import cv2
import numpy as np

from votekit.scan.crops import MEASURE_PPM


def _histogram(ys, xs, cy: float, cx: float, d: np.ndarray, lo: float, hi: float):
    """Ink per 10° sector within the distance band [lo, hi] around (cy, cx)."""
    band = (d >= lo) & (d <= hi)
    ang = (np.degrees(np.arctan2(ys[band] - cy, xs[band] - cx)) + 360) % 360
    hist = np.bincount((ang // 10).astype(int) % 36, minlength=36)
    return hist >= 2, hist


def runs(covered: np.ndarray, hist: np.ndarray) -> list[tuple[float, int]]:
    """Circular runs of covered 10° sectors (one-sector gaps closed): (centre angle, ink)."""
    c = covered.copy()
    for i in range(36):
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


def _spread(ys, xs, cy, cx, d, width: float) -> float:
    """How much thicker than usual the ring gets in its worst 10° sector (≈1 for an even ring)."""
    ang = ((np.degrees(np.arctan2(ys - cy, xs - cx)) + 360) % 360 // 10).astype(int) % 36
    order = np.argsort(ang, kind="stable")
    ang, d = ang[order], d[order]
    bounds = np.searchsorted(ang, np.arange(37))
    extents = [float(d[a:b].max() - d[a:b].min()) + 1 for a, b in zip(bounds[:-1], bounds[1:]) if b > a]
    if not extents:
        return 99.0
    typical = max(float(np.median(extents)), width)
    return max(extents) / (typical + 0.5 * MEASURE_PPM)


def measure_shape(ink: np.ndarray) -> dict:
    """Ring measurements around the centroid; cross measurements around the densest spot."""
    ys, xs = np.nonzero(ink)
    cy, cx = ys.mean(), xs.mean()
    d = np.hypot(ys - cy, xs - cx)
    rmax = float(np.percentile(d, 95))
    yy, xx = np.ogrid[:ink.shape[0], :ink.shape[1]]
    in_disc = (yy - cy) ** 2 + (xx - cx) ** 2 <= max(0.22 * rmax, 2.0) ** 2
    covered, _ = _histogram(ys, xs, cy, cx, d, 0.55 * rmax, 1.05 * rmax)
    width = _stroke(ink)
    k = int(2 * width) | 1
    py, px = np.unravel_index(int(np.argmax(cv2.blur(ink.astype(np.float32), (k, k)))), ink.shape)
    d2 = np.hypot(ys - py, xs - px)
    r2 = float(np.percentile(d2, 95))
    near_peak = (yy - py) ** 2 + (xx - px) ** 2 <= max(width, 2.0) ** 2
    covered2, hist2 = _histogram(ys, xs, py, px, d2, 0.4 * r2, 1.05 * r2)
    h, w = np.ptp(ys) + 1, np.ptp(xs) + 1
    return {"radius_mm": rmax / MEASURE_PPM, "centre_fill": float(ink[in_disc].mean()),
            "inner_share": float((d < 0.35 * rmax).mean()), "coverage": float(covered.mean()),
            "aspect": float(w / h), "spread": _spread(ys, xs, cy, cx, d, width),
            "pen_mm": width / MEASURE_PPM, "peak_fill": float(ink[near_peak].mean()),
            "arm_coverage": float(covered2.mean()), "runs": runs(covered2, hist2)}


def is_ring(f: dict) -> float | None:
    """How clearly a ring (0 = just, 1 = textbook), or None."""
    margins = [(0.03 - f["centre_fill"]) / 0.03, (0.05 - f["inner_share"]) / 0.05,
               (f["coverage"] - 0.86) / 0.14, 1 - abs(np.log(f["aspect"])) / np.log(2.2),
               (1.15 - f["spread"]) / 0.3]
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
               (f["centre_fill"] - 0.1) / 0.3]
    if diagonals != [0, 1, 2, 3] or min(margins) < 0:
        return None
    return min(1.0, min(margins))
