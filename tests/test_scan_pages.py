"""Scanned PDFs in: rasterised in-process by PDFium (no poppler needed on a Windows laptop),
with pdftoppm as the fallback; a giant page is shrunk, a locked or broken PDF is a reason."""
import io
import sys

import numpy as np
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from votekit.scan import pages


def pdf(pagesize=A4, count=2, encrypt=None) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=pagesize, encrypt=encrypt)
    for n in range(count):
        c.rect(40, 40, 100 + 50 * n, 100, fill=1)           # a black block, wider on each page
        c.showPage()
    c.save()
    return out.getvalue()


def ink(image: np.ndarray) -> float:
    return float((image < 128).mean())


def test_pdfium_reads_every_page_at_the_asked_dpi_in_grey():
    got = pages.load(pdf(), "scan.pdf", 200)
    assert [p.number for p in got] == [1, 2]
    for p in got:
        assert p.image.dtype == np.uint8 and p.image.ndim == 2
        assert abs(p.image.shape[1] - round(210 / 25.4 * 200)) <= 2
    assert ink(got[1].image) > ink(got[0].image) > 0


def test_without_pypdfium2_pdftoppm_gives_the_same_pages(monkeypatch):
    data = pdf()
    by_pdfium = pages.load(data, "scan.pdf", 150)
    monkeypatch.setitem(sys.modules, "pypdfium2", None)           # import now fails
    by_poppler = pages.load(data, "scan.pdf", 150)
    assert len(by_poppler) == len(by_pdfium) == 2
    for a, b in zip(by_pdfium, by_poppler):
        assert abs(a.image.shape[0] - b.image.shape[0]) <= 2 and abs(a.image.shape[1] - b.image.shape[1]) <= 2
        assert abs(ink(a.image) - ink(b.image)) < 0.002


def test_a_giant_page_is_shrunk_not_rendered_whole():
    got = pages.load(pdf(pagesize=(14000, 9000), count=1), "huge.pdf", 300)  # ~4.9 m wide
    assert max(got[0].image.shape) <= pages.MAX_SIDE


def test_a_locked_or_broken_pdf_is_a_reason_not_a_crash():
    locked = pages.load(pdf(encrypt="secret"), "locked.pdf")
    broken = pages.load(b"%PDF-1.4\n" + b"\x00" * 500, "broken.pdf")
    for result in (locked, broken):
        assert isinstance(result, pages.Unreadable) and result.reason == "PDF文件损坏或无法打开"
