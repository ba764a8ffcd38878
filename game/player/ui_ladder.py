"""The escalation ladder: a narrow column on the left edge listing every rung.

Rungs run from the top (a clean record) down to the verdict, so a path that
escalates visibly slides down the column. The current rung is highlighted.
"""

from __future__ import annotations

from direct.gui import DirectGuiGlobals as DGG
from direct.gui.DirectGui import DirectFrame
from direct.gui.OnscreenText import OnscreenText
from panda3d.core import NodePath

from game.player import ui_theme as theme
from game.player.ui_widgets import gui_root, label, line_height, text_rows
from game.scenario.model import Ladder

TOP = 0.97
BOTTOM = -0.97
PADDING = 0.03
MARK_SIZE = 0.022


class LadderHud:
    """Shows all rungs of ``ladder``; call set_current when the rung changes."""

    def __init__(self, parent: NodePath, ladder: Ladder, lang: str, left: float):
        self.ladder = ladder
        self.root = gui_root(parent)
        right = left + theme.HUD_WIDTH
        DirectFrame(
            parent=self.root,
            frameSize=(left, right, BOTTOM - 0.03, TOP + 0.03),
            frameColor=theme.HUD,
            relief=DGG.FLAT,
        )

        title_y = TOP - theme.SIZE_HUD * 1.1
        label(
            self.root,
            theme.ui_text("ladder_title", lang),
            (left + PADDING, title_y),
            theme.SIZE_HUD,
            color=theme.TEXT_DIM,
        )

        text_left = left + PADDING * 2 + MARK_SIZE * 2
        width = right - PADDING - text_left
        slot_top = title_y - theme.SIZE_HUD
        slot = (slot_top - BOTTOM) / len(ladder.rungs)
        self.slots: dict[str, tuple[DirectFrame, DirectFrame, OnscreenText]] = {}

        for number, rung in enumerate(ladder.rungs):
            name = rung.name.get(lang)
            size = theme.SIZE_HUD
            if text_rows(name, size, width) > 2:
                size *= 0.85
            rows = text_rows(name, size, width)
            high = slot_top - number * slot
            middle = high - slot / 2
            band = DirectFrame(
                parent=self.root,
                frameSize=(left + 0.008, right - 0.008, high - slot + 0.006, high),
                frameColor=(0, 0, 0, 0),
                relief=DGG.FLAT,
            )
            mark = DirectFrame(
                parent=self.root,
                frameSize=(-MARK_SIZE, MARK_SIZE, -MARK_SIZE, MARK_SIZE),
                pos=(left + PADDING + MARK_SIZE, 0, middle),
                frameColor=theme.HUD_MARK,
                relief=DGG.FLAT,
            )
            block = rows * line_height(size)
            text = label(
                self.root,
                name,
                (text_left, middle + block / 2 - size * 0.85),
                size,
                width=width,
                color=theme.TEXT_DIM,
            )
            self.slots[rung.id] = (band, mark, text)

        self.current = ""
        self.set_current(ladder.first.id)

    def set_current(self, rung_id: str) -> None:
        """Highlight rung ``rung_id``; raises KeyError for an unknown id."""
        current = self.ladder.get(rung_id)
        for rung in self.ladder.rungs:
            band, mark, text = self.slots[rung.id]
            is_current = rung.id == current.id
            band["frameColor"] = theme.HUD_CURRENT if is_current else (0, 0, 0, 0)
            mark["frameColor"] = theme.TEXT if is_current else theme.HUD_MARK
            text.fg = theme.TEXT if is_current else theme.TEXT_DIM
        self.current = current.id

    def destroy(self) -> None:
        self.root.destroy()
