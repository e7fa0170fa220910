"""The words of a 党员花名册: its column names and their synonyms, status words, footers.

Kept apart from the reader so that a branch's own wording can be added in one place.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..core.vocabulary import MemberStatus

HEADER_SCAN_ROWS = 15     # the header is within the first rows (title rows above it)


@dataclass(frozen=True)
class Column:
    label: str                  # what the preview calls it
    words: tuple[str, ...]      # header texts that mean it (after dropping spaces and marks)


COLUMNS = {
    "name": Column("姓名", ("姓名", "党员姓名")),
    "gender": Column("性别", ("性别",)),
    "ethnicity": Column("民族", ("民族",)),
    "born": Column("出生年月", ("出生年月", "出生日期", "出生年月日", "出生时间", "生日")),
    "status": Column("人员类别", ("人员类别", "党员类别", "类别", "党员状态", "身份", "党员身份",
                                 "状态", "党员类型", "人员类型", "党籍状态")),
    "joined": Column("入党时间", ("入党时间", "入党日期", "入党年月", "加入党组织日期", "加入中共时间")),
    "confirmed": Column("转正时间", ("转正时间", "转正日期", "转为正式党员日期", "转正年月")),
    "unit_post": Column("工作单位及职务", ("工作单位及职务", "工作单位及职务职称", "单位及职务", "工作单位",
                                          "单位职务", "职务", "现任职务", "工作岗位")),
    "party_group": Column("党小组", ("党小组", "所在党小组", "所属党小组")),
    "phone": Column("联系电话", ("联系电话", "电话", "手机", "手机号码", "手机号", "联系方式")),
    "education": Column("学历", ("学历", "文化程度", "最高学历")),
    "notes": Column("备注", ("备注", "说明")),
}
IGNORED = {"seq": "序号", "id_card": "身份证号不导入", "native": "籍贯不导入", "address": "住址不导入"}
_IGNORED_WORDS = {"seq": ("序号", "编号", "No", "NO", "no"), "id_card": ("身份证号", "身份证号码", "公民身份号码"),
                  "native": ("籍贯",), "address": ("家庭住址", "住址", "现居住地")}
FOOTER_WORDS = ("填报人", "填表人", "制表人", "制表", "审核人", "负责人", "填报日期", "填表日期",
                "合计", "共计", "总计", "注：", "说明：", "联系人")

STATUS_WORDS = {
    "正式": MemberStatus.FULL, "正式党员": MemberStatus.FULL,
    "预备": MemberStatus.PROBATIONARY, "预备党员": MemberStatus.PROBATIONARY,
    "留党察看": MemberStatus.DISCIPLINED, "留党察看党员": MemberStatus.DISCIPLINED,
    "受留党察看处分党员": MemberStatus.DISCIPLINED, "受留党察看处分": MemberStatus.DISCIPLINED,
    "中止": MemberStatus.SUSPENDED, "权利中止": MemberStatus.SUSPENDED,
    "权利中止的党员": MemberStatus.SUSPENDED, "中止党员权利": MemberStatus.SUSPENDED,
    "停止党籍": MemberStatus.SUSPENDED, "留置": MemberStatus.SUSPENDED, "逮捕": MemberStatus.SUSPENDED,
}
_LOOKUP = {word: key for key, column in COLUMNS.items() for word in column.words}
_LOOKUP.update({word: key for key, words in _IGNORED_WORDS.items() for word in words})
_MARKS = re.compile(r"[（(][^）)]*[)）]|[\s\u3000*＊:：]")


def header_key(text: str) -> str:
    """The column a header cell names ("" if none): spaces, '*', '（必填）', '(YYYY-MM)' dropped."""
    if not text:
        return ""
    plain = unicodedata.normalize("NFKC", str(text))
    bare = _MARKS.sub("", plain)
    return _LOOKUP.get(bare, "") or _LOOKUP.get(re.sub(r"\s+", "", plain), "")


def status_of(word: str) -> MemberStatus | None:
    return STATUS_WORDS.get(word)
