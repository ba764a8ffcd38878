"""The reload error card: a scenario file's diagnostics in a monospaced font.

The loader renders each diagnostic as a headline (``file:line:col: error CODE:
message``), the source line, a caret line under the bad spot and a help line.
The card lays these out page by page. It wraps long rows and draws each caret
row at the measured position of the characters it points at, so the carets stay
under the right text even after Chinese characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from direct.gui import DirectGuiGlobals as DGG
from direct.gui.DirectGui import DirectFrame
from direct.gui.OnscreenText import OnscreenText
from panda3d.core import NodePath, TextFont, TextNode

from game.player import input as actions
from game.player import ui_theme as theme
from game.player.ui_widgets import button, gui_root, label

HEADLINE = "headline"
SOURCE = "source"
CARET = "caret"
HELP = "help"
PLAIN = "plain"

ROW_SIZE = 0.04
ROW_COLORS = {
    HEADLINE: theme.CARD_ACCENT,
    SOURCE: theme.CARD_TEXT,
    CARET: theme.CARD_MARK,
    HELP: theme.CARD_DIM,
    PLAIN: theme.CARD_TEXT,
}
SIDE_MARGIN = 0.12
MAX_HEIGHT = 1.84
MIN_HEIGHT = 0.7
PADDING = 0.07
BUTTON_HEIGHT = 0.11
BUTTON_WIDTH = 0.5
CLOSE_WIDTH = 0.72
BUTTON_GAP = 0.03
# Drawn above the play screen and below the idle card.
SORT = 150

_SOURCE_ROW = re.compile(r"^( *\d+ \| )(.*)$")
_CARET_ROW = re.compile(r"^( *\| )( *)(\^+)$")
_HELP_ROW = re.compile(r"^( *= )(.*)$")


@dataclass(frozen=True)
class Row:
    """One row of the card; ``indent`` is in ems of the monospaced font."""

    text: str
    kind: str = PLAIN
    indent: float = 0.0


def display_columns(char: str) -> int:
    """Return the terminal columns of ``char``, as Diagnostic.render counts them.

    NOTE: the range must match ``_display_width`` in game/scenario/diagnostics.py,
    which places the carets.
    """
    return 2 if 0x2E80 <= ord(char) <= 0xFFEF else 1


def layout_rows(
    rendered: str, measure: Callable[[str], float], width: float
) -> list[Row]:
    """Split rendered diagnostics into rows at most ``width`` ems wide.

    ``measure`` returns the width of a text in ems. A blank row separates two
    diagnostics.
    """
    lines = rendered.splitlines()
    rows: list[Row] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        source = _SOURCE_ROW.match(line)
        caret = _CARET_ROW.match(lines[index + 1]) if index + 1 < len(lines) else None
        if source and caret:
            rows.extend(_source_rows(source, caret, measure, width))
            index += 2
            continue

        help_line = _HELP_ROW.match(line)
        if source:
            rows.extend(_source_rows(source, None, measure, width))
        elif help_line:
            marker = help_line.group(1)
            rows.extend(_hanging_rows(help_line.group(2), marker, HELP, measure, width))
        elif line and not line[0].isspace():
            if rows:
                rows.append(Row(""))
            rows.extend(_hanging_rows(line, "", HEADLINE, measure, width))
        else:
            rows.extend(Row(piece) for piece in _wrap(line, measure, width))
        index += 1
    return rows


def _hanging_rows(
    text: str,
    marker: str,
    kind: str,
    measure: Callable[[str], float],
    width: float,
) -> list[Row]:
    """Wrap ``marker + text`` with the rows after the first indented."""
    indent = measure(marker) if marker else measure("    ")
    first, *rest = _wrap(marker + text, measure, width)
    rows = [Row(first, kind)]
    remainder = " ".join(rest)
    if remainder:
        pieces = _wrap(remainder, measure, width - indent)
        rows.extend(Row(piece, kind, indent) for piece in pieces)
    return rows


def _source_rows(
    source: re.Match[str],
    caret: re.Match[str] | None,
    measure: Callable[[str], float],
    width: float,
) -> list[Row]:
    """Return a source line cut to ``width`` and its caret row under the right cut."""
    gutter, text = source.group(1), source.group(2)
    blank_gutter = re.sub(r"\d", " ", gutter)
    gutter_width = measure(gutter)
    widths = [measure(char) for char in text]
    cuts = _hard_cuts(widths, width - gutter_width)

    marked: tuple[int, int] | None = None
    if caret is not None:
        marked = _char_range(text, len(caret.group(2)), len(caret.group(3)))

    rows: list[Row] = []
    for number, (start, end) in enumerate(cuts):
        prefix = gutter if number == 0 else blank_gutter
        rows.append(Row(prefix + text[start:end], SOURCE))
        if marked is None:
            continue
        first, last = marked
        is_last_cut = number == len(cuts) - 1
        if start <= first < end or (is_last_cut and first >= end):
            offset = gutter_width + sum(widths[start:first])
            covered = sum(widths[first : min(last, end)])
            count = max(1, round(covered / measure("^")))
            rows.append(Row("^" * count, CARET, offset))
    return rows


def _char_range(text: str, start_columns: int, length_columns: int) -> tuple[int, int]:
    """Turn a caret's display columns into character indexes ``[first, last)``."""
    columns = 0
    first = len(text)
    for index, char in enumerate(text):
        if columns >= start_columns:
            first = index
            break
        columns += display_columns(char)
    last = first
    covered = 0
    while last < len(text) and covered < length_columns:
        covered += display_columns(text[last])
        last += 1
    return first, max(last, first + 1)


def _hard_cuts(widths: list[float], room: float) -> list[tuple[int, int]]:
    """Return ``(start, end)`` pieces whose widths each fit ``room``."""
    cuts = []
    start = 0
    used = 0.0
    for index, char_width in enumerate(widths):
        if index > start and used + char_width > room:
            cuts.append((start, index))
            start = index
            used = 0.0
        used += char_width
    cuts.append((start, len(widths)))
    return cuts


def _wrap(text: str, measure: Callable[[str], float], room: float) -> list[str]:
    """Wrap ``text`` to ``room`` ems, between words where a space is close."""
    pieces: list[str] = []
    while text and measure(text) > room:
        cut = 1
        while cut < len(text) and measure(text[: cut + 1]) <= room:
            cut += 1
        space = text.rfind(" ", 0, cut + 1)
        if space > cut // 2:
            cut = space
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    pieces.append(text)
    return pieces


def paginate_rows(rows: list[Row], per_page: int) -> list[list[Row]]:
    """Group ``rows`` into pages of at most ``per_page`` rows.

    A diagnostic (the rows between two blank rows) is not split between pages
    unless it alone is longer than a page. No page starts with a blank row.
    """
    blocks: list[list[Row]] = [[]]
    for row in rows:
        if row.text:
            blocks[-1].append(row)
        elif blocks[-1]:
            blocks.append([])

    pages: list[list[Row]] = []
    page: list[Row] = []
    for block in (block for block in blocks if block):
        needed = len(block) + (1 if page else 0)
        if page and len(page) + needed > per_page:
            pages.append(page)
            page = []
        if page:
            page.append(Row(""))
        for row in block:
            if len(page) == per_page:
                pages.append(page)
                page = []
            page.append(row)
    if page or not pages:
        pages.append(page)
    return pages


class DiagnosticsCard:
    """A paged card over the play screen listing why a reload failed.

    NEXT and PREV turn the pages; CONFIRM turns the page, and on the last page
    closes the card, as does its button. The backdrop takes every click. While
    the card is up it takes every action, so the scene underneath stays as it was.

    :param font: a monospaced font, so the caret rows line up.
    """

    def __init__(
        self,
        parent: NodePath,
        font: TextFont,
        rendered: str,
        error_count: int,
        left: float,
        right: float,
        on_close: Callable[[], None],
    ) -> None:
        self.font = font
        self.on_close = on_close
        self.root = gui_root(parent)
        self.root.reparent_to(parent, SORT)
        DirectFrame(
            parent=self.root,
            frameSize=(-4, 4, -2, 2),
            frameColor=theme.SHADE,
            relief=DGG.FLAT,
            state=DGG.NORMAL,
        )
        self.left = left + SIDE_MARGIN
        self.right = right - SIDE_MARGIN
        self.text_left = self.left + PADDING
        text_width = self.right - self.left - 2 * PADDING

        heading_size = theme.SIZE_HEADING * 0.75
        header = PADDING + heading_size + theme.SIZE_SMALL * 2.75 + 0.05
        footer = PADDING + BUTTON_HEIGHT + 0.04
        self.row_height = font.get_line_height() * ROW_SIZE
        per_page = max(1, int((MAX_HEIGHT - header - footer) / self.row_height))
        rows = layout_rows(rendered, _measurer(font), text_width / ROW_SIZE)
        self.pages = paginate_rows(rows, per_page)

        # The card fits its longest page and stays centred on the screen.
        body = max(len(page) for page in self.pages) * self.row_height
        height = max(MIN_HEIGHT, header + body + footer)
        top, bottom = height / 2, -height / 2
        DirectFrame(
            parent=self.root,
            frameSize=(self.left, self.right, bottom, top),
            frameColor=theme.CARD,
            relief=DGG.FLAT,
        )
        DirectFrame(
            parent=self.root,
            frameSize=(self.left, self.right, top - 0.012, top),
            frameColor=theme.CARD_MARK,
            relief=DGG.FLAT,
        )
        self._add_header(top, heading_size, error_count, text_width)
        self.rows_top = top - header
        self._add_footer(bottom + PADDING)
        self.page_root: NodePath | None = None
        self.page = 0
        self._show_page()

    @property
    def is_last_page(self) -> bool:
        return self.page >= len(self.pages) - 1

    def page_text(self) -> str:
        """Return the rows of the page on screen, one per line, for tests."""
        return "\n".join(row.text for row in self.pages[self.page])

    def handle(self, action: str, number: int) -> bool:
        """Apply one input action; every action is used while the card is up."""
        if action == actions.NEXT:
            self.next_page()
        elif action == actions.PREV:
            self.previous_page()
        elif action == actions.CONFIRM or (action == actions.PICK and number == 1):
            if self.is_last_page:
                self.on_close()
            else:
                self.next_page()
        return True

    def next_page(self) -> None:
        if not self.is_last_page:
            self.page += 1
            self._show_page()

    def previous_page(self) -> None:
        if self.page > 0:
            self.page -= 1
            self._show_page()

    def destroy(self) -> None:
        self.root.destroy()

    def _add_header(
        self, top: float, heading_size: float, error_count: int, width: float
    ) -> None:
        x = self.text_left
        title = theme.UI["reload_failed_title"]
        y = top - PADDING - heading_size * 0.8
        label(
            self.root,
            f"{title.zh} · {title.en}",
            (x, y),
            heading_size,
            color=theme.CARD_MARK,
        )
        summary = theme.UI["reload_failed_summary"]
        for lang, gap in (("zh", 1.5), ("en", 1.25)):
            y -= theme.SIZE_SMALL * gap
            count = _error_count(error_count, lang)
            label(
                self.root,
                summary.get(lang).format(count=count),
                (x, y),
                theme.SIZE_SMALL,
                width=width,
                color=theme.CARD_TEXT,
            )

    def _add_footer(self, bottom: float) -> None:
        top = bottom + BUTTON_HEIGHT
        self.counter = label(
            self.root,
            "",
            (self.text_left, bottom + BUTTON_HEIGHT * 0.35),
            theme.SIZE_SMALL,
            color=theme.CARD_DIM,
        )
        close_left = self.right - PADDING - CLOSE_WIDTH
        next_left = close_left - BUTTON_GAP - BUTTON_WIDTH
        previous_left = next_left - BUTTON_GAP - BUTTON_WIDTH
        self.close_button = button(
            self.root,
            _both("reload_back"),
            (close_left, self.right - PADDING, bottom, top),
            command=self.on_close,
            size=theme.SIZE_SMALL,
        )
        self.next_button = button(
            self.root,
            f"{_both('next_page')} ›",
            (next_left, next_left + BUTTON_WIDTH, bottom, top),
            command=self.next_page,
            size=theme.SIZE_SMALL,
        )
        self.previous_button = button(
            self.root,
            f"‹ {_both('previous_page')}",
            (previous_left, previous_left + BUTTON_WIDTH, bottom, top),
            command=self.previous_page,
            size=theme.SIZE_SMALL,
        )

    def _show_page(self) -> None:
        if self.page_root is not None:
            self.page_root.remove_node()
        self.page_root = self.root.attach_new_node("diagnostic-rows")
        for number, row in enumerate(self.pages[self.page]):
            if not row.text:
                continue
            OnscreenText(
                parent=self.page_root,
                text=row.text,
                font=self.font,
                pos=(
                    self.text_left + row.indent * ROW_SIZE,
                    self.rows_top - number * self.row_height - ROW_SIZE * 0.8,
                ),
                scale=ROW_SIZE,
                fg=ROW_COLORS[row.kind],
                align=TextNode.A_left,
            )
        if len(self.pages) > 1:
            page = theme.UI["page"]
            values = {"page": self.page + 1, "pages": len(self.pages)}
            self.counter.text = (
                f"{page.zh.format(**values)} · {page.en.format(**values)}"
            )
        else:
            self.counter.text = ""
        _set_visible(self.next_button, not self.is_last_page)
        _set_visible(self.previous_button, self.page > 0)


def _set_visible(widget: NodePath, visible: bool) -> None:
    if visible:
        widget.show()
    else:
        widget.hide()


def _both(key: str) -> str:
    text = theme.UI[key]
    return f"{text.zh} · {text.en}"


def _error_count(count: int, lang: str) -> str:
    plural = "" if count == 1 else "s"
    return theme.ui_text("error_count", lang, number=count, plural=plural)


def _measurer(font: TextFont) -> Callable[[str], float]:
    node = TextNode("diagnostics-measure")
    node.set_font(font)
    return node.calc_width
