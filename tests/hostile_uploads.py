"""Hostile scan uploads, for the upload tests and ``bench/omr.py``'s memory figures.

    make(kind) -> [(file name, bytes), ...]      one upload batch
    read_like_server(files) -> str               what the server reads from it, page by page

Kinds: ``bomb_png`` (a 400-megapixel PNG of a few hundred KB), ``giant_pdf`` (250
pages, each 5 m square), ``lying_header`` (69-byte PNG whose header says
100000 × 100000), ``truncated_png`` (header fine, data cut short),
``many_pages`` (10,000 pages), ``batch_with_broken`` (good, broken, good).
"""
from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image
from reportlab.pdfgen import canvas

from votekit.scan import pages as scan_pages


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def lying_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` with almost no data behind it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\x00" * 8)) \
        + _chunk(b"IEND", b"")


def bomb_png(side: int = 20_000) -> bytes:
    """A genuine 1-bit PNG of ``side`` × ``side`` white pixels (400 million), some 100 KB."""
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def truncated_png() -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.random.default_rng(1).integers(0, 255, (400, 300), np.uint8)).save(buf, format="PNG")
    return buf.getvalue()[:2000]


def pdf(count: int, size=(595, 842)) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=size)
    for _ in range(count):
        c.rect(20, 20, 30, 30, fill=1)
        c.showPage()
    c.save()
    return out.getvalue()


def white_png(width: int = 1240, height: int = 1754) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (width, height), 250).save(buf, format="PNG")
    return buf.getvalue()


def make(kind: str) -> list[tuple[str, bytes]]:
    if kind == "bomb_png":
        return [("炸弹.png", bomb_png())]
    if kind == "giant_pdf":
        return [("巨幅.pdf", pdf(250, (14_400, 14_400)))]
    if kind == "lying_header":
        return [("假头.png", lying_png()), ("好的.png", white_png())]
    if kind == "truncated_png":
        return [("半截.png", truncated_png())]
    if kind == "many_pages":
        return [("一万页.pdf", pdf(10_000, (72, 72)))]
    if kind == "batch_with_broken":
        return [("第一批.png", white_png()), ("坏文件.png", b"\x89PNG\r\n\x1a\nbroken" * 5),
                ("第二批.pdf", pdf(2))]
    raise ValueError(kind)


def read_like_server(files: list[tuple[str, bytes]]) -> str:
    """Read every page the way ``service.adjudication.read_upload`` does; say what happened."""
    from votekit.scan.reader import read_page
    budget = scan_pages.Budget()
    read, notes = 0, []
    for name, data in files:
        for page in scan_pages.each_page(data, name, budget):
            if isinstance(page, scan_pages.Unreadable):
                notes.append(f"{page.source}：{page.reason}")
                continue
            read_page(page.image, lambda text: None, None, name, page.number)
            read += 1
    return f"读入{read}页 " + "；".join(notes + ([budget.notice()] if budget.ignored else []))
