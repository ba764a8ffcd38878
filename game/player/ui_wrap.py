"""Line breaking for mixed Chinese and English text.

Panda3D's wordwrap breaks Chinese between any two characters, so a line can
start with "。" or end with "“". This module breaks lines itself: Chinese between
characters, English and numbers between words, closing punctuation kept on the
line before (it may hang a little past the margin) and opening marks carried to
the next line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from panda3d.core import TextNode

# Marks that must not start a line (Chinese and Western closing punctuation).
NO_LINE_START = frozenset("，。、；：！？）》」』”’〕】〉…—·%,.;:!?)]}")
# Marks that must not end a line (opening brackets and quotes).
NO_LINE_END = frozenset("（《「『“‘〔【〈([{")

# Extra room, in ems, that TextNode's own wordwrap gets beyond the wrap width,
# so it never breaks again before a hanging punctuation mark.
HANG_ROOM = 2.0

# A run of non-CJK, non-space characters with its trailing spaces is one
# unbreakable token; every CJK character or mark is a token of its own.
_CJK = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014"
_TOKEN = re.compile(rf"[^\s{_CJK}]+\s*|\s+|.")


def wrap(text: str, size: float, width: float) -> str:
    """Return ``text`` with line breaks so each line fits ``width`` at ``size``."""
    limit = width / size
    return "\n".join(_wrap_paragraph(part, limit) for part in text.split("\n"))


def wordwrap(size: float, width: float) -> float:
    """Return the TextNode wordwrap, in ems, to use for text made by wrap()."""
    return width / size + HANG_ROOM


def _wrap_paragraph(paragraph: str, limit: float) -> str:
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for token in _TOKEN.findall(paragraph):
        if line and used + _width(token.rstrip()) > limit:
            if token[0] in NO_LINE_START:
                line.append(token)
                used += _width(token)
                continue
            carried = []
            while len(line) > 1 and line[-1].rstrip()[-1:] in NO_LINE_END:
                carried.insert(0, line.pop())
            lines.append("".join(line).rstrip())
            line = carried
            used = sum(_width(each) for each in line)
            if token.isspace():
                continue
        line.append(token)
        used += _width(token)
    lines.append("".join(line).rstrip())
    return "\n".join(lines)


@lru_cache(maxsize=8192)
def _width(token: str) -> float:
    """Return the width of ``token`` in ems of the default font."""
    return _measure_node().calc_width(token)


@lru_cache(maxsize=1)
def _measure_node() -> TextNode:
    return TextNode("wrap-measure")
