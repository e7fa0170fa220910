"""Audit details in the secretary's words: field names and coded values turned into Chinese,
and a device's network address kept off the screen (it stays in the audit record)."""
from __future__ import annotations

import re
from typing import Any

LABELS = {
    "round_id": "轮次编号", "election_id": "选举编号", "member_id": "党员编号", "appraisal_id": "测评编号",
    "motion_id": "表决编号", "sheet_id": "测评表", "ballot_id": "选票", "pile": "录入份", "ballots": "张数",
    "name": "姓名", "names": "姓名", "subject": "事项", "spoiled": "剪角作废张数", "returned": "收回张数",
    "issued": "发出张数", "reason": "原因", "posts": "分工", "double_entry": "双人录入", "kind": "类别",
    "entered": "各计票人录入张数", "refused": "被拒次数", "addresses": "来源地址数", "some_addresses": "部分地址",
    "refused_since_last_event": "其间另被拒次数", "devices_signed_out": "须重新登录的设备数",
    "address": "设备", "role": "身份", "wait_seconds": "须等待秒数", "round": "轮次", "void_round": "无效的轮次",
    "candidates": "候选人", "seats": "应选人数", "content": "内容", "correct": "以谁为准", "branch": "支部",
    "date": "日期", "starts_at": "开始时间", "place": "地点", "presiding": "主持人", "recorder": "记录人",
    "title": "名称", "post": "职务", "status": "状态", "present": "到会", "convener": "召集人",
    "printed": "印制张数", "spares": "备用张数", "paper": "纸张", "decision": "决定", "scrutineer": "监票人",
    "scrutineers": "监票人", "counters": "计票人", "yes": "同意人数", "at": "时间", "signed_out": "离会",
    "electorate": "选举人", "position": "顺序", "parent_id": "所属选举", "higher_committee": "上级党组织",
    "term_elected_on": "本届选举日期", "term_expires_on": "届满日期", "allow_exact_four_fifths": "恰好五分之四有效",
    "count_unmarked_write_in": "另选未画○也计票", "gender": "性别", "party_group": "党小组", "note": "备注",
    "leave_reason": "请假原因", "valid": "有效", "selected": "画○人数", "agree": "赞成", "against": "反对",
    "abstain": "弃权", "invalid": "无效", "method": "表决方式", "person": "对象", "copies": "份数",
}
VALUES = {
    True: "是", False: "否", None: "（空）", "A": "甲", "B": "乙", "teller": "签到员/计票人", "scrutineer": "监票人",
    "projector": "会场大屏", "secretary": "书记", "competitive": "差额选举", "equal": "等额选举",
    "first": "第一轮投票", "runoff": "再次投票", "further": "另行选举", "revote": "重新投票",
    "committee": "委员", "deputy": "副书记", "by_election": "补选委员", "meeting": "党员大会",
    "confirm": "确认", "reject": "驳回", "full": "正式党员", "probationary": "预备党员",
}
ADDRESS = re.compile(r"（[0-9A-Fa-f:.]{3,45}）")


def value_words(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(value_words(v) for v in value) or "（无）"
    if isinstance(value, dict):
        return "；".join(f"{LABELS.get(k, k)}：{value_words(v)}" for k, v in value.items())
    if isinstance(value, bool) or value is None or (isinstance(value, str) and value in VALUES):
        return VALUES[value]
    return str(value)


def detail_words(detail: dict[str, Any]) -> str:
    """``{"round_id": 3, "pile": "A"}`` → 轮次编号：3；录入份：甲 (the network address left out)."""
    return "；".join(f"{LABELS.get(k, '其他')}：{value_words(v)}" for k, v in detail.items() if k != "address")


def actor_words(actor: str) -> str:
    """计票人杨帆（192.168.1.23） → 计票人杨帆（平板）."""
    return ADDRESS.sub("（平板）", actor)
