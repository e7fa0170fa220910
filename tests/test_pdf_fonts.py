"""字体 (votekit.pdf.fonts): bundled CJK fonts cover every name; rare characters print as glyphs."""
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from votekit.pdf import fonts
from votekit.pdf.fonts import ROLES, SANS, SERIF, covers, markup, register_fonts, runs

RARE = "喆堃珺䶮"
MISSING = "\U00020000"    # CJK Ext B: not bundled, so it draws the .notdef box


def gb2312_hanzi() -> str:
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(chars)


def test_every_role_has_a_registered_font():
    roles = register_fonts()
    assert set(roles) == set(ROLES)
    for name in roles.values():
        assert name in pdfmetrics.getRegisteredFontNames()
    assert roles["song"] == SERIF and roles["hei"] == SANS


def test_bundled_fonts_cover_gb18030_level_1_and_2():
    hanzi = gb2312_hanzi()
    assert len(hanzi) == 6763
    register_fonts()
    assert covers(SERIF, hanzi) and covers(SANS, hanzi)
    assert covers(SERIF, "○×（）“”；：，。、—·0123456789ABCabc")


def test_rare_name_characters_are_in_the_serif_and_fall_back_from_the_sans():
    register_fonts()
    assert covers(SERIF, RARE)
    assert not covers(SANS, "䶮")
    assert runs("赵䶮", SANS) == [(SANS, "赵"), (SERIF, "䶮")]
    assert markup("赵䶮<", SANS) == f'赵<font face="{SERIF}">䶮</font>&lt;'
    assert not covers(SERIF, MISSING)


def glyph_image(tmp_path: Path, ch: str) -> tuple[np.ndarray, str]:
    pdf = tmp_path / f"g{ord(ch):x}.pdf"
    c = Canvas(str(pdf), pagesize=(100, 100), initialFontName=SERIF)
    c.setFont(SERIF, 72)
    c.drawString(14, 22, ch)
    c.save()
    subprocess.run(["pdftoppm", "-gray", "-r", "72", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
                   check=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout.strip()
    return np.asarray(Image.open(pdf.with_suffix(".pgm"))), text


@pytest.mark.parametrize("ch", list(RARE))
def test_rare_character_prints_a_real_glyph(tmp_path, ch):
    register_fonts()
    image, text = glyph_image(tmp_path, ch)
    notdef, _ = glyph_image(tmp_path, MISSING)
    assert text == ch
    ink = (image < 128).sum()
    assert ink > 150                                   # something was drawn
    assert (np.abs(image.astype(int) - notdef.astype(int)) > 128).sum() > 100   # and not the box


def test_system_fonts_take_their_roles_when_configured(tmp_path):
    (tmp_path / "simkai.ttf").symlink_to(fonts.BUNDLED_DIR / "VotekitSansSC-Regular.ttf")
    (tmp_path / "simhei.ttf").write_bytes(b"not a font")       # unreadable: keep the bundled
    roles = register_fonts({"system_fonts": True, "font_dir": str(tmp_path)})
    assert roles["kai"] == "votekit-simkai"
    assert roles["hei"] == SANS and roles["song"] == SERIF    # missing / unreadable
    assert register_fonts()["kai"] == SERIF                   # not configured: bundled


def test_config_object_and_role_files():
    class Config:
        system_fonts = False
        fonts = {"fangsong": str(fonts.BUNDLED_DIR / "VotekitSansSC-Regular.ttf"),
                 "nonsense": "/nowhere.ttf"}
    roles = register_fonts(Config())
    assert roles["fangsong"] == "votekit-votekitsanssc-regular"
    assert set(roles) == set(ROLES)


def test_system_fonts_not_present_leave_the_bundled(tmp_path):
    assert register_fonts({"system_fonts": True, "font_dir": str(tmp_path)}) == register_fonts()


def test_draw_text_centres_and_measures(tmp_path):
    register_fonts()
    c = Canvas(str(tmp_path / "t.pdf"), initialFontName=SERIF)
    width = fonts.draw_text(c, 100, 100, "赵䶮", SANS, 20, anchor="centre")
    assert width == pytest.approx(40.0, abs=1.0)
    c.save()


def test_bundled_fonts_stay_small():
    total = sum(p.stat().st_size for p in fonts.BUNDLED_DIR.glob("*.ttf"))
    assert total < 25 * 1024 * 1024
    assert (fonts.BUNDLED_DIR / "OFL.txt").is_file()


def test_environment_chooses_system_fonts_for_the_whole_kit(tmp_path, monkeypatch):
    (tmp_path / "simkai.ttf").symlink_to(fonts.BUNDLED_DIR / "VotekitSansSC-Regular.ttf")
    monkeypatch.setenv("VOTEKIT_SYSTEM_FONTS", "1")
    monkeypatch.setenv("VOTEKIT_FONT_DIR", str(tmp_path))
    assert register_fonts()["kai"] == "votekit-simkai"
    monkeypatch.setenv("VOTEKIT_SYSTEM_FONTS", "0")
    monkeypatch.setenv("VOTEKIT_FONT_TITLE", str(fonts.BUNDLED_DIR / "VotekitSansSC-Regular.ttf"))
    roles = register_fonts()
    assert roles["kai"] == SERIF and roles["title"] == "votekit-votekitsanssc-regular"
    assert fonts.environment_config({})["system_fonts"] is False
