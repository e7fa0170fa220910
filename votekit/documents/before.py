"""Before the meeting: the 换届选举请示 (due 60 days ahead) and the 选举办法（草案）."""
from __future__ import annotations

import datetime as dt

from ..core.quorum import min_present
from ..core.slate import differential_percent, min_candidates
from .blocks import Grid, Official, Para, Paper, Space
from .model import Dossier
from .wording import agenda, candidates_phrase, cn_date, membership, names, offices, planned_posts, separately

LEAD_DAYS = 60   # 换届选举请示应于党员大会召开前60天报送上级党委 [seed 004]


def request_due(expires_on: dt.date, meeting_date: dt.date | None = None) -> dt.date:
    """The day the 请示 must reach the higher committee: 60 days before the meeting,
    or, with no meeting date yet, 60 days before the term expires."""
    return (meeting_date or expires_on) - dt.timedelta(days=LEAD_DAYS)


def days_until_due(today: dt.date, expires_on: dt.date,
                   meeting_date: dt.date | None = None) -> int:
    """Days left to send the 请示 (negative: overdue by that many days)."""
    return (request_due(expires_on, meeting_date) - today).days


def due_reminder(today: dt.date, expires_on: dt.date, meeting_date: dt.date | None = None) -> str:
    """The dashboard's one-line reminder, in Chinese."""
    due = request_due(expires_on, meeting_date)
    left = (due - today).days
    basis = "党员大会召开" if meeting_date else "本届任期届满"
    head = f"本届支部委员会{cn_date(expires_on)}任期届满。换届选举请示应于{basis}前{LEAD_DAYS}天，即{cn_date(due)}前报送上级党委，"
    if left > 0:
        return head + f"还有{left}天。"
    if left == 0:
        return head + "今天是最后期限。"
    return head + f"已逾期{-left}天，请尽快报送。"


def _nomination(d: Dossier) -> str:
    if d.term and d.term.nomination:
        return d.term.nomination
    if d.without_committee:
        return (f"由全体党员以党小组为单位酝酿推荐，根据多数党员的意见提出{offices(d)}候选人初步人选，"
                f"报上级党委审查同意后，按等额确定候选人预备人选，经党员大会酝酿讨论后确定正式候选人")
    return ("由全体党员以党小组为单位酝酿推荐，支部委员会根据多数党员的意见提出候选人初步人选，"
            "报上级党委审查同意后，按不少于应选人数20%的差额确定候选人预备人选，"
            "经党员大会酝酿讨论后确定正式候选人")


def _posts(t) -> str:
    posts = [f"书记{t.secretary_seats}名"] + ([f"副书记{t.deputy_seats}名"] if t.deputy_seats else [])
    return "、".join(posts)


def contact_note(d: Dossier) -> str:
    """附注 of what goes upward: 联系人及电话, or lines to fill."""
    m = d.meeting
    return f"联系人：{m.contact_person or '________'}，联系电话：{m.contact_phone or '____________'}"


def _seats_section(d: Dossier) -> list[Para]:
    """四、: the committee's seats and posts, or — without a committee — the 书记 (副书记)."""
    t, e = d.term, d.election
    if d.without_committee:
        posts = "、".join(f"{c.office}{c.election.seats}名" for c in d.contests)
        return [Para(f"四、下届支部{offices(d)}名额", "h1"),
                Para(f"本支部正式党员{d.attendance.full_members}名，不足7名，不设支部委员会。下届设{posts}，"
                     f"由党员大会以无记名投票、等额选举的方式直接选举产生。")]
    who = "书记、副书记" if t.deputy_seats else "书记"
    return [Para(f"四、下届支部委员会委员、{who}名额", "h1"),
            Para(f"下届支部委员会设委员{e.seats}名，其中{_posts(t)}。委员采用差额选举，候选人{len(e.candidates)}名，"
                 f"差额{len(e.candidates) - e.seats}名；{who}由新一届支部委员会第一次全体会议等额选举产生。")]


def election_request(d: Dossier) -> Paper:
    """关于召开党员大会进行换届选举的请示 (fields per RULES.md §8)."""
    t, m = d.term, d.meeting
    body_of = f"支部{offices(d)}" if d.without_committee else "支部委员会"
    numerals = "一二三四五六七八九十"
    items = "；".join(f"（{numerals[i]}）{item}" for i, item in enumerate(agenda(d)))
    body = [
        Para(f"{membership(d.attendance, '我支部现有党员')}。本届{body_of}于{cn_date(t.elected_on)}选举产生，"
             f"将于{cn_date(t.expires_on)}任期届满。根据《中国共产党章程》和《中国共产党基层组织"
             f"选举工作条例》的有关规定，经{'支部研究' if d.without_committee else '支部委员会研究'}，"
             "拟召开党员大会进行换届选举。现将有关事项请示如下："),
        Para("一、会议形式", "h1"), Para(f"召开{t.meeting_form}。"),
        Para("二、会议时间及会期", "h1"),
        Para(f"拟于{cn_date(m.meeting_date)}召开，会期{t.meeting_length}。"),
        Para("三、会议主要议程", "h1"),
        Para(items + "。"),
        *_seats_section(d),
        Para("五、候选人产生程序", "h1"), Para(_nomination(d) + "。"),
        Para("六、候选人预备人选名单", "h1"),
        Para(f"{candidates_phrase(d)}。" if d.without_committee else f"（按姓氏笔画为序）{names(d.election.candidates)}。"),
        Para("七、选举办法", "h1"), Para("选举办法（草案）见附件。"),
        Para("妥否，请批复。")]
    return Paper("00-换届选举请示", f"关于召开党员大会进行{body_of}\n换届选举的请示",
                 tuple(body), official=Official(m.higher_committee,
                                                (f"{m.branch_name}选举办法（草案）",),
                                                m.branch_name, cn_date(t.request_date),
                                                contact_note(d)),
                 docx=True, date=t.request_date or m.meeting_date)


def _quorum_rule(d: Dossier) -> str:
    att = d.attendance
    if d.election.options.allow_exact_four_fifths:
        rule = "达到应到会党员的五分之四"
        need = min_present(att.expected, True)
    else:
        rule = "超过应到会党员的五分之四"
        need = min_present(att.expected)
    return (f"有选举权的到会党员{rule}，会议有效（本次应到会{att.expected}名，至少须到会{need}名）。"
            "不计入应到会人数的党员，须符合规定情形，经上级党组织同意并经党员大会通过。")


def _task(d: Dossier) -> list[tuple[str, str]]:
    """二、三: what is elected and how — the committee 差额, or the 书记 (副书记) 等额 directly."""
    e, m = d.election, d.meeting
    n = len(e.candidates)
    if d.without_committee:
        posts = "、".join(f"{c.office}{c.election.seats}名" for c in d.contests)
        return [("二", f"本支部正式党员不足7名，不设支部委员会。本次党员大会直接选举产生{m.branch_name}{posts}。"
                       f"{candidates_phrase(d)}。"),
                ("三", f"选举采用无记名投票、等额选举的方式进行，{separately(d)}选举"
                       + ("，书记、副书记不能由同一人担任" if len(d.contests) > 1 else "")
                       + "。选举结果报上级党组织批准。")]
    return [("二", f"本次党员大会选举产生{m.branch_name}委员{e.seats}名。候选人{n}名，差额{n - e.seats}名，"
                   f"差额比例{differential_percent(e.seats, n)}%（不少于应选人数的20%，至少{min_candidates(e.seats)}名）。"
                   f"候选人名单按姓氏笔画为序排列：{names(e.candidates)}。"),
            ("三", f"选举采用无记名投票、差额选举的方式进行。{planned_posts(d)}由新一届支部委员会第一次全体会议等额选举产生，报上级党组织批准。")]


def _who_is_elected(d: Dossier) -> str:
    """十、: the threshold; a tie, a shortfall (另行选举 or 减少名额) only where seats can be short."""
    head = "被选举人获得的赞成票超过实到会有选举权的党员人数的一半，始得当选。"
    if d.without_committee:
        return head + "候选人获得的赞成票未超过半数的，不能当选，应就该职务另行选举。"
    return head + ("获得赞成票超过半数的被选举人多于应选名额时，"
                   "以得票多少为序，至取足应选名额为止；如遇票数相等不能确定当选人时，应就票数相等的被选举人再次投票，得票多的当选。"
                   "获得赞成票超过半数的被选举人少于应选名额时，不足的名额另行选举；如接近应选名额且符合规定的差额比例，"
                   "也可以经过半数以上的选举人同意，减少名额，不再选举。")


def _valid_ballot(d: Dossier) -> str:
    """八、: a ballot is valid with no more names marked ○ than seats."""
    if d.without_committee:
        seats = "、".join(f"{c.office}{c.election.seats}名" for c in d.contests)
        return (f"{separately(d)}投票，每张选票所选人数等于或少于该项选举的应选人数（{seats}）的为有效票，"
                "多于应选人数的为无效票。"
                "选票上画“○”的人数（含另选他人）决定选票是否有效；符号无法辨认的，该候选人按弃权计算。")
    return (f"每张选票所选人数等于或少于应选人数{d.election.seats}名的为有效票，多于应选人数的为无效票。"
            "选票上画“○”的人数（含另选他人）决定选票是否有效；符号无法辨认的，该候选人按弃权计算。")


def election_rules(d: Dossier) -> Paper:
    """选举办法（草案）, from the election's settings, for the meeting to adopt."""
    e, m = d.election, d.meeting
    write_in = ("另选他人未画“○”的，不计票，由监票人记录备查" if not e.options.count_unmarked_write_in
                else "另选他人未画“○”的，视为赞成")
    rules = [
        ("一", "根据《中国共产党章程》和《中国共产党基层组织选举工作条例》的有关规定，结合实际，制定本办法。"),
        *_task(d),
        ("四", _quorum_rule(d)),
        ("五", f"大会设监票人{len(e.scrutineers)}名、计票人{len(e.tellers)}名。监票人从不是候选人的党员中推选，"
               "经大会表决通过；计票人在监票人的监督下进行工作。监票人负责检查票箱，监督发票、投票、计票工作，并在计票结果报告单上签名。"),
        ("六", f"选票上候选人姓名按姓氏笔画为序排列。赞成的在候选人姓名上方空格内画“○”，不赞成的画“×”，"
               "弃权的不画任何符号。不赞成某候选人而要另选他人的，可在该候选人姓名上方画“×”，在另选他人栏内写上所选人的姓名，"
               f"并在其上方画“○”；弃权的不得另选他人。{write_in}。请用{e.options.pen}填写。"),
        ("七", "选举人因故未出席会议的，不能委托他人代为投票。选举人不能书写的，可委托非候选人按本人意志代写。"),
        ("八", _valid_ballot(d)),
        ("九", "投票结束后，监票人、计票人当众清点选票。收回的选票等于或少于发出的选票，选举有效；多于发出的选票，选举无效，应重新进行选举。"),
        ("十", _who_is_elected(d)),
        ("十一", "选举结果由监票人向大会报告，由大会主持人当场宣布当选人名单（按姓氏笔画为序），并报上级党组织审批。"),
        ("十二", "本办法经党员大会表决通过后生效。"),
    ]
    blocks = tuple(Para(f"{num}、{text}") for num, text in rules)
    return Paper("03-选举办法草案", f"{m.branch_name}选举办法", blocks,
                 subtitle="（草案）", official=Official(), docx=True, date=m.meeting_date)


def _posts_candidate_list(d: Dossier) -> Paper:
    """A branch without a committee: the 书记 (副书记) candidates, one per post (等额)."""
    m = d.meeting
    rows = [("序号", "职务", "姓名", "党小组")]
    rows += [(str(i), c.office, name, m.group_of(name))
             for i, (c, name) in enumerate(((c, n) for c in d.contests for n in c.election.candidates), start=1)]
    blocks = (Para(f"本支部正式党员不足7名，不设支部委员会，{offices(d)}由党员大会等额选举产生。", "plain"),
              Grid(tuple(rows), (8, 22, 30, 40), align="ccll"),
              Para("候选人预备人选经上级党组织审查同意，经党员大会酝酿讨论后确定。", "plain"),
              Space(2), Para(f"{m.branch_name}（盖章）", "right"),
              Para(cn_date(d.meeting.meeting_date), "right"))
    return Paper("12-候选人名单", f"{m.branch_name}\n{offices(d)}候选人名单", blocks,
                 subtitle="（等额选举）", docx=True, date=m.meeting_date)


def candidate_list(d: Dossier) -> Paper:
    """候选人名单: the final list (姓氏笔画), the differential, and the 党小组 of each."""
    if d.without_committee:
        return _posts_candidate_list(d)
    e, m = d.election, d.meeting
    rows = [("序号", "姓名", "党小组", "备注")]
    rows += [(str(i), name, m.group_of(name), "") for i, name in enumerate(e.candidates, start=1)]
    n = len(e.candidates)
    blocks = (Para(f"应选委员{e.seats}名，候选人{n}名，差额{n - e.seats}名，差额比例"
                   f"{differential_percent(e.seats, n)}%（不少于应选人数的20%）。", "plain"),
              Grid(tuple(rows), (8, 25, 30, 37), align="ccll"),
              Para("候选人名单按姓氏笔画为序排列。候选人预备人选经上级党组织审查同意，"
                   "经党员大会酝酿讨论后确定。", "plain"),
              Space(2), Para(f"{m.branch_name}（盖章）", "right"),
              Para(cn_date(d.meeting.meeting_date), "right"))
    return Paper("12-候选人名单", f"{m.branch_name}\n委员候选人名单", blocks,
                 subtitle="（按姓氏笔画为序）", docx=True, date=m.meeting_date)

