"""Scanned pages in: a multi-page PDF (rasterised by PDFium, or pdftoppm) or images
(PNG / JPEG / TIFF, multi-page TIFF too), as greyscale numpy arrays.

A file that cannot be read is a value (``Unreadable``) with a Chinese reason,
never an exception: one bad file must not stop the rest of the pile.
"""
from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

PDF_DPI = 200
MAX_SIDE = 7000          # pixels: a 600 dpi A4 scan is 4960 x 7016
MAX_PDF_PAGES = 500


@dataclass(frozen=True)
class Page:
    source: str          # file name, for the person reading the report
    number: int          # 1-based page number within that file
    image: np.ndarray    # uint8 greyscale


@dataclass(frozen=True)
class Unreadable:
    source: str
    reason: str


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


def _grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 3:
        code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
        image = cv2.cvtColor(image, code)
    if image.dtype != np.uint8:
        image = cv2.convertScaleAbs(image, alpha=255.0 / max(1, int(image.max())))
    return image


def _fit(image: np.ndarray) -> np.ndarray:
    """Shrink a huge photo so its longer side is at most MAX_SIDE."""
    side = max(image.shape[:2])
    if side <= MAX_SIDE:
        return image
    f = MAX_SIDE / side
    return cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)


def image_pages(data: bytes, source: str) -> list[Page] | Unreadable:
    """Every page of an image file (several for a multi-page TIFF)."""
    buf = np.frombuffer(data, np.uint8)
    ok, images = cv2.imdecodemulti(buf, cv2.IMREAD_UNCHANGED)
    if not ok or not images:
        single = cv2.imdecode(buf, cv2.IMREAD_COLOR)   # applies EXIF orientation
        images = [single] if single is not None else []
    elif len(images) == 1:
        single = cv2.imdecode(buf, cv2.IMREAD_COLOR)
        images = [single] if single is not None else images
    if not images:
        return Unreadable(source, "无法识别的文件（不是PDF，也不是PNG/JPEG/TIFF图片）")
    return [Page(source, n, _fit(_grey(img))) for n, img in enumerate(images, 1)]


def pdf_pages(data: bytes, source: str, dpi: int = PDF_DPI) -> list[Page] | Unreadable:
    """Rasterise a PDF at ``dpi`` (greyscale): in-process with PDFium (pypdfium2, also on
    Windows), or with poppler's pdftoppm where pypdfium2 is not installed."""
    try:
        import pypdfium2
    except ImportError:
        return _pdftoppm_pages(data, source, dpi)
    return _pdfium_pages(pypdfium2, data, source, dpi)


def _pdfium_pages(pdfium, data: bytes, source: str, dpi: int) -> list[Page] | Unreadable:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return Unreadable(source, "PDF文件损坏或无法打开")
    try:
        pages = []
        for n in range(min(len(document), MAX_PDF_PAGES)):
            page = document[n]
            width, height = page.get_size()                     # points
            scale = min(dpi / 72, MAX_SIDE / max(width, height, 1.0))
            image = page.render(scale=scale, grayscale=True).to_numpy()
            pages.append(Page(source, n + 1, np.ascontiguousarray(_grey(image))))
    except pdfium.PdfiumError:
        return Unreadable(source, "PDF文件损坏或无法打开")
    finally:
        document.close()
    return pages or Unreadable(source, "PDF中没有页面")


def _pdftoppm_pages(data: bytes, source: str, dpi: int) -> list[Page] | Unreadable:
    with tempfile.TemporaryDirectory(prefix="votekit-scan-") as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(data)
        args = ["pdftoppm", "-gray", "-r", str(dpi), "-l", str(MAX_PDF_PAGES), str(pdf),
                str(Path(tmp) / "p")]
        try:
            subprocess.run(args, check=True, capture_output=True, timeout=600)
        except FileNotFoundError:
            return Unreadable(source, "本机没有安装 pdftoppm（poppler-utils），无法读取PDF")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            return Unreadable(source, "PDF文件损坏或无法打开")
        files = sorted(Path(tmp).glob("p-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        pages = [Page(source, n, _fit(cv2.imread(str(f), cv2.IMREAD_GRAYSCALE)))
                 for n, f in enumerate(files, 1)]
    return pages or Unreadable(source, "PDF中没有页面")


def load(data: bytes, source: str, dpi: int = PDF_DPI) -> list[Page] | Unreadable:
    """The pages of one uploaded or named file, whatever its kind."""
    if not data:
        return Unreadable(source, "文件是空的")
    return pdf_pages(data, source, dpi) if is_pdf(data) else image_pages(data, source)


def load_path(path: str | Path, dpi: int = PDF_DPI) -> list[Page] | Unreadable:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Unreadable(path.name, f"无法读取文件（{exc.strerror}）")
    return load(data, path.name, dpi)
