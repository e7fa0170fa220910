"""选票印制与清点: print a round's ballots and keep the count of paper.

Per round the kit records how many ballots were printed (领取, incl. spares),
handed out (实发, ``rounds.issued``), spoiled on record (剪角作废) and
returned (收回, ``rounds.returned``).  Every ballot of a round is identical
(RULES.md §5): the QR names the round, never a ballot.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..pdf.ballot import ELECTION_COLOURS, BallotSpec, Contest, problems, render_ballots
from ..store import Store, paper_stock, rounds
from ..store.records import Election, Meeting, Round, RoundType
from ..store.rounds import RoundContext
from . import Outcome, audit
from .entry import payload_for_round
from .plenary import committee
from .roster import core_members
from .slate import candidate_names

ROUND_WORDS = {"first": "", "runoff": "再次投票", "further": "另行选举"}


def _context(store: Store, round_id: int) -> RoundContext | None:
    return rounds.round_context(store, round_id)


def default_copies(store: Store, round_id: int | RoundContext) -> tuple[int, int]:
    """(ballots, spares): one per member with the vote (or per committee member), plus spares.

    Spares (备用票) are about a tenth, at least two; what is not handed out is
    spoiled on record or kept with the election file.
    """
    ctx = round_id if isinstance(round_id, RoundContext) else _context(store, round_id)
    if ctx.election.by_committee:
        voters = len(committee(store, ctx.meeting.id)) or ctx.round.seats
    else:
        voters = sum(1 for m in core_members(store, ctx.meeting.id) if m.has_vote)
    return max(voters, 1), max(2, (voters + 9) // 10)


def ballot_spec(store: Store, round_id: int | RoundContext, paper: str = "A4") -> BallotSpec:
    ctx = round_id if isinstance(round_id, RoundContext) else _context(store, round_id)
    rnd, election, meeting = ctx.round, ctx.election, ctx.meeting
    write_ins = rnd.kind is not RoundType.RUNOFF  # a re-vote is among the tied only
    contest = Contest(election.post.office, election.round_kind, rnd.seats, round_candidates(store, rnd), write_ins)
    words = ROUND_WORDS[rnd.kind]
    label = f"第{rnd.number}轮·{words}" if words else ""
    colour = ELECTION_COLOURS[(election.id - 1) % len(ELECTION_COLOURS)]
    return BallotSpec(branch_name=meeting.branch, contests=(contest,),
                      payload=payload_for_round(store, rnd.id),
                      election_title=_title(meeting.branch, election), round_label=label,
                      colour=colour, paper=paper)


def round_candidates(store: Store, rnd: Round) -> tuple[str, ...]:
    """A first round votes on the slate; a runoff or 另行选举 on the names it was opened with."""
    return tuple(rnd.candidate_names) or tuple(candidate_names(store, rnd.election_id))


def _title(branch: str, election: Election) -> str:
    name = branch.strip().removeprefix("中共").removesuffix("委员会")
    suffix = {"committee": "委员选举选票", "secretary": "书记选举选票",
              "deputy": "副书记选举选票", "by_election": "委员补选选票"}[election.post]
    return f"中共{name}委员会{suffix}"


def papers_folder(base: str | Path, meeting: Meeting) -> Path:
    return Path(base) / f"meeting-{meeting.id}-{meeting.date}"


def ballot_file_name(election_id: int, round_number: int, paper: str = "A4") -> str:
    """The printed ballot PDF of one round, e.g. ``ballots-E1-R2-A4.pdf``."""
    return f"ballots-E{election_id}-R{round_number}-{paper}.pdf"


def print_ballots(store: Store, actor: str, round_id: int | RoundContext, out_dir: str | Path,
                  copies: int | None = None, spares: int | None = None,
                  paper: str = "A4") -> Outcome:
    """Write the round's ballot PDF under ``out_dir/<meeting>/`` and record the count printed."""
    ctx = round_id if isinstance(round_id, RoundContext) else _context(store, round_id)
    if ctx is None:
        return Outcome.refused("投票轮次不存在。")
    rnd, election, meeting = ctx.round, ctx.election, ctx.meeting
    round_id = rnd.id
    if not round_candidates(store, rnd):
        return Outcome.refused("本轮还没有确定候选人，不能印制选票。")
    default = default_copies(store, ctx)
    copies = default[0] if copies is None else copies
    spares = default[1] if spares is None else spares
    if copies < 1 or spares < 0 or copies + spares > 5000:
        return Outcome.refused("印制张数应为1至5000张（备用票不能为负数）。")
    spec = ballot_spec(store, ctx, paper)
    found = problems(spec)
    if found:
        return Outcome.refused(*[f"{p}。" for p in found])
    folder = papers_folder(out_dir, meeting)
    path = folder / ballot_file_name(election.id, rnd.number, paper)
    partial = path.with_suffix(".pdf.part")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        layout = render_ballots(spec, copies, partial, spares=spares)
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        partial.replace(path)  # the previous file stays whole until the new one is complete
    except OSError as exc:
        partial.unlink(missing_ok=True)
        return Outcome.refused(f"选票文件无法写入（{exc.strerror or exc}）：磁盘已满或目录不可写。"
                               "原有的选票文件保持不变，请腾出空间后重新印制。")
    with store.write():
        paper_stock.save_print(store, round_id, copies + spares, spares, paper, spec.payload, path.name,
                               layout.to_dict())
        audit.record(store, actor, "印制选票", {"round_id": round_id, "copies": copies,
                     "spares": spares, "paper": paper, "file": path.name}, meeting.id)
    return Outcome.done(path, f"已生成{spec.title}{spec.round_label and '（' + spec.round_label + '）'}"
                              f"{copies}张，另备用票{spares}张：{path.name}")


def record_spoiled(store: Store, actor: str, round_id: int, spoiled: int) -> Outcome:
    """剩余选票除留存外剪角作废: record how many were spoiled on record."""
    account = paper_account(store, round_id)
    if account["printed"] == 0:
        return Outcome.refused("本轮尚未印制选票。")
    left = account["printed"] - (account["issued"] or 0)
    if spoiled < 0 or spoiled > left:
        return Outcome.refused(f"作废张数应在0至{left}张之间（印制{account['printed']}张，"
                               f"发出{account['issued'] or 0}张）。")
    ctx = _context(store, round_id)
    with store.write():
        paper_stock.set_spoiled(store, round_id, spoiled)
        audit.record(store, actor, "剪角作废", {"round_id": round_id, "spoiled": spoiled}, ctx.meeting.id)
    return Outcome.done(spoiled, f"剩余选票{left}张，剪角作废{spoiled}张，留存{left - spoiled}张。")


def paper_account(store: Store, round_id: int) -> dict[str, Any]:
    """领取 / 实发 / 作废 / 留存 / 收回 for the 选票分发、收回情况报告单."""
    rnd = rounds.get_round(store, round_id)
    row = paper_stock.printed(store, round_id) or {}
    printed = row.get("printed", 0)
    issued, spoiled = (rnd.issued if rnd else None), row.get("spoiled")
    kept = None
    if printed and issued is not None and spoiled is not None:
        kept = printed - issued - spoiled
    return {"printed": printed, "spares": row.get("spares", 0), "issued": issued,
            "spoiled": spoiled, "kept": kept, "returned": rnd.returned if rnd else None,
            "file": row.get("file", ""), "paper": row.get("paper", "A4"),
            "payload": row.get("payload", "")}


def printed_layout(store: Store, round_id: int) -> dict[str, Any] | None:
    """The layout printed for this round (for reading scans), or None."""
    row = paper_stock.printed(store, round_id)
    return row["layout"] if row else None


def printed_layouts_and_key(store: Store) -> tuple[dict[str, Any], str | None]:
    """Every layout printed in this meeting file, by QR payload, and the kit's QR check key
    (what ``votekit read-scan --db`` needs); ({}, None) for a file that has neither."""
    from ..pdf.ballot_layout import BallotLayout
    from .entry import KEY_NAME
    found = {}
    for data in paper_stock.all_layouts(store):
        if data:
            layout = BallotLayout.from_dict(data)
            found[layout.payload] = layout
    return found, paper_stock.kit_key_if_any(store, KEY_NAME)
