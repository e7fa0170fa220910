"""The one gate for incoming text (issue 18, item 2)."""
import unicodedata

import pytest

from votekit.service import text

HOSTILE = ["\x07", "\x0b", "\u202e", "\u2066", "\u200b", "\ufeff", "\u200f", "\x00", "\x1b[31m", "\ud800",
           "\ue000", "\u2028", "\x85"]


@pytest.mark.parametrize("bad", HOSTILE)
def test_invisible_and_direction_changing_characters_are_removed(bad):
    kept, problem = text.clean(f"李{bad}秀英", "姓名")
    assert problem == ""
    assert kept in ("李秀英", "李[31m秀英", "李 秀英")
    assert all(unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") for ch in kept)


def test_text_is_nfc_and_spaces_collapse():
    kept, _ = text.clean("  Jose\u0301\u3000\u3000王  ", "姓名")
    assert kept == "Jos\u00e9 王"


def test_lines_are_kept_only_where_asked():
    assert text.clean("第一行\r\n第二行", "理由")[0] == "第一行 第二行"
    assert text.clean("第一行\r\n第二行", "提案", lines=True)[0] == "第一行\n第二行"


@pytest.mark.parametrize("value", [{"a": 1}, ["张三"], 1.5, True])
def test_a_value_that_is_not_text_is_refused_with_a_reason(value):
    kept, problem = text.clean(value, "另选人姓名")
    assert kept == "" and problem.startswith("另选人姓名应为文字") and "未保存" in problem


def test_too_long_is_refused_not_cut():
    kept, problem = text.clean("张" * 41, "姓名", text.NAME_LIMIT)
    assert kept == "" and "过长" in problem and "41" in problem
    assert text.clean("张\u200b" * 40, "姓名", text.NAME_LIMIT) == ("张" * 40, "")


def test_must_raises_the_reason():
    with pytest.raises(text.TextRefused, match="应为文字"):
        text.must({"a": 1}, "姓名")
    assert text.safe_for_documents("a\x07b\u202ec") == "abc"
