"""选票二维码内容 (votekit.core.payload): one text per round, keyed check, values not exceptions."""
import re

import pytest
import segno
from hypothesis import given
from hypothesis import strategies as st

from votekit.core.payload import (BallotCode, BallotKind, ReadingStatus, check_value,
                                  make_payload, parse_payload)

KEY = b"branch-secret-key"
CODE = BallotCode("2024ZW", 1, BallotKind.COMMITTEE, 1)

codes = st.builds(BallotCode,
                  election=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                                   min_size=1, max_size=16),
                  round_no=st.integers(1, 99),
                  kind=st.sampled_from(list(BallotKind)),
                  layout=st.integers(1, 999))
keys = st.binary(min_size=1, max_size=64)


@given(codes, keys)
def test_round_trip(code, key):
    reading = parse_payload(make_payload(code, key), key)
    assert reading.ok and reading.status is ReadingStatus.OK
    assert reading.code == code


@given(codes, keys)
def test_only_qr_alphanumeric_characters(code, key):
    text = make_payload(code, key)
    assert re.fullmatch(r"[A-Z0-9-]+", text)
    assert segno.make(text, micro=False).mode == "alphanumeric"


@given(codes, keys, keys)
def test_another_key_is_refused(code, key, other):
    if key == other:
        return
    reading = parse_payload(make_payload(code, key), other)
    assert reading.status is ReadingStatus.WRONG_CHECK
    assert reading.code is None


def test_same_round_same_text_every_time():
    assert make_payload(CODE, KEY) == make_payload(BallotCode("2024ZW", 1, BallotKind.COMMITTEE), KEY)


@pytest.mark.parametrize("other", [
    BallotCode("2024ZW", 2, BallotKind.COMMITTEE, 1),    # 再次投票
    BallotCode("2024ZX", 1, BallotKind.COMMITTEE, 1),    # another election
    BallotCode("2024ZW", 1, BallotKind.SECRETARY, 1),    # another kind
    BallotCode("2024ZW", 1, BallotKind.COMMITTEE, 2),    # another layout
])
def test_any_field_changes_the_text(other):
    assert make_payload(other, KEY) != make_payload(CODE, KEY)


def test_hand_made_codes_are_refused():
    good = make_payload(CODE, KEY)
    body, check = good.rsplit("-", 1)
    forged_round = body.replace("-1-W-", "-2-W-") + "-" + check        # old check, new round
    flipped = body + "-" + ("A" if check[0] != "A" else "B") + check[1:]
    for text in (forged_round, flipped):
        reading = parse_payload(text, KEY)
        assert reading.status is ReadingStatus.WRONG_CHECK
        assert "校验码不符" in reading.message


@pytest.mark.parametrize("text", [
    "", "   ", "hello", "VK1", "VK2-2024ZW-1-W-1-AAAAAAAAAAAAAAAA",
    "VK1-2024ZW-1-X-1-AAAAAAAAAAAAAAAA",            # unknown kind
    "VK1-2024ZW-0-W-1-AAAAAAAAAAAAAAAA",            # round 0
    "VK1-2024ZW-100-W-1-AAAAAAAAAAAAAAAA",          # round 100
    "VK1-2024ZW-1-W-1-AAAAAAAAAAAAAAA",             # check too short
    "VK1-2024ZW-1-W-1-AAAAAAAAAAAAAAA1",            # 1 is not base32
    "VK1-2024_ZW-1-W-1-AAAAAAAAAAAAAAAA",
    "VK1-ABCDEFGHIJKLMNOPQ-1-W-1-AAAAAAAAAAAAAAAA", # id of 17
    None,
])
def test_malformed_is_a_value_not_an_exception(text):
    reading = parse_payload(text, KEY)
    assert reading.status is ReadingStatus.MALFORMED
    assert not reading.ok and reading.code is None
    assert "无法识别" in reading.message


def test_keyboard_scanner_extras_are_forgiven():
    text = make_payload(CODE, KEY)
    assert parse_payload(text + "\r\n", KEY).ok
    assert parse_payload(text.lower(), KEY).ok      # Caps Lock


def test_check_value_is_truncated_hmac_in_base32():
    import base64
    import hashlib
    import hmac
    body = CODE.body
    expected = base64.b32encode(hmac.new(KEY, body.encode(), hashlib.sha256).digest()[:10]).decode()
    assert check_value(body, KEY) == expected
    assert make_payload(CODE, KEY) == f"{body}-{expected}"
    assert body == "VK1-2024ZW-1-W-1"


def test_str_key_equals_its_utf8_bytes():
    assert make_payload(CODE, "支部密钥") == make_payload(CODE, "支部密钥".encode())


@pytest.mark.parametrize("code, words", [
    (BallotCode("", 1, BallotKind.COMMITTEE), "选举编号"),
    (BallotCode("ab", 1, BallotKind.COMMITTEE), "选举编号"),
    (BallotCode("A", 0, BallotKind.COMMITTEE), "轮次"),
    (BallotCode("A", 100, BallotKind.COMMITTEE), "轮次"),
    (BallotCode("A", 1, BallotKind.COMMITTEE, 0), "版式"),
    (BallotCode("A", 1, BallotKind.COMMITTEE, 1000), "版式"),
])
def test_unprintable_codes_name_the_field(code, words):
    assert words in code.problem()
    with pytest.raises(ValueError, match=words):
        make_payload(code, KEY)


def test_ok_message_names_kind_and_round():
    reading = parse_payload(make_payload(BallotCode("E1", 2, BallotKind.SECRETARY), KEY), KEY)
    assert reading.message == "选票编码有效：书记、副书记选举第2轮（版式1）"
