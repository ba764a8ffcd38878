"""Paths of the files shipped in assets/, importable without Panda3D."""

from __future__ import annotations

from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parents[1] / "assets"
FONTS_DIR = ASSETS_DIR / "fonts"
# Every on-screen text is drawn with face 0 of this collection (WenQuanYi Micro Hei).
FONT_PATH = FONTS_DIR / "wqy-microhei.ttc"
FONT_FACE = 0
