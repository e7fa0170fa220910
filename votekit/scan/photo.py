"""A phone photo of a ballot sheet, made to look like a scan before it is read.

1. ``looks_like_photo``: the light across the page is uneven, or the edge of the
   picture is not paper (a table around the sheet);
2. ``find_sheet``: the sheet's four corners — the biggest bright four-sided shape
   in a small copy of the photo;
3. the sheet is warped flat onto A4 at ``PPM`` pixels per mm (perspective undone;
   the QR code and corner squares then fix the last millimetres, and each box's
   own frame lines the curl);
4. ``flatten``: the light is evened out — the photo is divided by the paper's own
   brightness, worked out by a morphological closing that keeps shadows and
   gradients but not pen strokes, text, the QR code or the corner squares.

Only OpenCV and numpy; nothing here decides a mark.
"""
from __future__ import annotations

import cv2
import numpy as np

PPM = 8.0                      # px per mm of the straightened sheet (≈ 203 dpi)
SHEET_MM = (210.0, 297.0)      # every ballot sheet is printed on A4 (A5 ballots two to a sheet)
SMALL_SIDE = 480               # px: the copy the sheet is looked for in
LOOK_SIDE = 240                # px: the copy a page is first looked at in (photo or scan?)
EVEN_LIGHT = 0.8               # darkest / brightest paper of a scan is above this
PAPER = 245                    # grey level the paper is brought to
MARGIN_MM = 8.0                # kept around the sheet found


def _small(image: np.ndarray) -> tuple[np.ndarray, float]:
    """A copy about SMALL_SIDE px long: every k-th pixel, then averaged by an integer step
    (both cheap on a 12-megapixel photo), and the scale it was taken at."""
    step = max(1, max(image.shape) // (2 * SMALL_SIDE))
    sub = image[::step, ::step]
    k = max(1, max(sub.shape) // SMALL_SIDE)
    small = cv2.resize(sub, (sub.shape[1] // k, sub.shape[0] // k), interpolation=cv2.INTER_AREA) if k > 1 else sub
    return np.ascontiguousarray(small), small.shape[1] / image.shape[1]


def _paper_light(small: np.ndarray, kernel: int) -> np.ndarray:
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (kernel, kernel))
    return cv2.morphologyEx(small, cv2.MORPH_CLOSE, k)


def looks_like_photo(image: np.ndarray) -> bool:
    """Asked of every page, so looked at in a very small copy (every k-th pixel, ~240 px)."""
    step = max(1, max(image.shape) // LOOK_SIDE)
    small = np.ascontiguousarray(image[::step, ::step])
    light = _paper_light(small, max(5, LOOK_SIDE // 40) | 1)
    lo, hi = np.percentile(light, (5, 95))
    edge = np.concatenate([small[:4].ravel(), small[-4:].ravel(), small[:, :4].ravel(), small[:, -4:].ravel()])
    return bool(lo < EVEN_LIGHT * hi or np.median(edge) < 0.6 * hi)


def _order(quad: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left (in the picture)."""
    s, d = quad.sum(axis=1), np.diff(quad, axis=1).ravel()
    return np.float32([quad[np.argmin(s)], quad[np.argmin(d)], quad[np.argmax(s)], quad[np.argmax(d)]])


def _quads(mask: np.ndarray, min_area: float):
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        hull = cv2.convexHull(c)
        if cv2.contourArea(hull) < min_area:
            break
        for eps in (0.02, 0.03, 0.05):
            quad = cv2.approxPolyDP(hull, eps * cv2.arcLength(hull, True), True)
            if len(quad) == 4:
                yield _order(quad.reshape(4, 2).astype(np.float32))
                break


def _a4_likeness(quad: np.ndarray) -> float:
    """How far the quad's side ratio is from A4's √2 (0 = exactly), in log terms."""
    a = (np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])) / 2
    b = (np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])) / 2
    return abs(abs(np.log(max(a, 1) / max(b, 1))) - np.log(SHEET_MM[1] / SHEET_MM[0]))


def find_sheet(image: np.ndarray) -> np.ndarray | None:
    """The sheet's corners in the photo (4 x 2 px, ordered), or None: the bright region's
    outline, or the outline of the strongest edges, whichever is shaped most like A4."""
    small, f = _small(image)
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    edges = cv2.dilate(cv2.Canny(blur, 40, 120), np.ones((3, 3), np.uint8))
    found = [q for mask in (bright, edges) for q in _quads(mask, 0.2 * small.size)]
    found = [q for q in found if _a4_likeness(q) < 0.12]
    if not found:
        return None
    return max(found, key=lambda q: (round(_edge_support(edges, q), 1), -_a4_likeness(q))) / f


def _edge_support(edges: np.ndarray, quad: np.ndarray) -> float:
    """How much of its least-supported side runs along an edge in the picture: the sheet's
    own outline has an edge all along each side; a side cut across the paper by a shadow,
    or run on along a shadow's edge past the sheet, does not."""
    h, w = edges.shape
    worst = 1.0
    for a, b in zip(quad, np.roll(quad, -1, axis=0)):
        t = np.linspace(0.05, 0.95, 40)[:, None]
        pts = np.round(a + (b - a) * t).astype(int)
        inside = (pts[:, 0] >= 0) & (pts[:, 0] < w) & (pts[:, 1] >= 0) & (pts[:, 1] < h)
        hits = np.zeros(len(pts), bool)
        hits[inside] = edges[pts[inside, 1], pts[inside, 0]] > 0
        worst = min(worst, float(hits.mean()))
    return worst


def straighten(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The sheet warped flat onto A4 (portrait or landscape as it lies) at PPM, with a margin."""
    top, side = np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[3] - quad[0])
    w_mm, h_mm = SHEET_MM if side >= top else SHEET_MM[::-1]
    m = MARGIN_MM * PPM                   # a corner found a little inside keeps the corner squares
    w, h = int(round((w_mm + 2 * MARGIN_MM) * PPM)), int(round((h_mm + 2 * MARGIN_MM) * PPM))
    target = np.float32([(m, m), (w - m, m), (w - m, h - m), (m, h - m)])
    H = cv2.getPerspectiveTransform(quad, target)
    return cv2.warpPerspective(image, H, (w, h), flags=cv2.INTER_AREA if max(image.shape) > 2 * h
                               else cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def flatten(image: np.ndarray, ppm: float = PPM) -> np.ndarray:
    """Divide by the paper's own brightness (closing over ~15 mm at a quarter of the size)."""
    h, w = image.shape
    small = cv2.resize(image, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    kernel = int(15 * ppm / 4) | 1
    light = _paper_light(small, kernel)
    light = cv2.resize(light, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    out = image.astype(np.float32) * (PAPER / np.maximum(light, 20.0))
    return np.clip(out, 0, 255).astype(np.uint8)


def as_scan(image: np.ndarray, straight: bool = True) -> np.ndarray:
    """A photo made to look like a scan: straightened when the sheet is found (and
    ``straight``), the light evened out."""
    quad = find_sheet(image) if straight else None
    if quad is not None:
        return flatten(straighten(image, quad))
    return flatten(image, ppm=max(image.shape) / SHEET_MM[1])
