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

import random
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from votekit.core.payload import BallotCode, BallotKind, make_payload
from votekit.core.vocabulary import RoundKind
from votekit.pdf.ballot import BallotSpec, Contest, render_ballots
from votekit.pdf.ballot_layout import BallotLayout

from bench.omr_pen import Sheet, clear_pen, draw

KEY = "omr-corpus-key"
NAMES = ("王建国", "刘洋", "陈静", "赵丽华", "周敏", "黄志强")
TUNING_SEED, HELD_OUT_SEED = 1, 7_001_234
CLEAN = {"blank": "abstain", "circle": "agree", "circle2": "agree", "circle_skip": "agree",
         "oval": "agree", "cross": "disagree"}
EDGE = {"circle_small": "agree?", "circle_big": "agree?"}
DOUBT = ("faint_circle", "faint_cross", "tiny_circle", "tiny_cross", "dot", "partial", "tick",
         "slash", "corrected", "scribbled_out", "outside_circle", "outside_cross")
EXPECT = {**CLEAN, **EDGE, **{k: "person" for k in DOUBT}, "write_in": "person"}


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
