"""An election as a sequence of rounds, and what the secretary may do next (RULES.md §6–§7).

    第一次投票 ─┬─ complete ───────────────────────────────→ settled
                ├─ runoff_needed → 再次投票（得票相等者）→ … (a repeated tie: again)
                ├─ shortfall ─┬─ 另行选举（不足名额）→ …
                │             └─ 减少名额表决（过半数同意；不减为0）→ settled
                │               (also after a 另行选举 that elected nobody, when earlier
                │                rounds elected someone: the seats still short are dropped)
                └─ void / no quorum / short slate → 重新投票 → …

Every round after the first settles exactly the seats its predecessor left open, so
the election is settled when its last round is ``complete``.  ``follow`` reads the
rounds held so far and says which next steps are offered and, for every other step,
the Chinese reason it is refused.  Pure: standard library only.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Sequence

from .order import sort_names
from .vocabulary import RoundStage, Runoff, Status


class Step(Enum):
    """A next step of an election."""

    RUNOFF = "runoff"    # 再次投票：得票相等者
    FURTHER = "further"  # 另行选举：不足名额
    REDUCE = "reduce"    # 减少名额的表决
    REVOTE = "revote"    # 重新投票：本轮无效

    @property
    def label(self) -> str:
        return _STEP_LABELS[self]


_STEP_LABELS = {Step.RUNOFF: "再次投票（得票相等者）", Step.FURTHER: "另行选举（不足名额）",
                Step.REDUCE: "表决减少名额", Step.REVOTE: "重新投票"}


class Phase(Enum):
    VOTING = "voting"            # a round is being held (not yet counted)
    RUNOFF_DUE = "runoff_due"    # tie straddling the last seat
    SHORT = "short"              # fewer elected than seats
    VOID = "void"                # the round has no result (void, no quorum, short slate)
    SETTLED = "settled"          # every seat elected or reduced by a recorded vote

    @property
    def label(self) -> str:
        return {"voting": "正在投票", "runoff_due": "须再次投票", "short": "当选人数不足",
                "void": "须重新投票", "settled": "已产生结果"}[self.value]


@dataclass(frozen=True)
class RoundResult:
    """One round as the sequence needs it: ``status`` None while not yet counted."""

    number: int
    stage: RoundStage
    seats: int
    status: Status | None = None
    elected: tuple[str, ...] = ()
    runoff: Runoff | None = None
    shortfall: int = 0
    reduced_to: int | None = None        # this round's seats after a carried reduction vote (0 when
    reduction_voted: bool = False        # the round elected nobody and the election kept earlier ones)


@dataclass(frozen=True)
class Progress:
    seats: int                           # seats after recorded reductions
    elected: tuple[str, ...]             # everyone elected so far, 姓氏笔画 order
    phase: Phase
    offered: tuple[Step, ...]
    refusals: tuple[tuple[Step, str], ...]
    runoff: Runoff | None = None         # when RUNOFF is offered: who and how many seats
    short: int = 0                       # when FURTHER is offered: the seats still short

    @property
    def settled(self) -> bool:
        return self.phase is Phase.SETTLED

    def refusal(self, step: Step) -> str | None:
        """Why ``step`` cannot be taken now, or None when it is offered."""
        return None if step in self.offered else dict(self.refusals)[step]


_UNCOUNTED = (Status.VOID_MORE_RETURNED, Status.NO_QUORUM, Status.SLATE_INVALID)


def follow(seats: int, results: Sequence[RoundResult]) -> Progress:
    """The election after these rounds (in the order held): who is elected, what comes next."""
    elected: list[str] = []
    for r in results:
        if r.status is not None and r.status not in _UNCOUNTED:
            elected += r.elected
        if r.reduced_to is not None:
            seats -= r.seats - r.reduced_to
    done = tuple(sort_names(elected))
    last = results[-1] if results else None
    phase, offered = _phase(last, len(done))
    reasons = {step: _why_not(step, last, phase, seats, len(done)) for step in Step if step not in offered}
    return Progress(seats, done, phase, offered, tuple(reasons.items()),
                    last.runoff if last is not None and Step.RUNOFF in offered else None,
                    last.shortfall if last is not None and Step.FURTHER in offered else 0)


def _phase(last: RoundResult | None, elected: int) -> tuple[Phase, tuple[Step, ...]]:
    """``elected``: everyone elected over all rounds — a reduction keeps at least them, so
    it is possible whenever someone is elected (never to 0 seats, RULES.md §7)."""
    if last is None or last.status is None:
        return Phase.VOTING, ()
    if last.reduced_to is not None:
        return Phase.SETTLED, ()
    if last.status is Status.SLATE_INVALID and last.stage is RoundStage.FURTHER:
        return Phase.SHORT, (Step.FURTHER,)      # a 另行选举 slate gone bad: choose a new one
    if last.status in _UNCOUNTED:
        return Phase.VOID, (Step.REVOTE,)
    if last.status is Status.RUNOFF_NEEDED:
        return Phase.RUNOFF_DUE, (Step.RUNOFF,)
    if last.status is Status.SHORTFALL:
        can_reduce = elected > 0 and not last.reduction_voted
        return Phase.SHORT, (Step.FURTHER, Step.REDUCE) if can_reduce else (Step.FURTHER,)
    return Phase.SETTLED, ()


def _why_not(step: Step, last: RoundResult | None, phase: Phase, seats: int, elected: int) -> str:
    if phase is Phase.VOTING or last is None:
        return "本轮尚未结束计票，结束计票后才能决定下一步。"
    if phase is Phase.SETTLED:
        extra = "（已表决减少名额）" if last.reduced_to is not None else ""
        return f"本次选举已经产生结果：应选{seats}名{extra}，已当选{elected}名，不需要再投票或减少名额。"
    if phase is Phase.VOID:
        return f"第{last.number}轮没有有效的结果，只能重新投票。"
    if step is Step.REDUCE and phase is Phase.SHORT:
        if last.status is Status.SLATE_INVALID:
            return "本轮候选人名单不符合规定，没有计票，应重新确定另行选举的候选人。"
        if not elected:
            return "至今无人当选，名额不能减少为0名，只能另行选举。"
        return "本轮已经表决过减少名额（未获通过），应就不足名额另行选举。"
    if phase is Phase.RUNOFF_DUE and last.runoff is not None:
        names = "、".join(last.runoff.names)
        return f"{names}得票相等且超过半数，须就余下的{last.runoff.seats}个名额在他们中再次投票。"
    return {Step.RUNOFF: "本轮没有跨越最后一个名额的得票相等，不需要再次投票。",
            Step.REVOTE: "本轮选举有效，已经计票，不能重新投票。"}.get(
        step, "当选人数少于应选名额，应另行选举或表决减少名额。")
