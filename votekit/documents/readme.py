"""说明.txt: what an archivist finds in the zip and how to check it with ``sha256sum`` alone."""
from __future__ import annotations

from .archive import INDEX, TALLY
from .model import Dossier
from .wording import cn_date

FOLDERS = (
    ("MANIFEST", "归档清单：每个文件一行“SHA-256  路径”，与 sha256sum 的输出格式相同"),
    ("说明.txt", "本说明"),
    ("pdf/", "全部文书的 PDF（与打印、签名、上报的纸质件内容相同）"),
    ("docx/", "同一批文书的 Word 文件（.docx），供修改、补填后另行打印"),
    ("specimens/", "空白选票、表决票、测评表的样张（未使用，仅供存档核对版式）"),
    ("rounds/", "每一轮投票的计票记录（JSON，选票按内容排序，不含投票顺序），含当时的计票结果"),
    ("void/", "选举无效的一轮（收回的选票多于发出的选票）的记录：只有发出、收回张数和“选举无效”，"
              "没有选票内容和计票结果（这一轮没有计票，随后重新投票）；文件名中的序号是它在各轮中的顺序"),
    ("attendance/", "党员名册与到会情况（到会、请假、不计入应到会人数及其批准）"),
    ("audit/", "操作记录（每行一条，带哈希链，任何一条被改动或删除都会被发现）"),
    ("votes/", "其他表决事项和民主测评的原始数据"),
    ("scans/", "扫描的选票图像（以内容的 SHA-256 命名，已去除拍摄时间等信息，不反映投票或扫描顺序）"),
)


KEYS = (
    ("kind", "选举方式：competitive 差额，equal 等额"),
    ("seats", "应选名额"),
    ("members", "有关党员：name 姓名，status 身份（full 正式党员，probationary 预备党员，"
                "disciplined 受留党察看处分，suspended 权利中止），present 是否到会"),
    ("candidates", "候选人（按姓氏笔画为序）"),
    ("ballots_issued", "发出选票张数"),
    ("ballots", "收回的选票（按内容排序，不反映投票顺序）：marks 每位候选人的符号（agree 赞成○，"
                "disagree 不赞成×，abstain 弃权），write_ins 另选他人"),
    ("verdict", "计票结果：expected 应到，present 实到，valid_ballots 有效票，invalid_ballots 无效票，"
                "tally 各人赞成/不赞成/弃权票数，elected 当选人，runoff 需再次投票，"
                "shortfall 尚缺名额，status 结果"),
    ("votekit", "本轮的说明：label 轮次，ballots_printed 领取选票，ballots_spoiled 剪角作废"),
    ("void/…json", "选举无效的一轮：ballots_issued 发出，ballots_returned 收回，election_valid 选举是否有效"
                   "（false），status 为 void_more_returned（收回多于发出，选举无效），tally 为空（未计票）"),
    ("attendance.json", "meeting 会议，date 日期，expected 应到，present 实到，absent 请假（reason 原因），"
                        "excluded 不计入应到会人数（reason 理由编号1–6，higher_approved/"
                        "meeting_approved 上级同意/党员大会通过，…_on 日期，note 说明），group 党小组"),
    ("audit-log.jsonl", "操作记录：seq 序号，at 时间，actor 操作人，action 操作，detail 内容，"
                        "prev_hash/hash 哈希链"),
)


def archive_readme(d: Dossier, titles: tuple[tuple[str, str], ...]) -> bytes:
    """``titles``: (file path, 材料名称) of every paper in the archive."""
    m = d.meeting
    lines = [f"{m.branch_name}换届选举电子归档包", "",
             f"会议：{m.branch}党员大会，{cn_date(m.meeting_date)}，{m.place}。", "",
             "一、归档包中的文件", ""]
    lines += [f"  {path:<12}{what}" for path, what in FOLDERS]
    lines += ["", "  文书：", ""]
    lines += [f"  {path}　{title}" for path, title in titles]
    lines += ["", "二、怎样核对（只需 sha256sum，Windows 可用 certutil -hashfile 文件 SHA256 逐个核对）", "",
              "  1．解压后在解压目录中执行：sha256sum -c MANIFEST",
              "     每个文件都应显示“成功”（OK）。有文件显示“失败”，说明该文件被改动。",
              "     MANIFEST 中没有列出、却出现在目录中的文件，是后来加入的。", "",
              "  2．归档根指纹：除计票结果报告单和归档目录（这两份文书上印有指纹）以外，",
              "     全部文件在 MANIFEST 中的行按原顺序连在一起计算 SHA-256：",
              f"       grep -v -e {TALLY} -e {INDEX} MANIFEST | sha256sum",
              "     结果应与纸质归档目录和计票结果报告单上所印的“归档根指纹”一致。",
              "     任何文件被替换、增加或删除（即使 MANIFEST 也被重写），结果都会不同；",
              "     归档目录所附“电子文件清单”逐个列出每个文件哈希值的前16位，可据此找出是哪一个。", "",
              "  3．计票记录指纹：只取计票记录各行：",
              "       grep -e '  rounds/' -e '  void/' -e '  attendance/' -e '  audit/' -e '  votes/' -e '  scans/' MANIFEST | sha256sum",
              "     结果应与计票结果报告单底部所印的“计票记录指纹”一致。", "",
              "  4．装有 votekit 的电脑上可执行：votekit verify 归档包.zip --root 纸面上的归档根指纹",
              "     它还会重新计票、核对操作记录的哈希链，并指出有问题的文件。", "",
              "三、数据文件中英文字段的含义（计票记录沿用 votekit tally 读取的 TALLY-JSON 格式）", ""]
    lines += [f"  {key:<18}{meaning}" for key, meaning in KEYS]
    lines += ["", "四、关于 PDF 格式", "",
              "  PDF 由开源版 reportlab 生成，字体已全部嵌入，文档信息中的日期为文书的形成日期。",
              "  开源版 reportlab 不能写出 PDF/A-2b 所要求的 XMP 元数据和输出意图（ICC 色彩配置），",
              "  因此这些 PDF 不是 PDF/A 文件；需要长期保存格式时，可用归档软件转换为 PDF/A-2b，",
              "  转换后的文件另行存放，不要替换本包中的文件（否则哈希核对不通过）。", ""]
    return "\r\n".join(lines).encode("utf-8")
