"""Round records and verdicts back to plain data (TALLY-JSON.md field names, fixed)."""
from __future__ import annotations

from typing import Any

from .vocabulary import Ballot, Count, RoundRecord, RoundStage, Runoff, Status, Verdict


def verdict_to_data(verdict: Verdict) -> dict[str, Any]:
    runoff: dict[str, Any] | None = None
    if verdict.runoff is not None:
        runoff = {"names": list(verdict.runoff.names), "seats": verdict.runoff.seats,
                  "votes": verdict.runoff.votes}
    return {
        "expected": verdict.expected,
        "present": verdict.present,
        "min_present": verdict.min_present,
        "quorum_met": verdict.quorum_met,
        "min_candidates": verdict.min_candidates,
        "slate_ok": verdict.slate_ok,
        "ballots_returned": verdict.ballots_returned,
        "election_valid": verdict.election_valid,
        "valid_ballots": verdict.valid_ballots,
        "invalid_ballots": verdict.invalid_ballots,
        "tally": {name: {"agree": c.agree, "disagree": c.disagree, "abstain": c.abstain}
                  for name, c in verdict.tally},
        "elected": list(verdict.elected),
        "runoff": runoff,
        "shortfall": verdict.shortfall,
        "seats_reduced_to": verdict.seats_reduced_to,
        "status": verdict.status.value,
        "messages": list(verdict.messages),
        "flags": list(verdict.flags),
        "round": verdict.stage.value,
        **({"write_ins_ignored": dict(verdict.write_ins_ignored)}
           if verdict.stage is RoundStage.RUNOFF else {}),
    }


def verdict_from_data(data: dict[str, Any]) -> Verdict:
    """The inverse of ``verdict_to_data`` (a stored verdict back to the typed one).

    ``verdict_from_data(verdict_to_data(v)) == v``.  Verdicts stored before the
    ``round`` field existed read as first-round verdicts."""
    runoff = data.get("runoff")
    return Verdict(
        expected=data["expected"], present=data["present"], min_present=data["min_present"],
        quorum_met=data["quorum_met"], min_candidates=data["min_candidates"], slate_ok=data["slate_ok"],
        ballots_returned=data["ballots_returned"], election_valid=data["election_valid"],
        valid_ballots=data["valid_ballots"], invalid_ballots=data["invalid_ballots"],
        tally=tuple((name, Count(c["agree"], c["disagree"], c["abstain"]))
                    for name, c in data["tally"].items()),
        elected=tuple(data["elected"]),
        runoff=Runoff(tuple(runoff["names"]), runoff["seats"], runoff["votes"]) if runoff else None,
        shortfall=data["shortfall"], seats_reduced_to=data["seats_reduced_to"],
        status=Status(data["status"]), messages=tuple(data["messages"]), flags=tuple(data["flags"]),
        stage=RoundStage(data.get("round", "first")),
        write_ins_ignored=tuple((data.get("write_ins_ignored") or {}).items()),
    )


def ballot_to_data(ballot: Ballot) -> dict[str, Any]:
    if ballot.illegible:
        return {"illegible": True}
    return {"marks": {name: mark.value for name, mark in ballot.marks},
            "write_ins": [{"name": w.name, "mark": w.mark.value} for w in ballot.write_ins]}


def round_to_data(record: RoundRecord) -> dict[str, Any]:
    """The inverse of ``record.parse_round``: ``parse_round(round_to_data(r)) == r``."""
    members = []
    for m in record.members:
        item: dict[str, Any] = {"name": m.name, "status": m.status.value, "present": m.present}
        if m.excluded is not None:
            item["excluded"] = {"reason": int(m.excluded.reason),
                                "higher_approved": m.excluded.higher_approved,
                                "meeting_approved": m.excluded.meeting_approved}
        members.append(item)
    data: dict[str, Any] = {
        "kind": record.kind.value,
        "seats": record.seats,
        "members": members,
        "candidates": list(record.candidates),
        "ballots_issued": record.ballots_issued,
        "ballots": [ballot_to_data(b) for b in record.ballots],
        "options": {"allow_exact_four_fifths": record.options.allow_exact_four_fifths,
                    "count_unmarked_write_in": record.options.count_unmarked_write_in},
    }
    if record.seat_reduction_yes is not None:
        data["seat_reduction_vote"] = {"yes": record.seat_reduction_yes}
    if record.stage is not RoundStage.FIRST:
        data["round"] = record.stage.value
    return data
