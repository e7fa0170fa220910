"""Straightened cut-outs of a ballot: a box for measuring, a picture for a person.

Everything is cut in ballot millimetres through the placement's homography,
so the cut-out is upright and to scale whatever the page did.
"""
from __future__ import annotations

import cv2
import numpy as np

from votekit.pdf.ballot_layout import Box

MEASURE_PPM = 8.0      # pixels per mm for measuring (≈ 203 dpi)
SHOW_PPM = 8.0         # for the scrutineer's cut-outs
ARCHIVE_PPM = 4.0      # the whole ballot kept for the archive (≈ 100 dpi)


def cut(image: np.ndarray, H: np.ndarray, x: float, y: float, w: float, h: float,
        ppm: float = MEASURE_PPM, fit: np.ndarray | None = None) -> np.ndarray:
    """The region (x, y, w, h) mm of the ballot, upright, at ``ppm`` px/mm.
    Outside the photo is white (paper).  ``fit`` (3 x 3, cut-out px -> cut-out px) bends
    the cut onto where its printed lines were found."""
    T = np.array([[1 / ppm, 0, x], [0, 1 / ppm, y], [0, 0, 1]], np.float64)
    if fit is not None:
        T = T @ fit
    size = (max(1, int(round(w * ppm))), max(1, int(round(h * ppm))))
    return cv2.warpPerspective(image, H @ T, size, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def cut_box(image: np.ndarray, H: np.ndarray, box: Box, pad: float,
            ppm: float = MEASURE_PPM, fit: np.ndarray | None = None) -> np.ndarray:
    return cut(image, H, box.x - pad, box.y - pad, box.w + 2 * pad, box.h + 2 * pad, ppm, fit)


def darkness(crop: np.ndarray) -> np.ndarray:
    """0 for paper, 1 for black: each pixel against the local paper white, so
    uneven light (a phone photo, the edge of a shadow) does not read as ink.
    The white is the paper's brightness with pen strokes and lines closed over
    (a morphological closing ~2.5 mm wide keeps a shadow's ramp as it is,
    where the brightest nearby paper would overstate it), smoothed — worked out
    at a quarter of the size, where it costs a sixteenth."""
    h, w = crop.shape
    small = cv2.resize(crop, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    white = cv2.GaussianBlur(cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel), (0, 0), 1.0)
    white = cv2.resize(white, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    white = np.maximum(white, 40.0)
    return np.clip(1.0 - crop.astype(np.float32) / white, 0.0, 1.0)


def percentile(values: np.ndarray, q):
    """``np.percentile`` (linear between the two nearest values) by a partial sort: the same
    figure with a fraction of the overhead, for the many small arrays a page measures."""
    a = np.asarray(values).ravel()
    pos = np.asarray(q, np.float64) / 100 * (a.size - 1)
    lo = np.floor(pos).astype(np.intp)
    hi = np.minimum(lo + 1, a.size - 1)
    part = np.partition(a, np.unique(np.concatenate([np.atleast_1d(lo), np.atleast_1d(hi)])))
    low = part[lo].astype(np.float64)
    return low + (part[hi] - low) * (pos - lo)


def pieces(mask: np.ndarray):
    """Connected pieces of a 0/1 mask (8-connected): count, labels, stats, centroids.
    The Grana decision-tree labelling: the same pieces, about three times as fast."""
    return cv2.connectedComponentsWithStatsWithAlgorithm(mask, 8, cv2.CV_32S, cv2.CCL_GRANA)


def png(image: np.ndarray, levels: int = 0) -> bytes:
    """PNG bytes; ``levels`` > 0 posterises to that many greys (smaller files)."""
    if levels:
        step = 256 // levels
        image = (image // step) * step + step // 2
        image = np.clip(image, 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    return buf.tobytes() if ok else b""


def union(a: Box, b: Box) -> Box:
    x0, y0 = min(a.x, b.x), min(a.y, b.y)
    x1, y1 = max(a.x + a.w, b.x + b.w), max(a.y + a.h, b.y + b.h)
    return Box(x0, y0, x1 - x0, y1 - y0)


def show_slot(image: np.ndarray, H: np.ndarray, mark: Box, name_box: Box, pad: float = 4.0) -> bytes:
    """What the scrutineer sees for one doubtful mark: its box and the name under it."""
    return png(cut_box(image, H, union(mark, name_box), pad, SHOW_PPM))


def show_ballot(image: np.ndarray, H: np.ndarray, width: float, height: float) -> bytes:
    """The whole straightened ballot for the archive (16 greys, ≈ 100 dpi)."""
    return png(cut(image, H, 0, 0, width, height, ARCHIVE_PPM), levels=16)


def show_page(image: np.ndarray, longest: int = 1400) -> bytes:
    """A page that could not be placed, shrunk for the screen."""
    f = min(1.0, longest / max(image.shape[:2]))
    small = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else image
    return png(small, levels=16)
