"""A void round (more ballots returned than issued → 选举无效, 重新投票; RULES.md §6) in the
paperwork, read back from the PDFs and compared with what the store recorded.

Two meetings, both played through the service layer: the demo ``shortfall`` variant (a
committee election whose 另行选举 comes back 21 for 20 and is held again), and a branch
without a committee whose 书记 first round comes back 7 for 6.  The minutes, the 主持词,
the 监票人报告单 (选票收回情况报告单), the report and the 计票结果报告单 name the void round
in its place with its 发出/收回 and 选举无效, and print no count for it (validity is
declared before counting starts, so none was made); the archive keeps its record and
still verifies."""
from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.documents_support import flat, pdf_text
from tests.no_committee_support import prepared_branch
from tests.rounds_support import ACTOR, ballot, hold
from votekit.documents.bundle import write_documents
from votekit.documents.verify import verify_archive
from votekit.rehearsal.demo import played_file
from votekit.rehearsal.play import dossier
from votekit.rehearsal.scenario import scenario
from votekit.service import counting, entry, meetings, slate
from votekit.service.dossier import dossier_for
from votekit.store import open_store
from votekit.store.records import RoundStatus

pytestmark = pytest.mark.slow

PAPERS = ("08-会议记录", "01-主持词", "11-监票人报告单", "05-关于选举结果的报告", "02-计票结果报告单")


@dataclass
class Held:
    """One round as the store recorded it."""

    number: int
    void: bool
    issued: int
    returned: int


@dataclass
class Written:
    folder: Path
    archive: Path
    texts: dict[str, str]
    rounds: list[Held]          # the election with the void round, in order


def _recorded(store, election_id: int) -> list[Held]:
    out = []
    for rnd in meetings.rounds(store, election_id):
        status = entry.state(store, rnd.id).status
        out.append(Held(rnd.number, status is RoundStatus.VOID, rnd.issued, rnd.returned))
    return out


def _write(store, d, folder: Path, election_id: int) -> Written:
    done = write_documents(d, folder)
    texts = {p.stem: pdf_text(p) for p in (folder / "pdf").glob("*.pdf")}
    return Written(folder, Path(done.archive), texts, _recorded(store, election_id))


def prose(text: str) -> str:
    return flat(re.sub(r"—\s*\d+\s*—|第\s*\d+\s*页", "", text))


@pytest.fixture(scope="module")
def committee(tmp_path_factory) -> Written:
    folder = tmp_path_factory.mktemp("void-committee")
    sc = scenario("shortfall")
    store, played = played_file(folder / "meeting.sqlite3", sc)
    try:
        committee_election = next(e for e in meetings.elections(store, played.meeting_id)
                                  if e.post == "committee")
        return _write(store, dossier(store, sc, played), folder / "out", committee_election.id)
    finally:
        store.close()


def _branch_with_a_void_round(store) -> tuple[int, int]:
    """6 正式党员 present; the 书记's first round comes back 7 for 6 (void), its 重新投票
    elects 于波 4 of 6; the 副书记 万伟 5 of 6."""
    m, secretary, deputy = prepared_branch(store)
    first = meetings.current_round(store, secretary).id
    v = hold(store, first, [], returned=7)          # 6 issued, 7 back: declared void, nothing entered
    assert v["status"] == "void_more_returned"
    again = counting.next_round(store, ACTOR, first, "revote")
    assert again.ok, again.message
    v = hold(store, again.value, [ballot(("于波",))] * 4 + [ballot((), ("于波",))] * 2)
    assert v["elected"] == ["于波"]
    v = hold(store, meetings.current_round(store, deputy).id,
             [ballot(("万伟",))] * 5 + [ballot((), ("万伟",))])
    assert v["elected"] == ["万伟"]
    return m, secretary


@pytest.fixture(scope="module")
def branch(tmp_path_factory) -> Written:
    folder = tmp_path_factory.mktemp("void-branch")
    with open_store(":memory:") as store:
        meeting_id, secretary = _branch_with_a_void_round(store)
        return _write(store, dossier_for(store, meeting_id), folder, secretary)


def _void(w: Written) -> Held:
    voids = [r for r in w.rounds if r.void]
    assert len(voids) == 1, w.rounds
    assert voids[0].returned > voids[0].issued
    return voids[0]


def _declared(h: Held) -> str:
    return f"发出选票{h.issued}张，收回{h.returned}张，收回的选票多于发出的选票，选举无效"


def _counted(h: Held) -> str:
    return f"发出选票{h.issued}张，收回{h.returned}张，收回的选票"


@pytest.mark.parametrize("kind", ["committee", "branch"])
def test_the_void_round_is_declared_in_every_paper_describing_the_rounds(kind, request):
    w: Written = request.getfixturevalue(kind)
    void = _void(w)
    for paper in PAPERS:
        text = prose(w.texts[paper])
        assert _declared(void) in text, paper
        # in its place: after the round before it, before the round that re-ran it
        at = text.index(_declared(void))
        before = [h for h in w.rounds if h.number < void.number]
        after = [h for h in w.rounds if h.number > void.number]
        if before:
            assert text.find(_counted(before[-1])) < at, paper
        assert text.find(_counted(after[0]), at) > at, paper


@pytest.mark.parametrize("kind", ["committee", "branch"])
def test_the_void_round_prints_no_count(kind, request):
    """Validity is declared before counting starts (RULES.md §6): after its 选举无效 no
    有效票 and no 赞成 comes before the next round's ballots are reported."""
    w: Written = request.getfixturevalue(kind)
    void = _void(w)
    nxt = next(h for h in w.rounds if h.number > void.number)
    ends = {"01-主持词": "下面重新投票", "11-监票人报告单": "选票分发情况报告单", "02-计票结果报告单": "计票结果报告单"}
    for paper in PAPERS:
        text = prose(w.texts[paper])
        at = text.index(_declared(void))
        stretch = text[at:text.index(ends.get(paper, _counted(nxt)), at)]
        assert "有效票" not in stretch and "赞成" not in stretch and "计票结果：" not in stretch, (paper, stretch)
    script = prose(w.texts["01-主持词"])
    at = script.index(_declared(void))
    stretch = script[at:script.index("下面重新投票", at)]
    assert "开箱计票" not in stretch and "宣布选举结果" not in stretch
    assert "现在宣布：本轮选举无效" in stretch and "重新投票" in stretch   # he says it is held again


def test_the_committee_minutes_name_every_round_in_order(committee):
    text = prose(committee.texts["08-会议记录"])
    void = _void(committee)
    at = [text.index(x) for x in ("第一轮（应选5名）", "另行选举（应选2名）", _declared(void),
                                  "另行选举重新投票（应选2名）", "再次投票（应选1名）")]
    assert at == sorted(at)
    script = prose(committee.texts["01-主持词"])
    assert "、另行选举重新投票刚才的另行选举因收回的选票多于发出的选票，选举无效。" in script


def test_the_branch_papers_name_the_secretary_rerun(branch):
    minutes = prose(branch.texts["08-会议记录"])
    assert "书记选举第一轮（应选1名）" in minutes and "书记选举第一轮重新投票（应选1名）" in minutes
    assert minutes.index("书记选举第一轮（应选1名）") < minutes.index("书记选举第一轮重新投票")
    report = prose(branch.texts["05-关于选举结果的报告"])
    assert "书记选举第一轮投票" + _declared(_void(branch)) in report
    assert "于波同志当选为中共测试第三支部书记" in prose(branch.texts["01-主持词"])


@pytest.mark.parametrize("kind", ["committee", "branch"])
def test_the_archive_keeps_the_void_round_and_verifies(kind, request, tmp_path):
    w: Written = request.getfixturevalue(kind)
    void = _void(w)
    check = verify_archive(w.archive)
    assert check.ok, check.summary
    assert check.void_rounds == 1 and "另有1轮选举无效" in check.summary
    with zipfile.ZipFile(w.archive) as zf:
        names = zf.namelist()
        kept = [n for n in names if n.startswith("void/")]
        assert len(kept) == 1
        record = json.loads(zf.read(kept[0]))
        readme = zf.read("说明.txt").decode("utf-8")
    assert (record["ballots_issued"], record["ballots_returned"]) == (void.issued, void.returned)
    assert record["status"] == "void_more_returned" and record["tally"] == {}
    assert "ballots" not in record
    # numbered in its place among the rounds of the same election
    position = int(kept[0].split("/")[1][:2])
    counted = sorted(n for n in names if n.startswith("rounds/") and int(n[7:9]) < 11)
    assert len(counted) == len(w.rounds) - 1 + (1 if kind == "branch" else 0)
    if position > 1:
        assert any(n.startswith(f"rounds/{position - 1:02d}-") for n in counted)
    assert any(n.startswith(f"rounds/{position + 1:02d}-") and "重新投票" in n for n in counted)
    assert "void/" in readme
    # a changed count in the void record is caught, and named
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(w.archive) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == kept[0]:
                data = data.replace(f'"ballots_returned": {void.returned}'.encode(),
                                    f'"ballots_returned": {void.issued}'.encode())
                assert data != src.read(info)
            dst.writestr(info, data)
    caught = verify_archive(bad)
    assert not caught.ok and kept[0] in caught.bad_files
    assert any("并不多于发出的选票" in what for _, what in caught.problems)


@pytest.fixture(scope="module")
def plenary_void(tmp_path_factory):
    """The shortfall meeting's committee settled, then its first plenary: the 书记's first
    ballot comes back 6 for 5 (void), the 重新投票 elects 王建国 5 of 5."""
    from votekit.rehearsal.play import Stage
    from votekit.rehearsal.scenario import Pile
    from votekit.service import plenary
    folder = tmp_path_factory.mktemp("void-plenary")
    sc = scenario("shortfall")
    store, played = played_file(folder / "meeting.sqlite3", sc, until=Stage.COUNTED, print_ballots=False)
    try:
        committee = plenary.committee(store, played.meeting_id)
        assert plenary.open_plenary(store, ACTOR, played.meeting_id, committee, convener=sc.convener).ok
        secretary = played.elections["secretary"]
        assert plenary.set_post_candidates(store, ACTOR, secretary, ["王建国"]).ok
        assert slate.set_tellers(store, ACTOR, secretary, [sc.plenary_scrutineer], []).ok
        first = meetings.current_round(store, secretary).id
        v = hold(store, first, [], issued=len(committee), returned=len(committee) + 1)
        assert v["status"] == "void_more_returned"
        again = counting.next_round(store, ACTOR, first, "revote")
        assert again.ok, again.message
        pile = Pile((("王建国", len(committee), 0),)).papers(len(committee), 1, 7)
        assert hold(store, again.value, pile)["elected"] == ["王建国"]
        rounds = _recorded(store, secretary)
        d = dossier(store, sc, played)
        done = write_documents(d, folder / "out")
    finally:
        store.close()
    texts = {p.stem: pdf_text(p) for p in (folder / "out" / "pdf").glob("*.pdf")}
    return Written(folder / "out", Path(done.archive), texts, rounds)


def test_a_void_plenary_round_is_in_the_plenary_papers(plenary_void):
    w = plenary_void
    void = _void(w)
    after = next(h for h in w.rounds if h.number > void.number)
    for paper in ("13-第一次全体会议记录", "11-监票人报告单", "02-计票结果报告单", "05-关于选举结果的报告"):
        text = prose(w.texts[paper])
        at = text.find(_declared(void))
        assert at >= 0, paper
        then = "选举王建国同志为支部委员会书记" if paper.startswith("05") else _counted(after)
        assert text.find(then, at) > at, paper
    minutes = prose(w.texts["13-第一次全体会议记录"])
    assert "书记选举重新投票（无记名投票、等额选举，候选人王建国）" in minutes
    check = verify_archive(w.archive)
    assert check.ok and check.void_rounds == 2, check.summary      # the committee's 另行选举 too
    with zipfile.ZipFile(w.archive) as zf:
        names = zf.namelist()
    assert "void/11-书记-选举无效.json" in names and "rounds/12-书记-重新投票.json" in names
