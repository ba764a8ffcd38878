"""The CJK font that every on-screen text uses."""

from __future__ import annotations

import logging
from pathlib import Path

from direct.gui import DirectGuiGlobals
from panda3d.core import DynamicTextFont, Filename, SamplerState, TextNode

log = logging.getLogger(__name__)

FONTS_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FONT_PATH = FONTS_DIR / "wqy-microhei.ttc"
# Faces of FONT_PATH: 0 is WenQuanYi Micro Hei, 1 its monospaced variant, in which
# a Latin character is 0.6 em wide and a CJK character 1 em.
FACE_REGULAR = 0
FACE_MONO = 1

# Glyphs are rasterised at this many pixels per text unit. A 0.06-high line on
# a 1080-pixel-tall window is about 32 pixels, so 64 keeps every size the
# player uses at or below the rasterised size and therefore sharp.
PIXELS_PER_UNIT = 64


class FontError(RuntimeError):
    """Raised when the bundled font file is missing or unreadable."""


def load_font(path: Path = FONT_PATH, face: int = FACE_REGULAR) -> DynamicTextFont:
    """Load ``face`` of the font at ``path`` and tune it for sharp CJK text.

    The font is made anew rather than taken from Panda3D's FontPool, because a
    pooled font that has drawn text can no longer change its pixels per unit.
    Raises FontError when the file is missing or Panda3D cannot read it.
    """
    if not path.is_file():
        raise FontError(f"font file not found: {path}")

    font = DynamicTextFont(Filename.from_os_specific(str(path)), face)
    if not font.is_valid():
        raise FontError(f"font file could not be read: {path} (face {face})")

    font.set_pixels_per_unit(PIXELS_PER_UNIT)
    font.set_page_size(1024, 1024)
    # Plain linear filtering: with mipmaps, p3tinydisplay (Panda3D 1.10.16)
    # garbles glyphs that were added to a font page after its first upload.
    font.set_minfilter(SamplerState.FT_linear)
    font.set_magfilter(SamplerState.FT_linear)
    log.debug("loaded font %s", path)
    return font


def install_default_font(font: DynamicTextFont) -> None:
    """Make ``font`` the default for DirectGui widgets and new TextNodes."""
    DirectGuiGlobals.setDefaultFont(font)
    TextNode.set_default_font(font)
