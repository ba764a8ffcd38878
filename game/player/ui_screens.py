"""The screens around play: title, language choice, scenario menu, problem card."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from direct.gui import DirectGuiGlobals as DGG
from direct.gui.DirectGui import DirectFrame
from panda3d.core import NodePath, TextNode

from game.player import input as actions
from game.player import ui_theme as theme
from game.player.ui_cards import Card
from game.player.ui_widgets import (
    FocusList,
    button,
    gui_root,
    label,
    line_height,
    text_rows,
)
from game.player.ui_wrap import wrap
from game.scenario.model import Scenario

MENU_PAGE_SIZE = 3
MENU_ITEM_GAP = 0.04
MENU_PADDING = 0.04


class TitleScreen:
    """The attract screen: the title in both languages and how to start."""

    def __init__(
        self, parent: NodePath, on_start: Callable[[], None], notice: str = ""
    ) -> None:
        self.on_start = on_start
        self.root = gui_root(parent)
        DirectFrame(
            parent=self.root,
            frameSize=(-0.9, 0.9, 0.43, 0.436),
            frameColor=theme.ACCENT,
            relief=DGG.FLAT,
        )
        center = TextNode.A_center
        label(
            self.root, theme.UI["title_zh"].zh, (0, 0.5), theme.SIZE_TITLE, align=center
        )
        label(
            self.root,
            theme.UI["title_en"].en,
            (0, 0.26),
            theme.SIZE_HEADING,
            color=theme.TEXT_DIM,
            align=center,
        )
        start = theme.UI["press_start"]
        label(self.root, start.zh, (0, -0.2), theme.SIZE_BODY, align=center)
        label(
            self.root,
            start.en,
            (0, -0.31),
            theme.SIZE_BODY,
            color=theme.TEXT_DIM,
            align=center,
        )
        if notice:
            label(
                self.root,
                notice,
                (0, -0.86),
                theme.SIZE_SMALL,
                width=3.2,
                color=theme.ACCENT,
                align=center,
            )

    def handle(self, action: str, number: int) -> None:
        if action != actions.BACK:
            self.on_start()

    def destroy(self) -> None:
        self.root.destroy()


class LanguageScreen:
    """Two large buttons: 中文 and English."""

    LANGS = ("zh", "en")

    def __init__(self, parent: NodePath, on_choose: Callable[[str], None]) -> None:
        self.root = gui_root(parent)
        heading = theme.UI["choose_language"]
        label(
            self.root,
            f"{heading.zh} · {heading.en}",
            (0, 0.45),
            theme.SIZE_HEADING,
            align=TextNode.A_center,
        )
        buttons = [
            button(
                self.root,
                f"{number}   {theme.ui_text('lang_' + lang, lang)}",
                (x - 0.55, x + 0.55, -0.15, 0.15),
                size=theme.SIZE_HEADING,
            )
            for number, (lang, x) in enumerate(
                zip(self.LANGS, (-0.7, 0.7), strict=True), 1
            )
        ]
        self.focus = FocusList(buttons, lambda index: on_choose(self.LANGS[index]))

    def handle(self, action: str, number: int) -> None:
        self.focus.handle(action, number)

    def destroy(self) -> None:
        self.root.destroy()


class MenuScreen:
    """Every loadable scenario with its title, role and summary, a page at a time."""

    def __init__(
        self,
        parent: NodePath,
        scenarios: Sequence[Scenario],
        lang: str,
        on_choose: Callable[[Scenario], None],
        left: float,
        right: float,
    ) -> None:
        self.parent = parent
        self.scenarios = list(scenarios)
        self.lang = lang
        self.on_choose = on_choose
        self.left = left + 0.15
        self.right = right - 0.15
        self.pages = max(1, -(-len(self.scenarios) // MENU_PAGE_SIZE))
        self.page = 0
        self.root: DirectFrame | None = None
        self.focus: FocusList | None = None
        self._build()

    def handle(self, action: str, number: int) -> None:
        if self.focus is not None:
            self.focus.handle(action, number)

    def destroy(self) -> None:
        if self.root is not None:
            self.root.destroy()
            self.root = None

    def _build(self, focus: int = 0) -> None:
        self.destroy()
        root = self.root = gui_root(self.parent)
        lang = self.lang
        label(
            root,
            theme.ui_text("menu_heading", lang),
            (self.left, 0.82),
            theme.SIZE_HEADING,
            color=theme.ACCENT,
        )
        label(
            root,
            theme.ui_text("menu_hint", lang),
            (self.left, -0.92),
            theme.SIZE_SMALL,
            color=theme.TEXT_DIM,
        )
        if not self.scenarios:
            label(
                root,
                theme.ui_text("menu_empty", lang),
                (self.left, 0.4),
                theme.SIZE_BODY,
                width=self.right - self.left,
            )
            self.focus = None
            return

        first = self.page * MENU_PAGE_SIZE
        on_page = self.scenarios[first : first + MENU_PAGE_SIZE]
        buttons = []
        top = 0.68
        for number, scenario in enumerate(on_page, 1):
            item, top = self._item(root, number, scenario, top)
            buttons.append(item)
        actions_by_button: list[Callable[[], None]] = [
            lambda scenario=scenario: self.on_choose(scenario) for scenario in on_page
        ]
        if self.pages > 1:
            buttons.append(self._pager(root, top))
            actions_by_button.append(self._turn_page)

        self.focus = FocusList(
            buttons, lambda index: actions_by_button[index](), focus=focus
        )

    def _item(
        self, root: DirectFrame, number: int, scenario: Scenario, top: float
    ) -> tuple[DirectFrame, float]:
        lang = self.lang
        width = self.right - self.left - 2 * MENU_PADDING - 0.1
        title = f"{number}   {scenario.title.get(lang)}"
        role = theme.ui_text("menu_role", lang, role=scenario.role.get(lang))
        summary = scenario.summary.get(lang)
        title_size = theme.SIZE_BUTTON * 1.1
        small = theme.SIZE_MENU_SUMMARY
        summary_rows = min(3, text_rows(summary, small, width))
        height = (
            line_height(title_size)
            + line_height(small) * (1 + summary_rows)
            + 2 * MENU_PADDING
            + 0.02
        )
        item = button(root, "", (self.left, self.right, top - height, top))
        x = self.left + MENU_PADDING
        y = top - MENU_PADDING - title_size * 0.9
        label(item, title, (x, y), title_size, width=width + 0.1)
        y -= line_height(title_size) + 0.01
        label(item, role, (x + 0.1, y), small, width=width, color=theme.ACCENT)
        y -= line_height(small)
        text = label(item, summary, (x + 0.1, y), small, width=width)
        if text_rows(summary, small, width) > summary_rows:
            text.text = wrap(
                _shorten(summary, small, width, summary_rows), small, width
            )
        return item, top - height - MENU_ITEM_GAP

    def _pager(self, root: DirectFrame, top: float) -> DirectFrame:
        text = theme.ui_text("page", self.lang, page=self.page + 1, pages=self.pages)
        last = self.page == self.pages - 1
        next_page = theme.ui_text("first_page" if last else "next_page", self.lang)
        return button(
            root,
            f"{text} · {next_page} ›",
            (self.right - 0.8, self.right, top - 0.12, top),
            size=theme.SIZE_SMALL,
        )

    def _turn_page(self) -> None:
        self.page = (self.page + 1) % self.pages
        self._build(focus=0)


def _shorten(text: str, size: float, width: float, rows: int) -> str:
    """Cut ``text`` so that it fits ``rows`` rows, ending it with an ellipsis."""
    cut = len(text)
    while cut > 1 and text_rows(text[:cut] + "…", size, width) > rows:
        cut -= max(1, cut // 20)
    return text[:cut].rstrip() + "…"


class ProblemScreen:
    """Calm card shown when play failed. Any press returns to the title."""

    def __init__(self, parent: NodePath, on_done: Callable[[], None]) -> None:
        title = theme.UI["problem_title"]
        body = theme.UI["problem_body"]
        self.card = Card(
            parent,
            "zh",
            f"{title.zh} · {title.en}",
            [body.zh, body.en],
            on_done=on_done,
            done_label=f"{theme.UI['continue'].zh} · {theme.UI['continue'].en}",
        )

    def handle(self, action: str, number: int) -> None:
        self.card.handle(action, number)

    def destroy(self) -> None:
        self.card.destroy()
