"""RULES.md §9: 姓氏笔画 order, its stroke data and the names it flags for a person to check."""
import importlib.util
import re
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from votekit.core import order
from votekit.core.order import (check_note, clean_name, needs_check, order_key, sort_names,
                                stroke_count, stroke_sequence, unknown_characters)
from votekit.core.stroke_fallback import TOTAL_STROKES
from votekit.core.stroke_overrides import OVERRIDES
from votekit.core.stroke_table import STROKES

# 二十大代表名单 excerpt (新华社, "按姓氏笔画为序"), as in RULES.md §9.
TWENTIETH_CONGRESS = (
    "丁宁 丁纯 丁炜 丁铭 丁小强 丁中平 丁仁彧 丁月牙 丁向群 丁兴农 丁赤飚 丁学东 丁荣浩 丁海燕 "
    "丁绣峰 丁雄军 丁薛祥 于波 于洋 于勇 于川雅 于立军 于吉红 于江涛 于秀明 于绍良 于砚华 于洪涛 "
    "才让太 万伟 万敏 万立骏 万芝利 万相兰 万超岐 么永波 习近平 马龙 马伟 马丽").split()
ROOT = Path(__file__).resolve().parent.parent
SINGLE_CHARACTERS = ["于", "才", "万", "么", "习", "马"]   # ICU gives 万 么 习 于 才 马


@given(st.permutations(TWENTIETH_CONGRESS))
def test_twentieth_congress_excerpt_from_any_shuffle(shuffled):
    assert sort_names(shuffled) == TWENTIETH_CONGRESS


@given(st.permutations(SINGLE_CHARACTERS))
def test_equal_counts_by_stroke_shapes_not_by_radical(shuffled):
    assert sort_names(shuffled) == SINGLE_CHARACTERS


@pytest.mark.parametrize("first,second,rule", [
    ("王伟", "石伟", "count: 王 4 < 石 5"),
    ("丁宁", "马丽", "count: 丁 2 < 马 3"),
    ("于波", "才让太", "shapes: 于 112 < 才 123"),
    ("才让太", "万伟", "shapes: 才 123 < 万 153"),
    ("么永波", "习近平", "shapes: 么 354 < 习 541"),
    ("王伟", "王丽", "next character: 伟 6 < 丽 7"),
    ("田富", "田大利", "one-character given name first (○)"),
    ("高富", "高大富", "one-character given name first (○)"),
    ("丁铭", "丁小强", "two characters before three, though 铭 11 > 小 3"),
    ("王", "王伟", "a bare surname before any given name"),
    ("孔祥熙", "巴金", "孔/巴 5215: code point"),
    ("叶剑英", "申纪兰", "叶/申 25112: code point"),
    ("田富", "由伟", "田/由 25121: code point"),
    ("德明", "徵明", "shapes: 德 33212… (corrected) < 徵 33225…"),
])
def test_pairs(first, second, rule):
    assert sort_names([second, first]) == [first, second], rule
    assert order_key(first) < order_key(second), rule


@given(st.lists(st.sampled_from("一丁才王伟丽明华德"), min_size=0, max_size=2),
       st.lists(st.sampled_from("一丁才王伟丽明华德"), min_size=0, max_size=2),
       st.permutations(range(4)))
def test_same_strokes_never_interleave(given_a, given_b, shuffle):
    names = ["孔" + "".join(given_a), "巴" + "".join(given_b), "叶" + "".join(given_b),
             "申" + "".join(given_a)]
    ordered = sort_names([names[i] for i in shuffle])
    surnames = [name[0] for name in ordered]
    assert surnames == ["孔", "巴", "叶", "申"]   # 4 strokes, then 5


def test_same_strokes_blocks_with_many_names():
    names = ["巴一", "孔祥熙", "巴金", "孔子", "巴丁丁", "孔乙己", "申伟", "叶丽", "申一", "叶一一"]
    surnames = "".join(name[0] for name in sort_names(names))
    assert surnames == "孔孔孔巴巴巴叶叶申申"


@pytest.mark.parametrize("raw,clean", [
    ("王伟", "王伟"),
    ("  王 伟 ", "王伟"),
    ("王\u3000伟", "王伟"),
    ("王伟（女）", "王伟"),
    ("王伟(女)", "王伟"),
    ("王伟 （女，回族）", "王伟"),
    ("王伟【候选人】", "王伟"),
    ("王伟〔已故〕", "王伟"),
    ("王伟［女］", "王伟"),
    ("王伟（女", "王伟"),
    ("阿依古丽·买买提", "阿依古丽买买提"),
    ("艾力•托合提", "艾力托合提"),
    ("阿卜杜．热合曼", "阿卜杜热合曼"),
    ("阿卜杜.热合曼", "阿卜杜热合曼"),
    ("阿卜杜・热合曼", "阿卜杜热合曼"),
    ("王\u200b伟\ufeff", "王伟"),
    ("（女）", ""),
    ("", ""),
])
def test_clean_name(raw, clean):
    assert clean_name(raw) == clean


def test_annotations_and_dots_do_not_move_a_name():
    assert order_key("王伟（女）")[0] == order_key("王 伟")[0] == order_key("王伟")[0]
    assert order_key("阿依古丽·买买提")[0] == order_key("阿依古丽买买提")[0]


def test_sort_keeps_names_as_entered():
    names = ["马丽（女）", "丁 宁", "阿依古丽·买买提"]
    assert sort_names(names) == ["丁 宁", "马丽（女）", "阿依古丽·买买提"]


@pytest.mark.parametrize("char,sequence", [
    ("王", "1121"), ("文", "4134"), ("于", "112"), ("才", "123"), ("万", "153"),
    ("德", "332122522114544"), ("孔", "5215"), ("巴", "5215"), ("叶", "25112"), ("申", "25112"),
    ("张", "5153154"), ("锺", "31115312511211"), ("麟", "41352211535431234354152"),
])
def test_stroke_sequences(char, sequence):
    assert stroke_sequence(char) == sequence
    assert stroke_count(char) == len(sequence)


@pytest.mark.parametrize("char,count", [("䶮", 9), ("𬌗", 10), ("𠇔", 6), ("劉", 15)])
def test_missing_characters_fall_back_to_unihan(char, count):
    assert stroke_sequence(char) is None
    assert stroke_count(char) == count
    name = "王" + char
    assert needs_check(name) and unknown_characters(name) == (char,)
    assert f"按{count}画" in check_note(name)


def test_fallback_character_after_every_table_character_of_its_count():
    fallback = order_key("䶮")[0][0]
    nine = [order_key(ch)[0][0] for ch, seq in STROKES.items() if len(seq) == 9]
    ten = [order_key(ch)[0][0] for ch, seq in STROKES.items() if len(seq) == 10]
    assert max(nine) < fallback < min(ten)
    assert sort_names(["刘家", "刘䶮", "刘洋"]) == ["刘洋", "刘䶮", "刘家"]


@pytest.mark.parametrize("name,others", [
    ("Tom", ["丁一", "龘龘"]),          # 龘 48 strokes (Unihan), still before no data
    ("王A", ["王一", "王龘"]),
    ("王☆", ["王一", "王龘"]),
])
def test_no_stroke_data_sorts_last_and_is_flagged(name, others):
    assert sort_names([name] + others[::-1]) == others + [name]
    assert needs_check(name)
    assert "没有笔画数据" in check_note(name)


def test_table_names_need_no_check():
    for name in TWENTIETH_CONGRESS + SINGLE_CHARACTERS + ["阿依古丽·买买提（女）"]:
        assert not needs_check(name), name
        assert check_note(name) == ""


def test_empty_name_is_flagged():
    assert needs_check("（女）") and needs_check("  ")
    assert "没有姓名用字" in check_note("（女）")


names_strategy = st.lists(st.text(st.sampled_from("丁于才万么习马孔巴叶申田由德䶮𬌗A·（女） "),
                                  max_size=5), max_size=12)


@given(names_strategy, st.randoms(use_true_random=False))
def test_order_is_total(names, rng):
    shuffled = list(names)
    rng.shuffle(shuffled)
    assert sort_names(shuffled) == sort_names(names)
    assert sorted(sort_names(names)) == sorted(names)


def test_stroke_data_is_well_formed():
    for table in (STROKES, OVERRIDES):
        bad = [(ch, seq) for ch, seq in table.items() if len(ch) != 1 or not re.fullmatch("[1-5]+", seq)]
        assert bad == []
    assert [ch for ch, seq in OVERRIDES.items() if STROKES.get(ch) == seq] == []   # no dead override
    assert len(STROKES) == 6939


def test_fallback_holds_only_characters_the_table_lacks():
    chars = "".join(TOTAL_STROKES.values())
    assert len(chars) == len(set(chars)) > 80_000
    assert not set(chars) & set(STROKES)
    assert all(count > 0 for count in TOTAL_STROKES)


def test_overrides_are_documented():
    text = (Path(order.__file__).parent / "STROKES-PROVENANCE.md").read_text(encoding="utf-8")
    for char, sequence in OVERRIDES.items():
        assert f"| {char} |" in text and sequence in text, char


# --- the generator (tools/build_stroke_table.py), on small inputs ----------------------------

def load_module(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_writes_importable_modules(tmp_path):
    tool = load_module(ROOT / "tools" / "build_stroke_table.py")
    strokes = tmp_path / "strokes.json"
    strokes.write_text('{"王": "1121", "于": "112", "德": "332132522114544"}', encoding="utf-8")
    unihan = tmp_path / "Unihan_IRGSources.txt"
    unihan.write_text("# comment\nU+738B\tkTotalStrokes\t4\nU+4DAE\tkTotalStrokes\t9\n"
                      "U+4DAE\tkRSUnicode\t212'.4\nU+2C317\tkTotalStrokes\t10 11\n"
                      "U+F900\tkTotalStrokes\t14\n", encoding="utf-8")
    tool.main([str(strokes), "--unihan", str(unihan), "--out-dir", str(tmp_path)])
    table = load_module(tmp_path / "stroke_table.py")
    fallback = load_module(tmp_path / "stroke_fallback.py")
    assert table.STROKES == {"于": "112", "王": "1121", "德": "332132522114544"}
    assert list(table.STROKES) == ["于", "王", "德"]          # written in stroke order
    assert fallback.TOTAL_STROKES == {9: "䶮", 10: "𬌗"}     # not 王 (in table), not U+F900
    first = (tmp_path / "stroke_fallback.py").read_bytes()
    tool.main([str(strokes), "--unihan", str(unihan), "--out-dir", str(tmp_path)])
    assert (tmp_path / "stroke_fallback.py").read_bytes() == first


def test_generator_refuses_a_table_that_is_not_five_class(tmp_path):
    tool = load_module(ROOT / "tools" / "build_stroke_table.py")
    strokes = tmp_path / "strokes.json"
    strokes.write_text('{"王": "hhsh"}', encoding="utf-8")
    with pytest.raises(SystemExit):
        tool.main([str(strokes), "--out-dir", str(tmp_path)])
