"""Calm 2D cards: plain text on a light card over a dimmed screen, page by page."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from direct.gui import DirectGuiGlobals as DGG
from direct.gui.DirectGui import DirectFrame
from panda3d.core import NodePath

from game.player import input as actions
from game.player import ui_theme as theme
from game.player.ui_widgets import button, gui_root, label, line_height, text_rows
from game.player.ui_wrap import wrap

CARD_HALF_WIDTH = 1.12
MIN_HEIGHT = 0.8
MAX_HEIGHT = 1.8
PADDING = 0.08
GAP = 0.05
HEADING_SIZE = theme.SIZE_HEADING * 0.8
BUTTON_WIDTH = 0.62
BUTTON_HEIGHT = 0.13

# A sentence ends after these marks (Chinese full-width or Latin followed by a space).
_SENTENCE_END = re.compile(r"(?<=[。！？；])|(?<=[.!?;])\s+")


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping the end marks."""
    return [part.strip() for part in _SENTENCE_END.split(paragraph) if part.strip()]


def paginate(
    paragraphs: Sequence[str], size: float, width: float, height: float
) -> list[str]:
    """Group ``paragraphs`` into pages whose wrapped text fits ``height``.

    A paragraph too long for one page is split between sentences; a single
    sentence longer than a page gets a page to itself.
    """
    pieces: list[str] = []
    for paragraph in paragraphs:
        if _height(paragraph, size, width) <= height:
            pieces.append(paragraph)
        else:
            pieces.extend(_sentence_chunks(paragraph, size, width, height))

    pages: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}\n\n{piece}" if current else piece
        if current and _height(candidate, size, width) > height:
            pages.append(current)
            current = piece
        else:
            current = candidate
    if current:
        pages.append(current)
    return pages


def _sentence_chunks(
    paragraph: str, size: float, width: float, height: float
) -> list[str]:
    chunks: list[str] = []
    current = ""
    joiner = "" if re.search(r"[\u3000-\u9fff]", paragraph) else " "
    for sentence in split_sentences(paragraph):
        candidate = f"{current}{joiner}{sentence}" if current else sentence
        if current and _height(candidate, size, width) > height:
            chunks.append(current)
            current = sentence
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


def _height(text: str, size: float, width: float) -> float:
    return text_rows(text, size, width) * line_height(size)


class Card:
    """A modal card with a heading and one or more pages of text.

    CONFIRM, PICK 1 and the button go to the next page; PREV goes back. After
    the last page the card calls ``on_done``. The dimmed backdrop takes every
    click, so nothing underneath can be pressed while the card is up.
    """

    def __init__(
        self,
        parent: NodePath,
        lang: str,
        heading: str,
        paragraphs: Sequence[str],
        on_done: Callable[[], None],
        note: str = "",
        done_label: str = "",
        center_x: float = 0.0,
    ) -> None:
        self.lang = lang
        self.on_done = on_done
        self.done_label = done_label or theme.ui_text("continue", lang)
        self.root = gui_root(parent)
        DirectFrame(
            parent=self.root,
            frameSize=(-4, 4, -2, 2),
            frameColor=theme.SHADE,
            relief=DGG.FLAT,
            state=DGG.NORMAL,
        )

        left = center_x - CARD_HALF_WIDTH
        right = center_x + CARD_HALF_WIDTH
        width = right - left - 2 * PADDING
        heading_height = _height(heading, HEADING_SIZE, width)
        note_height = _height(note, theme.SIZE_SMALL, width) + GAP if note else 0.0
        fixed = 2 * PADDING + heading_height + 2 * GAP + note_height + BUTTON_HEIGHT
        self.pages = paginate(
            paragraphs, theme.SIZE_BODY, width, MAX_HEIGHT - fixed
        ) or [""]
        body_height = max(_height(page, theme.SIZE_BODY, width) for page in self.pages)

        # The card grows with its longest page and stays centred on the screen.
        height = max(MIN_HEIGHT, fixed + body_height)
        top = height / 2
        bottom = -height / 2
        DirectFrame(
            parent=self.root,
            frameSize=(left, right, bottom, top),
            frameColor=theme.CARD,
            relief=DGG.FLAT,
        )
        DirectFrame(
            parent=self.root,
            frameSize=(left, right, top - 0.012, top),
            frameColor=theme.CARD_ACCENT,
            relief=DGG.FLAT,
        )

        x = left + PADDING
        label(
            self.root,
            heading,
            (x, top - PADDING - HEADING_SIZE * 0.8),
            HEADING_SIZE,
            width=width,
            color=theme.CARD_ACCENT,
        )
        body_top = top - PADDING - heading_height - GAP
        self.body_width = width
        self.body = label(
            self.root,
            "",
            (x, body_top - theme.SIZE_BODY * 0.85),
            theme.SIZE_BODY,
            width=width,
            color=theme.CARD_TEXT,
        )
        footer = bottom + PADDING + BUTTON_HEIGHT + GAP
        if note:
            label(
                self.root,
                note,
                (x, footer + note_height - GAP - theme.SIZE_SMALL * 0.85),
                theme.SIZE_SMALL,
                width=width,
                color=theme.CARD_DIM,
            )
        self.counter = label(
            self.root,
            "",
            (x, bottom + PADDING + BUTTON_HEIGHT * 0.35),
            theme.SIZE_SMALL,
            color=theme.CARD_DIM,
        )
        self.button = button(
            self.root,
            self.done_label,
            (
                right - PADDING - BUTTON_WIDTH,
                right - PADDING,
                bottom + PADDING,
                bottom + PADDING + BUTTON_HEIGHT,
            ),
            command=self.next_page,
        )
        self.page = 0
        self._show_page()

    @property
    def is_last_page(self) -> bool:
        return self.page >= len(self.pages) - 1

    def handle(self, action: str, number: int) -> bool:
        """Apply one input action; return True if it was used."""
        pressed = action == actions.CONFIRM or (action == actions.PICK and number == 1)
        if pressed or (action == actions.NEXT and not self.is_last_page):
            self.next_page()
        elif action == actions.PREV and self.page > 0:
            self.page -= 1
            self._show_page()
        else:
            return False
        return True

    def next_page(self) -> None:
        """Show the next page, or close the card after the last one."""
        if self.is_last_page:
            self.on_done()
            return
        self.page += 1
        self._show_page()

    def destroy(self) -> None:
        self.root.destroy()

    def _show_page(self) -> None:
        self.body.text = wrap(self.pages[self.page], theme.SIZE_BODY, self.body_width)
        if len(self.pages) > 1:
            self.counter.text = f"{self.page + 1} / {len(self.pages)}"
        else:
            self.counter.text = ""
        text = (
            self.done_label
            if self.is_last_page
            else theme.ui_text("continue", self.lang)
        )
        self.button["text"] = text
