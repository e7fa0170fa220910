"""字体：把中文字体登记给 reportlab，按用途（宋体、黑体、仿宋、楷体、小标宋）取用。

    from votekit.pdf.fonts import register_fonts
    fonts = register_fonts()          # {'song': 'VotekitSerifSC', 'hei': 'VotekitSansSC', ...}
    canvas.setFont(fonts["song"], 12)

Roles: ``song`` 宋体 (body), ``hei`` 黑体 (headings), ``fangsong`` 仿宋 (公文
body), ``kai`` 楷体, ``title`` 小标宋-like (the bundled serif; draw it with
``fake_bold`` for weight).

By default every role uses the fonts bundled in ``votekit/fonts/`` (Noto
Serif SC / Noto Sans SC subsets converted to TrueType, SIL OFL — see
``votekit/fonts/README.md``): the serif covers all of CJK Unified
Ideographs and Extension A (䶮), so every name prints.  When the config
asks for system fonts (``system_fonts=True``), the Windows fonts
simsun.ttc / simhei.ttf / simfang.ttf / simkai.ttf found in ``font_dir``
(default ``C:\\Windows\\Fonts``) take their roles; ``fonts={'kai': path}``
names a file for one role.  A role whose file is missing keeps the bundled
font.  The Windows fonts lack some rare characters (SimHei, SimFang and
SimKai stop at GBK), so text that may hold names should go through
:func:`runs` (canvas) or :func:`markup` (Platypus), which switch to the
bundled serif for any character the chosen font lacks.

``config`` may be ``None``, a mapping or any object with the attributes
``system_fonts`` (bool), ``font_dir`` (folder) and ``fonts`` (role -> file).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

ROLES = ("song", "hei", "fangsong", "kai", "title")
BUNDLED_DIR = Path(__file__).resolve().parent.parent / "fonts"
SERIF = "VotekitSerifSC"
SANS = "VotekitSansSC"
_BUNDLED_FILES = {SERIF: "VotekitSerifSC-Regular.ttf", SANS: "VotekitSansSC-Regular.ttf"}
_BUNDLED_ROLES = {"song": SERIF, "hei": SANS, "fangsong": SERIF, "kai": SERIF, "title": SERIF}
WINDOWS_FONT_DIR = Path("C:/Windows/Fonts")
_WINDOWS_FILES = {"song": "simsun.ttc", "hei": "simhei.ttf",
                  "fangsong": "simfang.ttf", "kai": "simkai.ttf", "title": "simsun.ttc"}


def _setting(config: Any, key: str, default: Any) -> Any:
    if config is None:
        return default
    if isinstance(config, dict):
        return config.get(key, default)
    return getattr(config, key, default)


def _register_file(name: str, path: Path) -> str:
    """Register one TrueType file (subfont 0 of a .ttc) once; return its name."""
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)
    return name


def _bundled() -> dict[str, str]:
    for name, file in _BUNDLED_FILES.items():
        _register_file(name, BUNDLED_DIR / file)
    return dict(_BUNDLED_ROLES)


def _chosen_files(config: Any) -> dict[str, Path]:
    chosen: dict[str, Path] = {}
    if _setting(config, "system_fonts", False):
        folder = Path(_setting(config, "font_dir", None) or WINDOWS_FONT_DIR)
        for role, file in _WINDOWS_FILES.items():
            chosen[role] = folder / file
    for role, file in (_setting(config, "fonts", None) or {}).items():
        if role in ROLES:
            chosen[role] = Path(file)
    return {role: path for role, path in chosen.items() if path.is_file()}


def environment_config(environ: Any = None) -> dict[str, Any]:
    """The font choice a branch makes once for the whole kit, from the environment:
    ``VOTEKIT_SYSTEM_FONTS=1`` uses 宋体/黑体/仿宋/楷体 from ``VOTEKIT_FONT_DIR``
    (default C:\\Windows\\Fonts); ``VOTEKIT_FONT_SONG=path`` (…_HEI, _FANGSONG, _KAI,
    _TITLE) names a file for one role."""
    import os
    env = os.environ if environ is None else environ
    fonts = {role: env[f"VOTEKIT_FONT_{role.upper()}"] for role in ROLES
             if env.get(f"VOTEKIT_FONT_{role.upper()}")}
    return {"system_fonts": env.get("VOTEKIT_SYSTEM_FONTS", "") in ("1", "true", "yes"),
            "font_dir": env.get("VOTEKIT_FONT_DIR") or None, "fonts": fonts}


def register_fonts(config: Any = None) -> dict[str, str]:
    """Register the fonts and return role -> reportlab font name (every role present).

    With no ``config`` the branch's choice in the environment applies
    (:func:`environment_config`); by default every role is the bundled font."""
    if config is None:
        config = environment_config()
    roles = _bundled()
    for role, path in _chosen_files(config).items():
        name = "votekit-" + path.stem.lower()
        try:
            roles[role] = _register_file(name, path)
        except Exception:  # an unreadable or CFF font: keep the bundled one
            continue
    return roles


@lru_cache(maxsize=None)
def _charmap(font_name: str) -> frozenset[int]:
    face = pdfmetrics.getFont(font_name).face
    return frozenset(getattr(face, "charToGlyph", {}).keys())


def covers(font_name: str, text: str) -> bool:
    """Whether ``font_name`` has a glyph for every character of ``text``."""
    cmap = _charmap(font_name)
    return all(ord(ch) in cmap or ch.isspace() for ch in text)


def runs(text: str, font_name: str, fallback: str = SERIF) -> list[tuple[str, str]]:
    """Split ``text`` into (font, piece) runs: characters missing from
    ``font_name`` go to ``fallback`` (the bundled serif, registered here)."""
    if fallback == SERIF:
        _bundled()
    cmap = _charmap(font_name)
    out: list[tuple[str, str]] = []
    for ch in text:
        font = font_name if ord(ch) in cmap or ch.isspace() else fallback
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


def markup(text: str, font_name: str, fallback: str = SERIF) -> str:
    """Platypus Paragraph markup for ``text`` with fallback for missing glyphs."""
    parts = []
    for font, piece in runs(text, font_name, fallback):
        piece = escape(piece)
        parts.append(piece if font == font_name else f'<font face="{font}">{piece}</font>')
    return "".join(parts)


def text_width(text: str, font_name: str, size: float, fallback: str = SERIF) -> float:
    return sum(pdfmetrics.stringWidth(piece, font, size)
               for font, piece in runs(text, font_name, fallback))


def draw_text(canvas, x: float, y: float, text: str, font_name: str, size: float,
              anchor: str = "left", fallback: str = SERIF) -> float:
    """Draw ``text`` at (x, y) with glyph fallback; anchor left/centre/right.
    Returns the width drawn."""
    width = text_width(text, font_name, size, fallback)
    x -= {"left": 0, "centre": width / 2, "right": width}[anchor]
    for font, piece in runs(text, font_name, fallback):
        canvas.setFont(font, size)
        canvas.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, font, size)
    return width
