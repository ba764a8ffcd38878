"""The dialogue panel at the bottom of the play screen and the choice buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from direct.gui import DirectGuiGlobals as DGG
from direct.gui.DirectGui import DirectFrame
from panda3d.core import NodePath, TextNode

from game.player import ui_theme as theme
from game.player.ui_widgets import (
    FocusList,
    button,
    gui_root,
    label,
    line_height,
    text_rows,
)
from game.player.ui_wrap import wordwrap, wrap

PANEL_BOTTOM = -0.97
PANEL_TOP = -0.50
PADDING = 0.045
CHOICE_GAP = 0.022
CHOICE_PADDING = 0.03
MIN_TEXT_SIZE = 0.036


def fitting_size(
    texts: Sequence[str], size: float, width: float, height: float, extra: float = 0
) -> float:
    """Return the largest text size up to ``size`` at which ``texts`` fit.

    Each text is wrapped to ``width``; ``extra`` is fixed space per text, such
    as button padding. Below MIN_TEXT_SIZE the text is allowed to overflow.
    """
    while size > MIN_TEXT_SIZE:
        needed = sum(
            text_rows(text, size, width) * line_height(size) + extra for text in texts
        )
        if needed <= height:
            break
        size *= 0.92
    return max(size, MIN_TEXT_SIZE)


class DialoguePanel:
    """Speaker name and one line of dialogue, with a hint on how to go on."""

    def __init__(self, parent: NodePath, left: float, right: float) -> None:
        self.left = left
        self.right = right
        self.root = gui_root(parent)
        self.frame = DirectFrame(
            parent=self.root,
            frameSize=(left, right, PANEL_BOTTOM, PANEL_TOP),
            frameColor=theme.PANEL,
            relief=DGG.FLAT,
        )
        DirectFrame(
            parent=self.root,
            frameSize=(left, right, PANEL_TOP - 0.006, PANEL_TOP),
            frameColor=theme.PANEL_EDGE,
            relief=DGG.FLAT,
        )
        self.name = label(
            self.root,
            "",
            (left + PADDING, PANEL_TOP - PADDING - theme.SIZE_BODY * 0.8),
            theme.SIZE_BODY,
            color=theme.ACCENT,
        )
        self.text = label(self.root, "", (0, 0), theme.SIZE_BODY)
        self.hint = label(
            self.root,
            "",
            (right - PADDING, PANEL_BOTTOM + PADDING * 0.8),
            theme.SIZE_SMALL,
            color=theme.TEXT_DIM,
            align=TextNode.A_right,
        )
        self.caption = label(parent, "", (0, 0), theme.SIZE_SMALL, color=theme.ACCENT)
        self.caption.hide()

    def show_line(self, speaker: str, text: str, hint: str) -> None:
        """Show one line, shrinking the text if it would not fit the panel."""
        width = self.right - self.left - 2 * PADDING
        top = PANEL_TOP - PADDING - theme.SIZE_BODY * 1.9
        room = top - (PANEL_BOTTOM + PADDING + theme.SIZE_SMALL * 1.2)
        size = fitting_size([text], theme.SIZE_BODY, width, room + theme.SIZE_BODY)

        self.name.text = speaker
        self.text.text_scale = size
        self.text.wordwrap = wordwrap(size, width)
        self.text.text_pos = (self.left + PADDING, top - size * 0.6)
        self.text.text = wrap(text, size, width)
        self.hint.text = hint
        self.root.show()

    def set_hint(self, hint: str) -> None:
        """Replace the hint in the bottom-right corner."""
        self.hint.text = hint

    def set_caption(self, caption: str | None, top: float) -> None:
        """Show a small caption (such as the time of the scene) at ``top``."""
        if not caption:
            self.caption.hide()
            return
        self.caption.text = caption
        self.caption.text_pos = (self.left, top - theme.SIZE_SMALL)
        self.caption.bg = theme.PANEL
        self.caption.show()

    def hide(self) -> None:
        self.root.hide()

    def destroy(self) -> None:
        self.caption.destroy()
        self.root.destroy()


class ChoiceList:
    """Numbered choice buttons stacked upwards from just above the panel."""

    def __init__(
        self,
        parent: NodePath,
        texts: Sequence[str],
        left: float,
        right: float,
        top: float,
        on_press: Callable[[int], None],
    ) -> None:
        self.root = gui_root(parent)
        width = right - left - 2 * CHOICE_PADDING
        bottom = PANEL_TOP + CHOICE_GAP
        room = top - bottom - CHOICE_GAP * len(texts)
        numbered = [f"{index}   {text}" for index, text in enumerate(texts, 1)]
        size = fitting_size(
            numbered, theme.SIZE_BUTTON, width, room, extra=2 * CHOICE_PADDING
        )

        # Lay the buttons out from the top down so choice 1 is uppermost.
        heights = [
            text_rows(text, size, width) * line_height(size) + 2 * CHOICE_PADDING
            for text in numbered
        ]
        y = bottom + sum(heights) + CHOICE_GAP * (len(texts) - 1)
        buttons = []
        for text, height in zip(numbered, heights, strict=True):
            frame = (left, right, y - height, y)
            buttons.append(
                button(
                    self.root,
                    text,
                    frame,
                    size=size,
                    align=TextNode.A_left,
                    padding=CHOICE_PADDING,
                )
            )
            y -= height + CHOICE_GAP
        self.buttons = buttons
        self.focus = FocusList(buttons, on_press, focus=None)

    def handle(self, action: str, number: int) -> bool:
        """Apply one input action to the buttons; return True if it was used."""
        return self.focus.handle(action, number)

    def set_enabled(self, enabled: bool) -> None:
        self.focus.set_enabled(enabled)

    def destroy(self) -> None:
        self.root.destroy()
