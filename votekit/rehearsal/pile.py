"""One round's pile of papers, described by its counts and made into papers.

A :class:`Pile` says what the tellers must count — exact (赞成, 不赞成) per candidate
on the valid papers, over-marked and blank papers, one crossed-out name written over —
and ``Pile.papers`` deals out papers that give exactly that (seeded, pure).  The
scenario (``rehearsal.scenario``) describes every round with one.
"""
from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Pile:
    """The ballots of one round: exact (赞成, 不赞成) per candidate on the valid papers,
    plus over-marked papers (invalid), blank papers and one crossed-out name written over."""
    targets: tuple[tuple[str, int, int], ...]
    over_marked: int = 0
    blank: int = 0
    write_in: tuple[str, str] | None = None     # (crossed out, written in)

    def check(self, marked: int, seats: int) -> None:
        """Refuse a pile no set of ``marked`` valid papers can give (the scenario is wrong)."""
        agrees = sum(agree for _, agree, _ in self.targets) + (1 if self.write_in else 0)
        if marked < 0 or agrees > seats * marked or any(a + d > marked for _, a, d in self.targets):
            raise ValueError(f"no {marked} valid papers for {seats} seats give {self.targets}")
        if self.over_marked and len(self.targets) <= seats:
            raise ValueError("an over-marked paper needs more candidates than seats")

    def papers(self, voters: int, seats: int, seed: int) -> list[dict]:
        """``voters`` papers as tellers type them (``service.entry.submit``'s shape)."""
        rng = random.Random(seed)
        valid = voters - self.over_marked
        marks: list[dict[str, str]] = [{} for _ in range(valid - self.blank)]
        self.check(len(marks), seats)
        load = [0] * len(marks)
        for name, agree, _ in sorted(self.targets, key=lambda t: -t[1]):
            for i in sorted(range(len(marks)), key=lambda i: (load[i], rng.random()))[:agree]:
                marks[i][name] = "agree"
                load[i] += 1
        extra = {}
        if self.write_in is not None:
            crossed, written = self.write_in
            spot = next(i for i in range(len(marks)) if load[i] < seats and crossed not in marks[i])
            marks[spot][crossed] = "disagree"
            extra[spot] = [{"name": written, "mark": "agree"}]
        for name, _, disagree in self.targets:
            have = sum(1 for m in marks if m.get(name) == "disagree")
            free = [i for i in range(len(marks)) if name not in marks[i]]
            for i in rng.sample(free, disagree - have):
                marks[i][name] = "disagree"
        out = [{"marks": m, "write_ins": extra.get(i, [])} for i, m in enumerate(marks)]
        out += [{"marks": {}, "write_ins": []} for _ in range(self.blank)]
        out += [{"marks": {n: "agree" for n, _, _ in self.targets}, "write_ins": []}
                for _ in range(self.over_marked)]
        rng.shuffle(out)
        return out
