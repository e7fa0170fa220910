"""Where a ballot lies on the page: QR codes, corner squares, the homography.

``find_codes`` reads every QR on a page (each printed ballot carries one).
``place`` starts from one code's four corners (which also fix the way up, so
an upside-down page needs nothing special), looks for the four solid corner
squares near where they should be — nearest first, refining as it goes — and
fits a homography from the ballot's millimetres (origin top-left, y down) to
image pixels over all eight points.  Missing squares or points that do not
agree are reported in Chinese; the reader then sends the ballot to a person.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from votekit.pdf.ballot_layout import BallotLayout, Box
from votekit.scan.crops import pieces

QUICK_SIDE = 1200         # px: the first look for codes is at this size
MAX_RESIDUAL_MM = 1.6     # a point further than this from the fit: the page does not agree
SQUARE_PX = 16            # px across a corner square is enough to find it in a wide search
CORNER_NAMES = ("左上", "右上", "左下", "右下")


@dataclass(frozen=True)
class Code:
    text: str
    corners: np.ndarray   # 4 x 2 image px: the symbol's top-left, top-right, bottom-right, bottom-left

    @property
    def centre(self) -> np.ndarray:
        return self.corners.mean(axis=0)


@dataclass(frozen=True)
class Placement:
    H: np.ndarray                 # 3 x 3: ballot mm -> image px
    px_per_mm: float
    found: tuple[bool, ...]       # which corner squares were found (TL, TR, BL, BR)
    problems: tuple[str, ...]     # Chinese; empty when the page sits as it should
    squares: tuple = ()           # where each corner square was found (px), None if not

    def to_px(self, points_mm) -> np.ndarray:
        pts = np.asarray(points_mm, np.float64).reshape(-1, 1, 2)
        return cv2.perspectiveTransform(pts, self.H).reshape(-1, 2)


def _decode(image: np.ndarray) -> list[Code]:
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    out = []
    for r in found:
        if r.format != zxingcpp.BarcodeFormat.QRCode:      # a "Micro QR" seen inside a real one
            continue
        p = r.position
        pts = [(p.top_left.x, p.top_left.y), (p.top_right.x, p.top_right.y),
               (p.bottom_right.x, p.bottom_right.y), (p.bottom_left.x, p.bottom_left.y)]
        out.append(Code(r.text, np.array(pts, np.float64)))
    return [c for c in out if not any(o is not c and _inside(c.centre, o.corners) and
                                       _area(o.corners) > _area(c.corners) for o in out)]


def _area(corners: np.ndarray) -> float:
    return float(abs(cv2.contourArea(corners.astype(np.float32))))


def _inside(point: np.ndarray, corners: np.ndarray) -> bool:
    return cv2.pointPolygonTest(corners.astype(np.float32), tuple(map(float, point)), False) >= 0


def find_codes(image: np.ndarray) -> list[Code]:
    """Every QR on the page; a harder look (contrast evened out, other scales)
    only when the plain one finds nothing.  A large page is first looked at
    shrunk to about 1200 px (the code's modules are still 4 px wide)."""
    step = max(image.shape) // QUICK_SIDE
    if step >= 2:
        f = 1 / step
        small = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        codes = _decode(small)
        if codes:
            return [Code(c.text, c.corners / f) for c in codes]
    codes = _decode(image)
    if codes:
        return codes
    bg = cv2.dilate(image, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (31, 31)))
    flat = cv2.divide(image, cv2.GaussianBlur(bg, (0, 0), 15), scale=255)
    for attempt, scale in ((flat, 1.0), (flat, 0.5), (image, 0.5), (flat, 1.5)):
        im = attempt if scale == 1.0 else cv2.resize(attempt, None, fx=scale, fy=scale,
                                                     interpolation=cv2.INTER_AREA)
        codes = _decode(im)
        if codes:
            return [Code(c.text, c.corners / scale) for c in codes]
    return []


def box_corners(box: Box) -> np.ndarray:
    return np.array([(box.x, box.y), (box.x + box.w, box.y),
                     (box.x + box.w, box.y + box.h), (box.x, box.y + box.h)], np.float64)


def _affine(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Least-squares affine mm -> px, as a 3 x 3 matrix."""
    a = np.hstack([src, np.ones((len(src), 1))])
    sol, *_ = np.linalg.lstsq(a, dst, rcond=None)
    return np.vstack([sol.T, [0, 0, 1]])


def _project(H: np.ndarray, pts) -> np.ndarray:
    return cv2.perspectiveTransform(np.asarray(pts, np.float64).reshape(-1, 1, 2), H).reshape(-1, 2)


def _scale(H: np.ndarray, at) -> float:
    """Local pixels per millimetre of H around the point ``at`` (mm)."""
    x, y = at
    p = _project(H, [(x, y), (x + 1, y), (x, y + 1)])
    return float((np.linalg.norm(p[1] - p[0]) + np.linalg.norm(p[2] - p[0])) / 2)


def _square_near(image: np.ndarray, centre_px, side_px: float, radius_px: float, exclude=()):
    """Centre (px) of the solid dark square of about ``side_px`` nearest ``centre_px``
    (not one of the squares at ``exclude``: another ballot's).  A wide search at a high
    resolution looks at every k-th pixel first (the square still ~16 px across), then
    takes the square's centre again at full resolution around what it found."""
    step = max(1, int(side_px // SQUARE_PX))
    found = _square_in(image, centre_px, side_px, radius_px, exclude, step)
    if found is None or step == 1:
        return found
    return _square_in(image, found, side_px, side_px, exclude, 1)


def _square_in(image: np.ndarray, centre_px, side_px: float, radius_px: float, exclude, step: int):
    h, w = image.shape
    cx, cy = centre_px
    x0, y0 = int(max(0, cx - radius_px)), int(max(0, cy - radius_px))
    x1, y1 = int(min(w, cx + radius_px)), int(min(h, cy + radius_px))
    if x1 - x0 < side_px or y1 - y0 < side_px:
        return None
    win = image[y0:y1:step, x0:x1:step]
    white = float(np.percentile(win[::max(1, 3 // step), ::max(1, 3 // step)], 95))
    dark = (win < white * 0.55).astype(np.uint8)
    n, _, stats, cents = pieces(dark)
    best, best_d = None, None
    area = (side_px / step) ** 2
    for i in range(1, n):
        bw, bh, a = stats[i, 2], stats[i, 3], stats[i, 4]
        if not (0.45 * area <= a <= 1.8 * area and 0.6 <= bw / max(bh, 1) <= 1.67):
            continue
        if a / float(bw * bh) < 0.7:          # solid (a square tilted by 10° still fills 75 %)
            continue
        c = cents[i] * step + (x0, y0)
        if any(np.hypot(*(c - e)) < side_px for e in exclude):
            continue
        d = float(np.hypot(*(c - (cx, cy))))
        if d <= radius_px and (best_d is None or d < best_d):
            best, best_d = c, d
    return best


def place(image: np.ndarray, layout: BallotLayout, code: Code, exclude=()) -> Placement:
    """The homography of one ballot, starting from its QR code (never taking the squares
    at ``exclude``, which belong to another ballot on the page)."""
    src = box_corners(layout.qr)
    dst = code.corners
    H = _affine(src, dst)
    qr_centre = src.mean(axis=0)
    fids = [np.array((b.x + b.w / 2, b.y + b.h / 2)) for b in layout.fiducials]
    order = sorted(range(len(fids)), key=lambda i: np.linalg.norm(fids[i] - qr_centre))
    found: dict[int, np.ndarray] = {}
    for i in order:
        scale = _scale(H, fids[i])
        dist = float(np.linalg.norm(fids[i] - qr_centre))
        radius = (6 + 0.08 * dist if found else 10 + 0.12 * dist) * scale
        guess = _project(H, [fids[i]])[0]
        hit = _square_near(image, guess, layout.fiducials[i].w * scale, radius, exclude)
        if hit is not None:
            found[i] = hit
            pts_mm = np.vstack([src] + [fids[k] for k in found])
            pts_px = np.vstack([dst] + [found[k] for k in found])
            H = _affine(pts_mm, pts_px)
    return _finish(layout, src, dst, fids, found, H)


def _finish(layout, src, dst, fids, found, H_affine) -> Placement:
    problems = []
    missing = [CORNER_NAMES[i] for i in range(len(fids)) if i not in found]
    if len(missing) > 1:      # one missing (a corner off the scanner's glass): each box's frame decides
        problems.append("找不到选票" + "、".join(missing) + "角的定位方块")
    pts_mm = np.vstack([src] + [fids[k] for k in sorted(found)])
    pts_px = np.vstack([dst] + [found[k] for k in sorted(found)])
    H = H_affine
    if len(found) == 4:
        H, _ = cv2.findHomography(pts_mm, pts_px, 0)
        if H is None:
            H = H_affine
    scale = _scale(H, (layout.ballot_w / 2, layout.ballot_h / 2))
    residual = np.linalg.norm(_project(H, pts_mm) - pts_px, axis=1).max() / scale
    if residual > MAX_RESIDUAL_MM:
        problems.append(f"二维码与定位方块的位置对不上（相差{residual:.1f}毫米），"
                        "可能纸张折皱或不是本版式的选票")
    return Placement(H, scale, tuple(i in found for i in range(len(fids))), tuple(problems),
                     tuple(found.get(i) for i in range(len(fids))))


def _misfit(layout: BallotLayout, code: Code, placement: Placement, corner: int) -> float:
    """How far (px) a found corner square lies from where the ballot's code and its other
    squares put it."""
    src = [box_corners(layout.qr)] + [np.array([[f.x + f.w / 2, f.y + f.h / 2]])
                                      for k, f in enumerate(layout.fiducials)
                                      if k != corner and placement.squares[k] is not None]
    dst = [code.corners] + [placement.squares[k].reshape(1, 2) for k in range(len(layout.fiducials))
                            if k != corner and placement.squares[k] is not None]
    f = layout.fiducials[corner]
    guess = _project(_affine(np.vstack(src), np.vstack(dst)), [(f.x + f.w / 2, f.y + f.h / 2)])[0]
    return float(np.linalg.norm(guess - placement.squares[corner]))


def taken_twice(placed) -> dict[int, list]:
    """Corner squares two ballots on one page both took (two A5 ballots on a strongly
    slanted photo): for each ballot that fits such a square worse, the squares to leave
    to the other.  ``placed``: (layout, code, placement) per ballot, placement or None."""
    out: dict[int, list] = {}
    for i, (lay_a, code_a, a) in enumerate(placed):
        for j, (lay_b, code_b, b) in enumerate(placed[:i]):
            if a is None or b is None:
                continue
            for ka, pa in enumerate(a.squares):
                for kb, pb in enumerate(b.squares):
                    if pa is None or pb is None or np.linalg.norm(pa - pb) > 3 * a.px_per_mm:
                        continue
                    worse = i if _misfit(lay_a, code_a, a, ka) > _misfit(lay_b, code_b, b, kb) else j
                    out.setdefault(worse, []).append(pa)
    return out
