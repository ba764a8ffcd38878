"""Building blocks of the 2D interface: wrapped text, buttons and keyboard focus."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from direct.gui import DirectGuiGlobals as DGG
from direct.gui.DirectGui import DirectButton, DirectFrame
from direct.gui.OnscreenText import OnscreenText
from panda3d.core import NodePath, TextFont, TextNode

from game.player import input as actions
from game.player import ui_theme as theme
from game.player.ui_wrap import wordwrap, wrap


def gui_root(parent: NodePath) -> DirectFrame:
    """Return an invisible DirectFrame to hold one component's widgets.

    Destroying it destroys every DirectGui widget parented to it, which also
    drops them from DirectGui's registry, so screens built again and again do
    not accumulate widgets.
    """
    return DirectFrame(parent=parent, relief=None, state=DGG.DISABLED)


def text_rows(text: str, size: float, width: float) -> int:
    """Return how many rows ``text`` takes at height ``size`` wrapped to ``width``."""
    return wrap(text, size, width).count("\n") + 1


def line_height(size: float) -> float:
    """Return the distance between two rows of text of height ``size``."""
    font: TextFont | None = TextNode.get_default_font()
    factor = font.get_line_height() if font is not None else 1.2
    return size * factor


def text_height(text: str, size: float, width: float) -> float:
    """Return the height of ``text`` wrapped to ``width``, in aspect2d units."""
    return text_rows(text, size, width) * line_height(size)


def label(
    parent: NodePath,
    text: str,
    pos: tuple[float, float],
    size: float,
    width: float | None = None,
    color: tuple[float, float, float, float] = theme.TEXT,
    align: int = TextNode.A_left,
) -> OnscreenText:
    """Place a text whose first row's baseline is at ``pos``, wrapped to ``width``."""
    return OnscreenText(
        parent=parent,
        text=text if width is None else wrap(text, size, width),
        pos=pos,
        scale=size,
        fg=color,
        align=align,
        wordwrap=None if width is None else wordwrap(size, width),
        mayChange=True,
    )


def button(
    parent: NodePath,
    text: str,
    frame: tuple[float, float, float, float],
    command: Callable[[], None] | None = None,
    size: float = theme.SIZE_BUTTON,
    align: int = TextNode.A_center,
    padding: float = 0.04,
) -> DirectButton:
    """Make a button covering ``frame`` (left, right, bottom, top) with wrapped text.

    The text starts at the top-left (or top-centre) inside ``padding``.
    """
    left, right, bottom, top = frame
    width = right - left - 2 * padding
    text_x = left + padding if align == TextNode.A_left else (left + right) / 2
    rows = text_rows(text, size, width)
    block = rows * line_height(size)
    # Centre the text block vertically; the baseline of row one sits one size
    # below the top of the block.
    text_y = (top + bottom) / 2 + block / 2 - size * 0.92

    return DirectButton(
        parent=parent,
        text=wrap(text, size, width),
        text_scale=size,
        text_align=align,
        text_pos=(text_x, text_y),
        text_wordwrap=wordwrap(size, width),
        text_fg=theme.BUTTON_TEXT,
        frameSize=frame,
        frameColor=_state_colors(focused=False),
        relief=DGG.FLAT,
        pressEffect=True,
        command=command,
        rolloverSound=None,
        clickSound=None,
    )


class FocusList:
    """A row or column of buttons that keys and the gamepad move through.

    The mouse and touch press the buttons directly; NEXT and PREV move the
    highlight, CONFIRM presses the highlighted button and PICK n presses the
    n-th one. With ``focus=None`` nothing is highlighted at first, so no
    choice looks suggested; the first NEXT or CONFIRM then highlights one.
    """

    def __init__(
        self,
        buttons: Sequence[DirectButton],
        on_press: Callable[[int], None],
        focus: int | None = 0,
    ) -> None:
        self.buttons = list(buttons)
        self.on_press = on_press
        self.focus = None if focus is None else min(focus, len(self.buttons) - 1)
        self.enabled = True
        for index, each in enumerate(self.buttons):
            each["command"] = self.press
            each["extraArgs"] = [index]
        self._paint()

    def handle(self, action: str, number: int) -> bool:
        """Apply one input action; return True if it was used."""
        if not self.enabled or not self.buttons:
            return False
        if action == actions.NEXT:
            self.move(1)
        elif action == actions.PREV:
            self.move(-1)
        elif action == actions.CONFIRM and self.focus is None:
            self.move(1)
        elif action == actions.CONFIRM:
            self.press(self.focus)
        elif action == actions.PICK and 1 <= number <= len(self.buttons):
            self.press(number - 1)
        else:
            return False
        return True

    def move(self, delta: int) -> None:
        """Move the highlight by ``delta`` buttons, wrapping round."""
        if self.focus is None:
            self.focus = 0 if delta > 0 else len(self.buttons) - 1
        else:
            self.focus = (self.focus + delta) % len(self.buttons)
        self._paint()

    def press(self, index: int) -> None:
        """Press button ``index`` as if it had been clicked."""
        if self.enabled:
            self.focus = index
            self._paint()
            self.on_press(index)

    def set_enabled(self, enabled: bool) -> None:
        """Accept or ignore presses, keys and clicks alike."""
        self.enabled = enabled
        state = DGG.NORMAL if enabled else DGG.DISABLED
        for each in self.buttons:
            each["state"] = state

    def _paint(self) -> None:
        for index, each in enumerate(self.buttons):
            each["frameColor"] = _state_colors(focused=index == self.focus)


def _state_colors(focused: bool) -> tuple[tuple[float, float, float, float], ...]:
    """Return DirectButton frame colours for the ready, press, rollover and
    disabled states."""
    if focused:
        return (theme.BUTTON_FOCUS,) * 3 + (theme.BUTTON,)
    return (theme.BUTTON, theme.BUTTON_FOCUS, theme.BUTTON_HOVER, theme.BUTTON)
