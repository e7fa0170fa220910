"""Scanned ballot images for the archive, stripped of anything that could give their order.

A scan's file name (``scan-0007.png``), its camera or scanner metadata (EXIF times,
PNG ``tIME``/text chunks, JPEG comments) and its position in the archive could
each tell in which order ballots were scanned.  The archive keeps only the
pixels: PNG and JPEG are stripped losslessly (chunks/segments dropped, image data
untouched) and every scan is named by the SHA-256 of what is kept.
"""
from __future__ import annotations

import hashlib
import struct
from pathlib import PurePath

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_DROPPED = {b"tEXt", b"zTXt", b"iTXt", b"tIME", b"eXIf"}


def strip_png(data: bytes) -> bytes:
    out, pos = bytearray(PNG_SIGNATURE), len(PNG_SIGNATURE)
    while pos + 12 <= len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind, end = data[pos + 4:pos + 8], pos + 12 + length
        if end > len(data):
            return data          # not a PNG we understand: keep it as it is
        if kind not in PNG_DROPPED:
            out += data[pos:end]
        pos = end
        if kind == b"IEND":
            break
    return bytes(out)


def strip_jpeg(data: bytes) -> bytes:
    """Drop APP1–APP15 (EXIF, XMP, …) and COM segments; keep APP0 (JFIF) and the image."""
    out, pos = bytearray(data[:2]), 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xDA:                      # start of scan: the rest is image data
            return bytes(out + data[pos:])
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if 0xE1 <= marker <= 0xEF or marker == 0xFE:
            pos += 2 + length
            continue
        out += data[pos:pos + 2 + length]
        pos += 2 + length
    return data


def scrubbed_scan(name: str, data: bytes) -> tuple[str, bytes]:
    """(``scans/<sha256>.<ext>``, image bytes without metadata)."""
    suffix = PurePath(name.replace("\\", "/")).suffix.lower()
    if data.startswith(PNG_SIGNATURE):
        data, suffix = strip_png(data), ".png"
    elif data.startswith(b"\xff\xd8"):
        data, suffix = strip_jpeg(data), ".jpg"
    suffix = suffix if suffix.isascii() and suffix[1:].isalnum() and len(suffix) <= 6 else ".bin"
    return f"scans/{hashlib.sha256(data).hexdigest()}{suffix}", data
