"""PDF document information: title, signer, keywords and the real date of the paper.

reportlab's ``invariant`` mode (deterministic bytes) stamps 2000-01-01; the archive
needs the day the paper was made, so the date written is the paper's own (the
meeting day or its 成文日期), still deterministic.
"""
from __future__ import annotations

from .blocks import Paper


def set_metadata(canvas, paper: Paper, author: str = "") -> None:
    canvas.setTitle(paper.title.replace("\n", ""))
    canvas.setAuthor(author or "votekit")
    canvas.setSubject(paper.name)
    canvas.setKeywords(paper.keywords)
    canvas.setCreator("votekit")
    day = paper.date
    if day is not None:
        stamp = f"D:{day.year:04d}{day.month:02d}{day.day:02d}120000+08'00'"
        canvas._doc.info._dateFormatter = lambda *_: stamp
