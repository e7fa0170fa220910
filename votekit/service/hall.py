"""Where the meeting stands, for the hall screen and the presiding officer's live script.

Nobody touches the hall screen: its phase follows from what the secretary, the tellers
and the 监票人 record anyway —

  到会情况 (attendance)  → 候选人 (candidates, 姓氏笔画) → 投票 (ballots issued)
  → 唱票 (ballots being entered) → 宣布结果 (round closed or void) → the next vote …

Each phase carries the sentences the presiding officer reads at that moment, with the
numbers known so far.  Nothing here can link a ballot to a voter.
"""
from __future__ import annotations

from typing import Any

from ..core.validity import election_sentence, election_valid
from ..core.verdict import worded_for_committee
from ..store import Store, rounds
from ..store.records import Election, Round, RoundState, RoundStatus, round_title
from . import counting, entry, meetings, motions, rolls, signin, slate

PHASE_WORDS = {"attendance": "报告到会情况", "candidates": "宣布候选人名单", "voting": "发放选票、投票",
               "counting": "计票（唱票）", "result": "宣布选举结果"}
FINISHED = "选举议程已全部完成。"
ALREADY_SAID = ("应到会有选举权", "应到会委员", "本次选举共发出选票")


Held = tuple[Election, Round, RoundState]


def _rounds_in_order(store: Store, meeting_id: int) -> list[Held]:
    """(election, round, state) for every round of the meeting, in the order they are held."""
    out = []
    for election in meetings.elections(store, meeting_id):
        states = rounds.states_of(store, election.id)
        for rnd in meetings.rounds(store, election.id):
            out.append((election, rnd, states[rnd.id]))
    return out


def _election_data(store: Store, election: Election, rnd: Round | None = None) -> dict[str, Any]:
    tellers = slate.tellers(store, election.id)
    names = list(entry.candidates_of(store, rnd.id)) if rnd else list(slate.candidate_names(store, election.id))
    return {"title": election.title, "kind": election.kind_label, "post": election.post_label,
            "seats": rnd.seats if rnd else election.seats, "candidates": names,
            "scrutineers": list(tellers["scrutineer"]), "counters": list(tellers["counter"])}


def _round_data(election: Election, rnd: Round, st: RoundState) -> dict[str, Any]:
    return {"id": rnd.id, "title": round_title(election, rnd), "label": rnd.label,
            "kind": rnd.kind.value, "seats": rnd.seats, "issued": rnd.issued, "returned": rnd.returned,
            "status": st.status.value, "status_label": st.status_label}


def how_to_mark(seats: int, runoff: bool) -> str:
    """填写选票的注意事项 (RULES §5, §7: a re-vote's ballot takes no write-ins)."""
    marks = "在每位候选人姓名上方的空格内，赞成的画“○”，不赞成的画“×”，弃权的不画任何符号。"
    other = ("本轮再次投票的选票不另选他人，写上的其他姓名不计票。" if runoff else
             "不赞成某候选人而要另选他人的，在该候选人姓名上方画“×”，在另选他人栏内写上另选人的姓名，"
             "并在其姓名上方画“○”；弃权的不得另选他人。")
    return (marks + other + f"所选人数等于或少于应选人数{seats}名的为有效票，多于{seats}名的为无效票。")


def _say_candidates(e: dict[str, Any]) -> list[str]:
    lines = [f"{e['title']}，应选{e['seats']}名，候选人共{len(e['candidates'])}名，"
             f"名单如下（以姓氏笔画为序）：{'、'.join(e['candidates'])}。"]
    if e["scrutineers"]:
        lines.append(f"提请大会表决通过：{'、'.join(e['scrutineers'])}同志为监票人"
                     + (f"，{'、'.join(e['counters'])}同志为计票人" if e["counters"] else "") + "。同意的请举手。")
    return lines


def _say_voting(r: dict[str, Any]) -> list[str]:
    return ([f"本轮共发出选票{r['issued']}张。"] if r["issued"] is not None else []) + [
        "下面说明填写选票的注意事项：" + how_to_mark(r["seats"], r["kind"] == "runoff"),
        "党内选举不能委托他人代为投票。现在开始投票。请监票人、计票人先投票，然后其他党员按顺序依次投票。"]


def _say_counting(r: dict[str, Any]) -> list[str]:
    lines = []
    if r["returned"] is not None and r["issued"] is not None:
        lines.append("请监票人报告选票清点情况：" + election_sentence(r["returned"], r["issued"]))
    lines.append("请监票人、计票人当众开箱计票。其他同志请在座位上稍候。")
    return lines


def _result(store: Store, election: Election, rnd: Round, st: RoundState) -> dict[str, Any]:
    verdict = st.verdict_data or {}
    names = list(entry.candidates_of(store, rnd.id))
    rows = [{"name": n, **c, "write_in": n not in names,
             "word": "当选" if n in verdict.get("elected", []) else
             ("再次投票" if verdict.get("runoff") and n in verdict["runoff"]["names"] else
              ("未当选" if n in names else ""))}
            for n, c in verdict.get("tally", {}).items()]
    say = ["请监票人宣读计票结果。"]
    if rnd.returned is not None and rnd.issued is not None and not election_valid(rnd.returned, rnd.issued):
        say = [election_sentence(rnd.returned, rnd.issued)]
    # the attendance and the ballots returned were announced before the count; the result's own sentences now
    spoken = verdict.get("messages", [])
    if election.by_committee:
        spoken = worded_for_committee(spoken)
    say += [m for m in spoken if not m.startswith(ALREADY_SAID)]
    return {"elected": verdict.get("elected", []), "rows": rows, "valid": verdict.get("valid_ballots"),
            "invalid": verdict.get("invalid_ballots"), "void": st.status is RoundStatus.VOID, "say": say}


def hall(store: Store, meeting_id: int) -> dict[str, Any]:
    """The hall screen's phase and what the presiding officer reads now (see the module docstring)."""
    meeting = meetings.get_meeting(store, meeting_id)
    q = signin.quorum_data(signin.quorum(store, meeting_id))
    data: dict[str, Any] = {"branch": meeting.branch, "meeting_title": meeting_title(meeting.branch),
                            "quorum": q, "election": None, "round": None, "board": None, "result": None,
                            "next": ""}
    held = _rounds_in_order(store, meeting_id)
    going = next(((e, r, s) for e, r, s in held if s.is_open and r.issued is not None), None)
    finished = [(e, r, s) for e, r, s in held if not s.is_open]
    if going:
        election, rnd, st = going
        data["election"], data["round"] = _election_data(store, election, rnd), _round_data(election, rnd, st)
        board = counting.board(store, rnd.id)
        started = board["entered"] or board.get("entered_b") or rnd.returned is not None
        if started:
            data.update(phase="counting", board=board, say=_say_counting(data["round"]))
        else:
            data.update(phase="voting", say=_say_voting(data["round"]))
    elif finished:
        election, rnd, st = finished[-1]
        data["election"], data["round"] = _election_data(store, election, rnd), _round_data(election, rnd, st)
        data["result"] = _result(store, election, rnd, st)
        data.update(phase="result", say=data["result"]["say"], next=_next(store, held, st))
    else:
        first = next(((e, r) for e, r, _ in held if not e.by_committee), None)
        data["election"] = _election_data(store, first[0], first[1]) if first else None
        if not q["met"] or not data["election"] or not data["election"]["candidates"]:
            data.update(phase="attendance", say=[q["message"]])
        else:
            data.update(phase="candidates", say=[q["message"]] + _say_candidates(data["election"]))
    data["since"] = rolls.since_last_vote(store, meeting_id)
    moved = data["since"].get("moves")
    if moved and data["phase"] not in ("voting", "counting"):   # 到会变化 since the last vote's ballots
        data["say"] = list(data["say"]) + [f"上次投票发票后：{'；'.join(moved)}。下一次投票实到"
                                           f"{data['since']['present_now']}人。"]
    data["phase_label"] = PHASE_WORDS[data["phase"]]
    rid = data["round"]["id"] if data["round"] else 0
    data["key"] = f"{data['phase']}-{rid}-{data['round']['status'] if data['round'] else ''}"
    return data


def _next(store: Store, held: list[Held], st: RoundState) -> str:
    """What comes after the announced round: the round already set up, else what the verdict
    calls for (再次投票, 另行选举, 重新投票), else the end of the elections."""
    later = [(e, r, s) for e, r, s in held if s.is_open]
    if later:
        election, nxt, _ = later[0]
        return f"下一项：{round_title(election, nxt)}，应选{nxt.seats}名。"
    verdict = st.verdict_data or {}
    status = verdict.get("status")
    if st.status is RoundStatus.VOID or status == "void_more_returned":
        return "下一项：重新投票（使用新一轮的选票）。"
    if status == "runoff_needed" and verdict.get("runoff"):
        r = verdict["runoff"]
        return f"下一项：在{'、'.join(r['names'])}中再次投票，选{r['seats']}名，得票多的当选。"
    if status == "shortfall" and verdict.get("seats_reduced_to") is None:
        return "下一项：就不足的名额另行选举，或经半数以上选举人同意减少名额。"
    if status in ("no_quorum", "slate_invalid"):
        return "下一项：待具备条件后重新进行选举。"
    return FINISHED


def meeting_title(branch: str) -> str:
    """中共××支部委员会 → 中共××支部党员大会 (the 规范 name of the meeting)."""
    name = branch[:-3] if branch.endswith("支部委员会") else branch
    return f"{name}党员大会"


# -- the presiding officer's live script -----------------------------------------------
DIGITS = "零一二三四五六七八九"


def ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[ones] if ones else "")


METHOD = ["《选举办法（草案）》已经印发给大家，并经各党小组讨论。现在请大家对选举办法（草案）进行表决。"
          "同意的请举手。（稍停）请放下。不同意的请举手。（稍停）弃权的请举手。（稍停）",
          "选举办法获得通过。"]


def script(store: Store, meeting_id: int) -> dict[str, Any]:
    """The 主持词 step by step with the numbers known so far; ``now`` marks the step the meeting is at."""
    now = hall(store, meeting_id)
    held = _rounds_in_order(store, meeting_id)
    steps: list[dict[str, Any]] = [{"key": "attendance", "title": "报告到会情况", "say": [now["quorum"]["message"]]}]
    first = next(((e, r) for e, r, _ in held if not e.by_committee), None)
    if first:
        e = _election_data(store, first[0], first[1])
        steps += [{"key": "candidates", "title": "通过选举办法", "say": METHOD},
                  {"key": "candidates", "title": "宣布候选人名单，推选监票人、计票人", "say": _say_candidates(e)}]
    for election, rnd, st in held:
        r = _round_data(election, rnd, st)
        head = round_title(election, rnd)
        steps += [{"key": f"voting-{rnd.id}", "title": f"{head}：检查票箱、发放选票、投票",
                   "say": ["请监票人当众检查票箱。"] + _say_voting(r)},
                  {"key": f"counting-{rnd.id}", "title": "清点选票，宣布选举是否有效，计票", "say": _say_counting(r)},
                  {"key": f"result-{rnd.id}", "title": "宣布选举结果",
                   "say": _result(store, election, rnd, st)["say"] if not st.is_open
                   else ["（计票结束后，结果在此显示。）"]}]
    other = motions.script_lines(store, meeting_id)
    if other:                     # 表决 (接收预备党员 …) with their results once recorded
        steps.append({"key": "motions", "title": "其他表决事项", "say": other})
    steps.append({"key": "end", "title": "结束", "say": ["同志们，选举议程已经全部完成。选举结果将报上级党组织审批。",
                                                       "大会到此结束。散会。"]})
    current = now["phase"] if now["phase"] in ("attendance", "candidates") else f"{now['phase']}-{now['round']['id']}"
    final = now["phase"] == "result" and now["next"] == FINISHED
    at = next((i for i, s in enumerate(steps) if s["key"] == current), 0)
    for i, s in enumerate(steps):
        s["n"] = ordinal(i + 1)
        s["state"] = "done" if i < at else ("now" if s["key"] == current or (final and s["key"] == "end") else "later")
    return {"hall": now, "steps": steps, "now": current}
