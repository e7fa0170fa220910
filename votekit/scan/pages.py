"""Scanned pages in: a multi-page PDF (rasterised by PDFium, or pdftoppm) or images
(PNG / JPEG / TIFF, multi-page TIFF too), as greyscale numpy arrays — one at a time,
with the work per upload bounded whatever is uploaded:

- every page's size is checked **before** it is decoded: an image whose header
  asks for more than ``MAX_PIXELS`` is refused with its size (a JPEG is first
  decoded at 1/2, 1/4 or 1/8 of its size when that fits); PIL's own
  decompression-bomb limit is set to the same budget; a PDF page is rendered
  at most ``MAX_PDF_PIXELS``, however large its page box says it is;
- an upload reads at most ``MAX_PAGES`` pages; the rest are counted, not
  decoded, and the reader is told in Chinese how many were left unread;
- a file or page that cannot be read is a value (``Unreadable``) with its name
  and a Chinese reason, never an exception: the rest of the pile is kept.

Pages are produced lazily (``each_page``), so memory holds one page at a time.
"""
from __future__ import annotations

import io
import math
import subprocess
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import cv2
import numpy as np
from PIL import Image, ImageOps, ImageSequence

PDF_DPI = 200
MAX_PIXELS = 40_000_000      # per image page: a 600 dpi A4 scan is 35 million
MAX_PDF_PIXELS = 12_000_000  # per rendered PDF page: A4 at 350 dpi
MAX_SIDE = 7000              # pixels, longest side of any page handed on
MAX_PAGES = 300              # pages read per upload (a branch's pile, with room)
# PIL refuses more than twice this as a decompression bomb; below it, ``_decode`` decides
# (a JPEG up to 8 times too big is decoded at a reduced size, anything else is refused)
Image.MAX_IMAGE_PIXELS = 4 * MAX_PIXELS


@dataclass(frozen=True)
class Page:
    source: str          # file name, for the person reading the report
    number: int          # 1-based page number within that file
    image: np.ndarray    # uint8 greyscale


@dataclass(frozen=True)
class Unreadable:
    source: str
    reason: str


@dataclass
class Budget:
    """Pages an upload may still read; the ones left unread, per file."""

    pages: int = MAX_PAGES
    read: int = 0
    ignored: dict[str, int] = field(default_factory=dict)

    def take(self) -> bool:
        if self.read >= self.pages:
            return False
        self.read += 1
        return True

    def skip(self, source: str, count: int) -> None:
        if count > 0:
            self.ignored[source] = self.ignored.get(source, 0) + count

    def notice(self) -> str:
        """Chinese: how many pages were not read, and in which files ('' when none)."""
        if not self.ignored:
            return ""
        total = sum(self.ignored.values())
        where = "、".join(f"{name}{n}页" for name, n in list(self.ignored.items())[:5])
        more = "等" if len(self.ignored) > 5 else ""
        return (f"一次最多读入{self.pages}页，另有{total}页没有读（{where}{more}），"
                "请把这些页另外分批上传。")


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


def _fit(image: np.ndarray) -> np.ndarray:
    """Shrink so the longer side is at most MAX_SIDE."""
    side = max(image.shape[:2])
    if side <= MAX_SIDE:
        return image
    f = MAX_SIDE / side
    return cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)


def _too_big(width: int, height: int) -> str:
    return (f"图片太大（{width}×{height}像素，每页最多{MAX_PIXELS // 10_000}万像素），"
            "请用300dpi以下扫描，或把照片缩小后再上传")


def _grey_frame(frame: Image.Image) -> np.ndarray:
    if frame.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        frame = frame.point(lambda v: v / 256) if frame.mode != "F" else frame
    return np.ascontiguousarray(np.asarray(frame.convert("L"), np.uint8))


def _decode(frame: Image.Image, jpeg: bool) -> np.ndarray | str:
    """One frame to greyscale within the pixel budget, or a Chinese reason."""
    width, height = frame.size
    if jpeg and width * height > MAX_PIXELS:
        k = 2 ** math.ceil(math.log2(math.sqrt(width * height / MAX_PIXELS)))
        if k > 8:
            return _too_big(width, height)
        frame.draft("L", (width // k, height // k))          # decoded small, never at full size
    elif width * height > MAX_PIXELS:
        return _too_big(width, height)
    frame.load()
    return _fit(_grey_frame(ImageOps.exif_transpose(frame) if jpeg else frame))


def image_pages(data: bytes, source: str, budget: Budget) -> Iterator[Page | Unreadable]:
    """Every page of an image file (several for a multi-page TIFF), each checked before decoding."""
    try:
        with warnings.catch_warnings():          # the size is checked here, page by page
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            frames = getattr(image, "n_frames", 1)
    except Image.DecompressionBombError:
        yield Unreadable(source, f"图片太大（每页最多{MAX_PIXELS // 10_000}万像素），"
                                 "请用300dpi以下扫描，或把照片缩小后再上传")
        return
    except Exception:                 # a hostile or broken file may raise anything while parsed
        yield Unreadable(source, "无法识别的文件（不是PDF，也不是PNG/JPEG/TIFF图片）")
        return
    jpeg = image.format == "JPEG"
    for number, frame in enumerate(ImageSequence.Iterator(image), 1):
        if not budget.take():
            budget.skip(source, frames - number + 1)
            return
        try:
            got = _decode(frame, jpeg)
        except Image.DecompressionBombError:
            got = _too_big(*frame.size)
        except Exception:             # truncated data, a header that lies about the content …
            got = "图片文件损坏或不完整，无法读取" + (f"（第{number}页）" if frames > 1 else "")
        yield Unreadable(source, got) if isinstance(got, str) else Page(source, number, got)


def pdf_pages(data: bytes, source: str, budget: Budget, dpi: int = PDF_DPI) -> Iterator[Page | Unreadable]:
    """Rasterise a PDF at ``dpi`` (greyscale), page by page, each at most MAX_PDF_PIXELS:
    in-process with PDFium (pypdfium2, also on Windows), or pdftoppm where it is missing."""
    try:
        import pypdfium2
    except ImportError:
        yield from _pdftoppm_pages(data, source, budget, dpi)
        return
    try:
        document = pypdfium2.PdfDocument(data)
        count = len(document)
    except pypdfium2.PdfiumError:
        yield Unreadable(source, "PDF文件损坏或无法打开")
        return
    try:
        if count == 0:
            yield Unreadable(source, "PDF中没有页面")
        for n in range(count):
            if not budget.take():
                budget.skip(source, count - n)
                return
            yield _pdfium_page(document, n, source, dpi)
    finally:
        document.close()


def _pdfium_page(document, n: int, source: str, dpi: int) -> Page | Unreadable:
    import pypdfium2
    try:
        page = document[n]
        width, height = page.get_size()                               # points
        area = max(width, 1.0) * max(height, 1.0)
        scale = min(dpi / 72, MAX_SIDE / max(width, height, 1.0),
                    0.995 * math.sqrt(MAX_PDF_PIXELS / area))       # PDFium rounds sizes up
        image = page.render(scale=scale, grayscale=True).to_numpy()
        page.close()
    except pypdfium2.PdfiumError:
        return Unreadable(source, f"PDF第{n + 1}页损坏，无法读取")
    image = image[..., 0] if image.ndim == 3 else image
    return Page(source, n + 1, np.ascontiguousarray(image))


def _pdftoppm_pages(data: bytes, source: str, budget: Budget, dpi: int) -> Iterator[Page | Unreadable]:
    room = budget.pages - budget.read
    with tempfile.TemporaryDirectory(prefix="votekit-scan-") as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(data)
        args = ["pdftoppm", "-gray", "-r", str(dpi), "-l", str(max(room, 1)),
                str(pdf), str(Path(tmp) / "p")]
        try:
            subprocess.run(args, check=True, capture_output=True, timeout=600)
        except FileNotFoundError:
            yield Unreadable(source, "本机没有安装 pdftoppm（poppler-utils），无法读取PDF")
            return
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            yield Unreadable(source, "PDF文件损坏或无法打开")
            return
        files = sorted(Path(tmp).glob("p-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if not files:
            yield Unreadable(source, "PDF中没有页面")
        for n, f in enumerate(files, 1):
            if budget.take():
                yield Page(source, n, _fit(cv2.imread(str(f), cv2.IMREAD_GRAYSCALE)))


def each_page(data: bytes, source: str, budget: Budget, dpi: int = PDF_DPI) -> Iterator[Page | Unreadable]:
    """The pages of one uploaded or named file, whatever its kind, one at a time."""
    if not data:
        yield Unreadable(source, "文件是空的")
    elif is_pdf(data):
        yield from pdf_pages(data, source, budget, dpi)
    else:
        yield from image_pages(data, source, budget)


def load(data: bytes, source: str, dpi: int = PDF_DPI) -> list[Page] | Unreadable:
    """All readable pages of one file (at most MAX_PAGES), or why none could be read."""
    got = list(each_page(data, source, Budget(), dpi))
    pages = [p for p in got if isinstance(p, Page)]
    return pages or next((u for u in got if isinstance(u, Unreadable)), Unreadable(source, "没有可读的页面"))


def load_path(path: str | Path, dpi: int = PDF_DPI) -> list[Page] | Unreadable:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Unreadable(path.name, f"无法读取文件（{exc.strerror}）")
    return load(data, path.name, dpi)
