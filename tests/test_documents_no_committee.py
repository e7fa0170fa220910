"""The paperwork of a branch without a committee (RULES.md §3, §7; DOCUMENTS.md), read back
from the PDFs and compared with what the store recorded: its 书记 (two rounds: nobody
elected, then a 另行选举) and its 副书记, elected at the 党员大会 — every round with its
counts in the 计票结果报告单, the 宣布 (主持词), the minutes, the report and 请示 to the
higher committee and the archive; titles and wording of the 请示 and 选举办法 speak of
书记、副书记, and no paper speaks of 委员 where there is no committee."""
import re

import pytest

from votekit.documents.bundle import write_documents
from votekit.documents.verify import verify_archive
from votekit.service import entry, meetings
from votekit.service.dossier import dossier_for
from votekit.store import open_store
from tests.documents_support import flat, pdf_text
from tests.no_committee_support import BRANCH, build_branch

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("no-committee")
    with open_store(":memory:") as store:
        branch = build_branch(store)
        recorded = {label: entry.state(store, rid).verdict_data for label, rid in branch.rounds.items()}
        issued = {label: meetings.get_round(store, rid).issued for label, rid in branch.rounds.items()}
        done = write_documents(dossier_for(store, branch.meeting_id), out)
    texts = {p.stem: pdf_text(p) for p in (out / "pdf").glob("*.pdf")}
    texts["tally-layout"] = pdf_text(out / "pdf" / "02-计票结果报告单.pdf", layout=True)
    return done, texts, recorded, issued


def pages(text: str) -> list[str]:
    return [flat(p) for p in text.split("\f") if p.strip()]


def prose(text: str) -> str:
    """The text layer as one string without the page numbers (—2—, 第1页) between pages."""
    return re.sub(r"—\d+—|第\d+页", "", flat(text))


def test_every_round_of_both_elections_is_on_the_tally_sheet_with_the_stored_counts(written):
    _, texts, recorded, issued = written
    sheet = pages(texts["02-计票结果报告单"])
    rows = [[re.sub(r"\s+", " ", line.strip()) for line in page.splitlines()]
            for page in texts["tally-layout"].split("\f") if page.strip()]
    assert len(sheet) == len(rows) == 3                              # 书记 第一轮, 书记 另行选举, 副书记
    contests = {"书记第一轮": ("支部书记（应选1名）·第一轮", sheet[0]),
                "书记另行选举": ("支部书记（应选1名）·另行选举", sheet[1]),
                "副书记": ("支部副书记（应选1名）·第一轮", sheet[2])}
    for (label, (heading, page)), lines in zip(contests.items(), rows):
        v = recorded[label]
        assert heading in page and "无记名投票、等额选举" in page and "差额" not in page
        assert f"发出选票{issued[label]}张收回选票{v['ballots_returned']}张" in page
        assert f"有效票{v['valid_ballots']}张无效票{v['invalid_ballots']}张" in page
        assert f"应到会有选举权人数{v['expected']}实到会有选举权人数{v['present']}" in page
        for i, (name, c) in enumerate(v["tally"].items(), start=1):
            outcome = "当选" if name in v["elected"] else "未过半数"
            assert f"{i} {name} {c['agree']} {c['disagree']} {c['abstain']} {outcome}" in lines
    assert "当选为中共测试第三支部书记" in sheet[1] and "当选为中共测试第三支部副书记" in sheet[2]
    assert "副书记选举" in sheet[2] and "监票人：卢静" in sheet[2]


def test_the_report_minutes_and_announcement_carry_both_elections(written):
    _, texts, recorded, _ = written
    report = prose(texts["05-关于选举结果的报告"])
    assert report.startswith("关于支部书记、副书记选举结果的报告")
    for label, head in (("书记第一轮", "书记选举第一轮投票"), ("书记另行选举", "书记选举另行选举"),
                        ("副书记", "副书记选举第一轮投票")):
        v = recorded[label]
        assert head in report
        for name, c in v["tally"].items():
            assert f"{name}同志赞成{c['agree']}票、不赞成{c['disagree']}票、弃权{c['abstain']}票" in report
    secretary, deputy = recorded["书记另行选举"]["elected"][0], recorded["副书记"]["elected"][0]
    assert f"四、选举结果{secretary}同志当选为{BRANCH}书记；{deputy}同志当选为{BRANCH}副书记。" in report
    minutes = prose(texts["08-会议记录"])
    assert "3．无记名投票、等额选举产生支部书记4．无记名投票、等额选举产生支部副书记" in minutes
    assert "书记选举另行选举（应选1名）" in minutes and "副书记选举第一轮（应选1名）" in minutes
    assert f"决议：{secretary}同志当选为{BRANCH}书记；{deputy}同志当选为{BRANCH}副书记，报上级党组织审批" in minutes
    script = prose(texts["01-主持词"])
    assert f"根据计票结果，{secretary}同志获得的赞成票超过实到会有选举权党员人数的半数，当选为{BRANCH}书记" in script
    assert f"当选为{BRANCH}副书记" in script and "选举支部副书记" in script
    assert "第一次全体会议" not in script                 # no committee, no plenary
    request = prose(texts["06-关于审批选举结果的请示"])
    assert request.startswith("关于审批支部书记、副书记选举结果的请示")
    assert f"选举{secretary}同志为支部书记，{deputy}同志为支部副书记" in request
    publicity = prose(texts["07-公示"])
    assert f"书记：{secretary}；副书记：{deputy}。" in publicity


def test_the_request_and_the_rules_speak_of_the_secretary_and_deputy_elected_directly(written):
    _, texts, _, _ = written
    request = prose(texts["00-换届选举请示"])
    assert request.startswith("关于召开党员大会进行支部书记、副书记换届选举的请示")
    assert "四、下届支部书记、副书记名额" in request and "由党员大会以无记名投票、等额选举的方式直接选举产生" in request
    assert "书记候选人于波，副书记候选人万伟" in request and "第一次全体会议" not in request
    rules = prose(texts["03-选举办法草案"])
    assert "本次党员大会直接选举产生中共测试第三支部书记1名、副书记1名" in rules
    assert "等额选举" in rules and "差额" not in rules and "减少名额" not in rules
    assert "书记、副书记不能由同一人担任" in rules
    names = prose(texts["12-候选人名单"])
    assert "书记、副书记候选人名单" in names and "1书记于波" in names and "2副书记万伟" in names


def test_no_paper_speaks_of_committee_members_where_there_is_no_committee(written):
    _, texts, _, _ = written
    for stem, text in texts.items():
        rest = flat(text).replace("不设支部委员会", "").replace("中共测试局机关委员会", "")
        assert "委员" not in rest, (stem, re.findall(r".{12}委员.{6}", rest)[:3])


def test_the_archive_holds_every_round_and_recounts(written):
    done, _, _, _ = written
    check = verify_archive(done.archive)
    assert check.ok, check.problems
    assert check.rounds == 3


def test_no_official_page_ends_with_a_heading(written):
    """GB/T 9704 papers: a heading (一、…) goes over to the next page with its text (the 请示's
    五、候选人产生程序 was once the last line of its first page)."""
    _, texts, _, _ = written
    for stem in ("00-换届选举请示", "05-关于选举结果的报告", "06-关于审批选举结果的请示"):
        for page in texts[stem].split("\f")[:-1]:
            lines = [ln.strip() for ln in page.splitlines() if ln.strip() and not re.fullmatch(r"—\s*\d+\s*—", ln.strip())]
            assert lines and not re.match(r"[一二三四五六七八九十]+、", lines[-1]), (stem, lines[-1])
