"""A generated corpus of marked, scanned ballots for the reader's tests and bench.

Ballots are printed by the app (``votekit.pdf.ballot``), rasterised with
pdftoppm, marked by script (``votekit.rehearsal.pen``) and spoiled like a
scanner or a phone would.  Each page comes with what was drawn on it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from votekit.core.payload import BallotCode, BallotKind, make_payload
from votekit.core.vocabulary import RoundKind
from votekit.pdf.ballot import BallotSpec, Contest, render_ballots
from votekit.pdf.ballot_layout import BallotLayout
from votekit.scan import pages
from votekit.rehearsal import pen as rh

KEY = "scan-test-key"
NAMES = ("王建国", "刘洋", "陈静", "赵丽华", "周敏", "黄志强")
CLEAR_READ = {"circle": "agree", "cross": "disagree", "blank": "abstain"}


def committee(round_no: int = 1, paper: str = "A4", election: str = "M1E1") -> BallotSpec:
    code = BallotCode(election, round_no, BallotKind.COMMITTEE)
    return BallotSpec("中共清河街道机关第二支部委员会",
                      (Contest("委员", RoundKind.COMPETITIVE, 5, NAMES),),
                      make_payload(code, KEY), paper=paper)


def secretary() -> BallotSpec:
    return BallotSpec("某某社区第一党支部",
                      (Contest("书记", RoundKind.EQUAL, 1, ("王建国",)),
                       Contest("副书记", RoundKind.EQUAL, 1, ("欧阳·买买提明",))),
                      make_payload(BallotCode("M1E2", 1, BallotKind.SECRETARY), KEY))


@dataclass
class Printed:
    spec: BallotSpec
    layout: BallotLayout
    sheets: dict[int, np.ndarray]     # dpi -> a clean rasterised sheet


def print_and_rasterise(spec: BallotSpec, folder: Path, dpis=(150, 300)) -> Printed:
    pdf = folder / f"{abs(hash((spec.payload, spec.paper)))}.pdf"
    copies = 2 if spec.paper == "A5" else 1
    layout = render_ballots(spec, copies, pdf)
    data = pdf.read_bytes()
    return Printed(spec, layout, {dpi: pages.load(data, pdf.name, dpi)[0].image for dpi in dpis})


@dataclass
class Drawn:
    """What was drawn on one ballot: mark kind per layout.marks index, written names."""

    marks: dict[int, str]
    written: dict[int, bool]

    def clear_slots(self) -> list[int]:
        return [i for i, what in self.marks.items() if what in CLEAR_READ]


def choose(layout: BallotLayout, rng: random.Random, doubtful: float) -> Drawn:
    """Random clear marks; with probability ``doubtful`` one box gets an unclear one."""
    cands = [i for i, s in enumerate(layout.marks) if s.kind == "candidate"]
    writes = [i for i, s in enumerate(layout.marks) if s.kind == "write_in"]
    marks = {i: rng.choice(("circle", "cross", "blank", "circle")) for i in cands}
    marks.update({i: "blank" for i in writes})
    written = {}
    if rng.random() < doubtful:
        marks[rng.choice(cands)] = rng.choice(rh.DOUBTFUL)
    if writes and rng.random() < doubtful / 2:
        w = rng.choice(writes)
        marks[w], written[w] = "circle", True
    return Drawn(marks, written)


def spoil(img: np.ndarray, how: str, rng: random.Random) -> np.ndarray:
    if how == "clean":
        return img
    if how == "scan":
        return rh.scanner(img, rng)
    if how == "upside":
        return rh.scanner(np.ascontiguousarray(img[::-1, ::-1]), rng)
    if how == "phone":
        return rh.phone(img, rng)
    if how == "phone_upside":
        return rh.phone(img, rng, upside_down=True)
    raise ValueError(how)


def make_page(printed: Printed, dpi: int, how: str, rng: random.Random, doubtful: float = 0.5,
              ) -> tuple[np.ndarray, list[Drawn]]:
    """One marked and spoiled sheet and what was drawn on each ballot of it."""
    img = printed.sheets[dpi].copy()
    ppm = dpi / 25.4
    drawn = []
    for slot in range(len(printed.layout.slots)):
        d = choose(printed.layout, rng, doubtful)
        rh.mark_ballot(img, ppm, printed.layout, slot, d.marks, rng, written=d.written)
        drawn.append(d)
    return spoil(img, how, rng), drawn


def layouts_of(*printed: Printed):
    table = {p.layout.payload: p.layout for p in printed}
    return table.get


def with_paper(spec: BallotSpec, paper: str) -> BallotSpec:
    return replace(spec, paper=paper)
