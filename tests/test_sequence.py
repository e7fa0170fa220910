"""The election's state machine (core.sequence): offered steps and the reasons for the others."""
from votekit.core.sequence import Phase, RoundResult, Step, follow
from votekit.core.vocabulary import RoundStage, Runoff, Status

FIRST, RUNOFF, FURTHER = RoundStage.FIRST, RoundStage.RUNOFF, RoundStage.FURTHER


def test_nothing_is_offered_while_a_round_is_open():
    p = follow(5, [RoundResult(1, FIRST, 5)])
    assert p.phase is Phase.VOTING and p.offered == ()
    assert all("尚未结束计票" in p.refusal(s) for s in Step)


def test_tie_offers_only_the_runoff():
    tie = Runoff(("甲", "乙"), 1, 18)
    p = follow(5, [RoundResult(1, FIRST, 5, Status.RUNOFF_NEEDED, ("丙", "丁", "戊", "己"), tie)])
    assert p.offered == (Step.RUNOFF,) and p.runoff == tie and len(p.elected) == 4
    assert "须就余下的1个名额" in p.refusal(Step.FURTHER)


def test_shortfall_offers_further_and_reduction_but_never_to_zero():
    p = follow(5, [RoundResult(1, FIRST, 5, Status.SHORTFALL, ("甲", "乙", "丙"), shortfall=2)])
    assert p.offered == (Step.FURTHER, Step.REDUCE) and p.short == 2
    none = follow(5, [RoundResult(1, FIRST, 5, Status.SHORTFALL, (), shortfall=5)])
    assert none.offered == (Step.FURTHER,) and "不能减少为0名" in none.refusal(Step.REDUCE)
    voted = follow(5, [RoundResult(1, FIRST, 5, Status.SHORTFALL, ("甲",), shortfall=4, reduction_voted=True)])
    assert voted.offered == (Step.FURTHER,) and "未获通过" in voted.refusal(Step.REDUCE)


def test_reduction_applies_to_the_seats_short_and_settles():
    rounds = [RoundResult(1, FIRST, 5, Status.SHORTFALL, ("甲", "乙", "丙"), shortfall=2),
              RoundResult(2, FURTHER, 2, Status.COMPLETE, ("丁",), reduced_to=1, reduction_voted=True)]
    p = follow(5, rounds)
    assert p.settled and p.seats == 4 and sorted(p.elected) == sorted(("甲", "乙", "丙", "丁"))
    assert all("已经产生结果" in p.refusal(s) for s in Step)


def test_void_and_a_bad_further_slate():
    assert follow(5, [RoundResult(1, FIRST, 5, Status.VOID_MORE_RETURNED)]).offered == (Step.REVOTE,)
    bad = follow(5, [RoundResult(1, FIRST, 5, Status.SHORTFALL, ("甲", "乙", "丙"), shortfall=2),
                     RoundResult(2, FURTHER, 2, Status.SLATE_INVALID, shortfall=2)])
    assert bad.offered == (Step.FURTHER,) and bad.short == 2 and len(bad.elected) == 3


def test_after_a_further_round_that_elected_nobody_the_seats_short_may_be_reduced():
    first = RoundResult(1, FIRST, 5, Status.SHORTFALL, ("甲", "乙", "丙"), shortfall=2)
    empty = RoundResult(2, FURTHER, 2, Status.SHORTFALL, (), shortfall=2)
    p = follow(5, [first, empty])
    assert p.offered == (Step.FURTHER, Step.REDUCE) and p.short == 2 and p.seats == 5
    carried = follow(5, [first, RoundResult(2, FURTHER, 2, Status.SHORTFALL, (), shortfall=2,
                                            reduced_to=0, reduction_voted=True)])
    assert carried.settled and carried.seats == 3 and len(carried.elected) == 3
    failed = follow(5, [first, RoundResult(2, FURTHER, 2, Status.SHORTFALL, (), shortfall=2,
                                           reduction_voted=True)])
    assert failed.offered == (Step.FURTHER,) and "未获通过" in failed.refusal(Step.REDUCE)
    nobody = follow(5, [RoundResult(1, FIRST, 5, Status.SHORTFALL, (), shortfall=5),
                        RoundResult(2, FURTHER, 5, Status.SHORTFALL, (), shortfall=5)])
    assert nobody.offered == (Step.FURTHER,) and "不能减少为0名" in nobody.refusal(Step.REDUCE)
