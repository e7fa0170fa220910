"""选票二维码内容 (RULES.md §5): the same text on every ballot of one round.

Format (version 1)::

    VK1-<选举编号>-<轮次>-<票种>-<版式>-<校验码>
    e.g. VK1-2024ZW-1-W-1-7QK4M2XN3BPA5SDE

=========  ===============================================================
field      meaning
=========  ===============================================================
``VK1``    format tag and version
选举编号   election id: 1–16 of ``A–Z 0–9``, chosen by the kit per election
轮次       round number, 1–99 (1 = 第一次投票; later numbers = 再次投票 or
           另行选举, in the order the rounds were held)
票种       ballot kind, one letter (:class:`BallotKind`):
           ``W`` 委员选举 (委员), ``S`` 书记、副书记选举, ``P`` 表决 (决议),
           ``C`` 民主测评
版式       layout version, 1–999: which mark geometry the scan reader must use
校验码     check value: HMAC-SHA256 over ``VK1-<编号>-<轮次>-<票种>-<版式>``
           with the branch's secret key, first 10 bytes, base32 (16 chars,
           ``A–Z 2–7``, no padding)
=========  ===============================================================

Only uppercase letters, digits and ``-`` occur, so the QR code uses
alphanumeric mode and a USB scanner in keyboard mode types it exactly.
Reading is forgiving about what a keyboard scanner adds: surrounding
whitespace (Enter) is dropped and lowercase (Caps Lock) is upper-cased.

There is **no per-ballot serial**, by design: every ballot of a round
carries the same text, so a ballot can never be linked to a voter.  The
check value only proves the code was printed by the kit holding the key,
so a hand-made code is refused.

Pure: standard library only (``hmac``, ``hashlib``, ``base64``); the key is
passed in.  Expected outcomes are values: :func:`parse_payload` returns a
:class:`PayloadReading` (ok / wrong check / malformed) with a Chinese message.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from enum import Enum

FORMAT_TAG = "VK1"
CHECK_BYTES = 10
_PATTERN = re.compile(
    r"VK1-(?P<election>[A-Z0-9]{1,16})-(?P<round>[1-9][0-9]?)-(?P<kind>[A-Z])"
    r"-(?P<layout>[1-9][0-9]{0,2})-(?P<check>[A-Z2-7]{16})")
_ELECTION = re.compile(r"[A-Z0-9]{1,16}")


class BallotKind(Enum):
    """票种: one letter in the code."""

    COMMITTEE = "W"   # 委员选举
    SECRETARY = "S"   # 书记、副书记选举
    RESOLUTION = "P"  # 表决
    APPRAISAL = "C"   # 民主测评

    @property
    def label(self) -> str:
        return {"W": "委员选举", "S": "书记、副书记选举",
                "P": "表决", "C": "民主测评"}[self.value]


@dataclass(frozen=True)
class BallotCode:
    """What one round's code says: election, round, kind, layout version."""

    election: str
    round_no: int
    kind: BallotKind
    layout: int = 1

    def problem(self) -> str | None:
        """Chinese reason this code cannot be printed, or None."""
        if not _ELECTION.fullmatch(self.election):
            return "选举编号只能由1至16位大写字母或数字组成"
        if not 1 <= self.round_no <= 99:
            return "轮次须在1至99之间"
        if not 1 <= self.layout <= 999:
            return "版式编号须在1至999之间"
        return None

    @property
    def body(self) -> str:
        return f"{FORMAT_TAG}-{self.election}-{self.round_no}-{self.kind.value}-{self.layout}"


class ReadingStatus(Enum):
    OK = "ok"
    WRONG_CHECK = "wrong_check"
    MALFORMED = "malformed"


@dataclass(frozen=True)
class PayloadReading:
    status: ReadingStatus
    code: BallotCode | None
    message: str

    @property
    def ok(self) -> bool:
        return self.status is ReadingStatus.OK


def _key_bytes(key: bytes | str) -> bytes:
    return key.encode("utf-8") if isinstance(key, str) else bytes(key)


def check_value(body: str, key: bytes | str) -> str:
    digest = hmac.new(_key_bytes(key), body.encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(digest[:CHECK_BYTES]).decode("ascii")


def make_payload(code: BallotCode, key: bytes | str) -> str:
    """The QR text for every ballot of this round.  Raises ValueError for a
    code that cannot be printed (a programming error: check ``problem()``)."""
    problem = code.problem()
    if problem:
        raise ValueError(problem)
    return f"{code.body}-{check_value(code.body, key)}"


def parse_payload(text: str, key: bytes | str) -> PayloadReading:
    """Read a scanned code.  Never raises: returns ok / wrong check / malformed."""
    cleaned = (text or "").strip().upper()
    match = _PATTERN.fullmatch(cleaned)
    kinds = {kind.value: kind for kind in BallotKind}
    if not match or match["kind"] not in kinds:
        return PayloadReading(ReadingStatus.MALFORMED, None,
                              "二维码内容不是本系统的选票编码，无法识别")
    code = BallotCode(match["election"], int(match["round"]),
                      kinds[match["kind"]], int(match["layout"]))
    if not hmac.compare_digest(match["check"], check_value(code.body, key)):
        return PayloadReading(ReadingStatus.WRONG_CHECK, None,
                              "二维码校验码不符：这张选票不是本次选举印制的，请交监票人查验")
    return PayloadReading(ReadingStatus.OK, code,
                          f"选票编码有效：{code.kind.label}第{code.round_no}轮（版式{code.layout}）")
