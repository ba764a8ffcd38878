"""After an ending: the real case and the rules that apply, on calm cards."""

from __future__ import annotations

from collections.abc import Callable

from panda3d.core import NodePath

from game.player import ui_theme as theme
from game.player.ui_cards import Card
from game.player.ui_widgets import gui_root
from game.scenario.model import Ending, Scenario


class EpilogueScreen:
    """Shows the epilogue pages, then the legal basis, then calls ``on_done``."""

    def __init__(
        self,
        parent: NodePath,
        scenario: Scenario,
        ending: Ending,
        lang: str,
        on_done: Callable[[], None],
        guard: Callable[[Callable[[], None]], Callable[[], None]],
    ) -> None:
        self.lang = lang
        self.on_done = on_done
        self.root = gui_root(parent)
        self.card: Card | None = None

        kind = theme.ENDING_KINDS[ending.kind].get(lang)
        title = ending.title.get(lang)
        sources = [case.source for case in scenario.cases if case.id in ending.cases]
        self.sections: list[tuple[str, list[str], str]] = []
        if ending.epilogue:
            heading = theme.ui_text("epilogue_heading", lang, kind=kind, title=title)
            self.sections.append(
                (
                    heading,
                    [paragraph.get(lang) for paragraph in ending.epilogue],
                    _case_note(sources, lang),
                )
            )
        if ending.legal_basis:
            self.sections.append(
                (
                    theme.ui_text("legal_heading", lang),
                    [rule.get(lang) for rule in ending.legal_basis],
                    "",
                )
            )
        self.guard = guard
        self.section = -1

    def start(self) -> None:
        """Show the first card; with nothing to show, finish at once."""
        self._next_section()

    def handle(self, action: str, number: int) -> None:
        if self.card is not None:
            self.card.handle(action, number)

    @property
    def page_label(self) -> str:
        """Return 'section.page', such as '1.2', for screenshots and tests."""
        if self.card is None:
            return ""
        return f"{self.section + 1}.{self.card.page + 1}"

    def destroy(self) -> None:
        if self.card is not None:
            self.card.destroy()
            self.card = None
        self.root.destroy()

    def _next_section(self) -> None:
        if self.card is not None:
            self.card.destroy()
            self.card = None
        self.section += 1
        if self.section >= len(self.sections):
            self.on_done()
            return

        heading, paragraphs, note = self.sections[self.section]
        is_last = self.section == len(self.sections) - 1
        done_label = theme.ui_text("back_to_menu" if is_last else "continue", self.lang)
        self.card = Card(
            self.root,
            self.lang,
            heading,
            paragraphs,
            on_done=self.guard(self._next_section),
            note=note,
            done_label=done_label,
        )


def _case_note(sources: list[str], lang: str) -> str:
    # NOTE: a case's `source` is one string in whatever language the author wrote it,
    # so a Chinese card can show an English citation.
    named = "; ".join(source for source in sources if source)
    return theme.ui_text("case_source", lang, source=named) if named else ""
