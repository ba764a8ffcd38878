"""The idle card: "Are you still there?" in both languages, with a countdown."""

from __future__ import annotations

import math

from direct.gui import DirectGuiGlobals as DGG
from direct.gui.DirectGui import DirectFrame
from panda3d.core import NodePath, TextNode

from game.player import ui_theme as theme
from game.player.ui_widgets import gui_root, label

HALF_WIDTH = 1.0
TOP = 0.5
BOTTOM = -0.5
BAR_HEIGHT = 0.025
COUNT_SIZE = 0.2
# Drawn after 2D widgets with a lower sort (the screens, the reload error card at
# 150), so the card covers the screen it interrupts.
SORT = 200


class IdleCard:
    """A card over a dimmed screen; the bar and the number show the seconds left.

    Its backdrop takes every click, so the click that answers the question does
    not also press a button underneath.
    """

    def __init__(self, parent: NodePath, countdown_seconds: float) -> None:
        self.countdown_seconds = countdown_seconds
        self.root = gui_root(parent)
        self.root.reparent_to(parent, SORT)
        DirectFrame(
            parent=self.root,
            frameSize=(-4, 4, -2, 2),
            frameColor=theme.SHADE,
            relief=DGG.FLAT,
            state=DGG.NORMAL,
        )
        DirectFrame(
            parent=self.root,
            frameSize=(-HALF_WIDTH, HALF_WIDTH, BOTTOM, TOP),
            frameColor=theme.CARD,
            relief=DGG.FLAT,
        )
        DirectFrame(
            parent=self.root,
            frameSize=(-HALF_WIDTH, HALF_WIDTH, TOP - 0.012, TOP),
            frameColor=theme.CARD_ACCENT,
            relief=DGG.FLAT,
        )

        center = TextNode.A_center
        title = theme.UI["idle_title"]
        body = theme.UI["idle_body"]
        label(
            self.root,
            title.zh,
            (0, TOP - 0.14),
            theme.SIZE_HEADING,
            color=theme.CARD_ACCENT,
            align=center,
        )
        label(
            self.root,
            title.en,
            (0, TOP - 0.24),
            theme.SIZE_HEADING * 0.75,
            color=theme.CARD_ACCENT,
            align=center,
        )
        self.count = label(
            self.root,
            "",
            (0, -0.06),
            COUNT_SIZE,
            color=theme.CARD_MARK,
            align=center,
        )
        label(
            self.root,
            f"{body.zh}\n{body.en}",
            (0, -0.18),
            theme.SIZE_SMALL,
            color=theme.CARD_TEXT,
            align=center,
        )
        self.countdown = label(
            self.root,
            "",
            (0, BOTTOM + 0.1),
            theme.SIZE_SMALL,
            color=theme.CARD_DIM,
            align=center,
        )
        bar_left = -HALF_WIDTH + 0.1
        self.bar_width = 2 * (HALF_WIDTH - 0.1)
        self.bar = DirectFrame(
            parent=self.root,
            frameSize=(0, self.bar_width, 0, BAR_HEIGHT),
            pos=(bar_left, 0, BOTTOM + 0.17),
            frameColor=theme.CARD_MARK,
            relief=DGG.FLAT,
        )
        self.seconds = -1
        self.set_remaining(countdown_seconds)

    def set_remaining(self, remaining: float) -> None:
        """Show ``remaining`` seconds, rounded up, and shorten the bar to match."""
        share = max(0.0, min(1.0, remaining / self.countdown_seconds))
        self.bar.set_sx(max(share, 0.001))
        seconds = math.ceil(remaining)
        if seconds == self.seconds:
            return
        self.seconds = seconds
        self.count.text = str(seconds)
        line = theme.UI["idle_countdown"]
        self.countdown.text = (
            f"{line.zh.format(seconds=seconds)} · {line.en.format(seconds=seconds)}"
        )

    def destroy(self) -> None:
        self.root.destroy()
