"""The play screen: a node's set, its lines one by one, then its choices.

Each decision is handed to the analytics log and the next scene is built only
once the log has committed it. Endings play the same way, with the ending's
title on top and no choices; the epilogue cards come after, on their own screen.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from direct.gui import DirectGuiGlobals as DGG
from direct.gui.DirectGui import DirectFrame
from direct.gui.OnscreenText import OnscreenText
from panda3d.core import TextNode

from game.player import input as actions
from game.player import ui_theme as theme
from game.player.ui_cards import Card
from game.player.ui_dialogue import ChoiceList, DialoguePanel
from game.player.ui_ladder import LadderHud
from game.player.ui_stage import Stage
from game.player.ui_widgets import gui_root, label, text_height
from game.player.voice import line_key
from game.scenario.model import Ending, Rung, Scenario
from game.story import Story, Transition

if TYPE_CHECKING:
    from game.player.app import PlayerApp

log = logging.getLogger(__name__)

# Phases of the play screen, for the input handler and the automatic driver.
CARD = "card"  # a rung card is up
LINES = "lines"  # a line is shown; CONFIRM or a tap shows the next one
CHOICES = "choices"  # the last line and the choice buttons are shown
COMMITTING = "committing"  # waiting for the analytics log to commit a decision
ENDING = "ending"  # the ending's last line is shown; CONFIRM goes on
STARTING = "starting"


class PlayScreen:
    """Plays one scenario from its start node to an ending.

    Each line is narrated while it is shown, with its subtitle on screen.

    :param on_ending: called with the Ending after its last line, to show the
        epilogue.
    :param story: a story to go on with, such as one carried over a reload;
        None starts at the scenario's start node.
    """

    def __init__(
        self,
        app: PlayerApp,
        scenario: Scenario,
        lang: str,
        on_ending: Callable[[Ending], None],
        story: Story | None = None,
    ) -> None:
        self.app = app
        self.scenario = scenario
        self.lang = lang
        self.on_ending = on_ending
        self.voice = app.narration
        self.story = story if story is not None else Story(scenario)
        self.phase = STARTING
        self.closed = False

        left, right = app.screen_left, app.screen_right
        self.play_left = left + theme.HUD_WIDTH + theme.MARGIN
        self.play_right = right - theme.MARGIN
        self.gui = gui_root(app.aspect2d)
        self.stage = Stage(app)
        self.ladder = LadderHud(self.gui, scenario.ladder, lang, left)
        self.dialogue = DialoguePanel(self.gui, self.play_left, self.play_right)
        self.banner: DirectFrame | None = None
        self.choices: ChoiceList | None = None
        self.card: Card | None = None
        self.notice: OnscreenText | None = None

        # A new story shows the rung card when its start node moves the rung.
        # A story carried over a reload goes on at its rung without a card.
        self.shown_rung = scenario.ladder.first if story is None else self.story.rung
        self.ladder.set_current(self.shown_rung.id)
        self.lines = self.story.lines()
        self.line_index = 0
        self.choices_shown_at = 0.0

    # Flow ----------------------------------------------------------------------

    def start(self, line_index: int = 0) -> None:
        """Show the current node (after a rung card if its entry moved the rung).

        ``line_index`` is the line to show first, as after a reload; it is
        clamped to the node's lines.
        """
        self._enter_step(line_index)

    def show_notice(self, text: str) -> None:
        """Show a one-line notice at the top until the next node or ending."""
        self._clear_notice()
        self.notice = label(
            self.gui,
            text,
            (self.play_right, 0.97 - theme.SIZE_SMALL),
            theme.SIZE_SMALL,
            color=theme.ACCENT,
            align=TextNode.A_right,
        )
        self.notice.bg = theme.PANEL

    def handle(self, action: str, number: int) -> None:
        """Apply one input action in the current phase."""
        if self.phase == CARD and self.card is not None:
            self.card.handle(action, number)
        elif self.phase in (LINES, ENDING) and action in (actions.CONFIRM, actions.TAP):
            self.advance()
        elif self.phase == CHOICES and self.choices is not None:
            self.choices.handle(action, number)

    def advance(self) -> None:
        """Show the next line; after an ending's last line, go to the epilogue."""
        if self.phase == ENDING:
            ending = self.story.ending
            assert ending is not None
            self.voice.stop()
            self.on_ending(ending)
            return
        if self.phase != LINES:
            return
        self.voice.stop()
        self.line_index += 1
        self._show_line()

    def choose(self, choice_id: str) -> Transition:
        """Take choice ``choice_id``, log it and wait for the commit.

        Raises ChoiceNotAvailable when the choice is not offered now; nothing
        changes then.
        """
        transition = self.story.choose(choice_id)
        decision_ms = int((time.monotonic() - self.choices_shown_at) * 1000)
        self.voice.stop()
        if self.choices is not None:
            self.choices.set_enabled(False)
        self.phase = COMMITTING
        ack = self.app.analytics.choice_made(
            node_id=transition.node_id,
            choice_id=transition.choice_id,
            shown_choices=transition.shown,
            decision_ms=decision_ms,
            rung_before_id=transition.rung_before.id,
            rung_before_index=transition.rung_before.index,
            rung_after_id=transition.rung_after.id,
            rung_after_index=transition.rung_after.index,
            target=transition.target,
        )
        self.app.after_commit(ack, self._enter_step)
        return transition

    def offered_ids(self) -> list[str]:
        """Return the ids of the choices on screen now, in button order."""
        if self.phase != CHOICES:
            return []
        return [choice.id for choice in self.story.choices()]

    def destroy(self) -> None:
        self.closed = True
        self.voice.stop()
        self._clear_overlays()
        self._clear_notice()
        self.stage.destroy()
        self.dialogue.destroy()
        self.gui.destroy()

    # Steps ---------------------------------------------------------------------

    def _enter_step(self, line_index: int = 0) -> None:
        # A commit can land after Esc or a reload has replaced this screen.
        if self.closed:
            return
        rung = self.story.rung
        if rung.id == self.shown_rung.id:
            self._show_step(line_index)
            return
        previous, self.shown_rung = self.shown_rung, rung
        self.ladder.set_current(rung.id)
        self._show_rung_card(rung, previous)

    def _show_rung_card(self, rung: Rung, previous: Rung | None = None) -> None:
        self._clear_overlays()
        self.voice.stop()
        self.dialogue.hide()
        note = theme.ui_text("rung_source", self.lang, source=rung.source)
        self.card = Card(
            self.gui,
            self.lang,
            theme.ui_text("rung_heading", self.lang, name=rung.name.get(self.lang)),
            [rung.explanation.get(self.lang), *self._skip_reasons(previous, rung)],
            on_done=self.app.guard(self._show_step),
            note=note if rung.source else "",
            center_x=(self.play_left + self.play_right) / 2,
        )
        self.phase = CARD

    def _skip_reasons(self, previous: Rung | None, rung: Rung) -> list[str]:
        """Return the scenario's stated reason when the ladder jumps or goes down."""
        if previous is None or rung.index == previous.index + 1:
            return []
        return [
            skip.why.get(self.lang)
            for skip in self.story.scenario.skips
            if skip.from_rung == previous.id and skip.to_rung == rung.id
        ]

    def _show_step(self, line_index: int = 0) -> None:
        self._clear_overlays()
        self._clear_notice()
        step = self.story.current
        self.lines = self.story.lines()
        self.line_index = max(0, min(line_index, len(self.lines) - 1))
        self.stage.show(self.scenario, step.scene, self.lines)
        for line in self.lines:
            self.voice.prepare(
                line_key(step.id, line.id), line.text.get(self.lang), self.lang
            )

        caption = step.time.get(self.lang) if step.time is not None else None
        self.dialogue.set_caption(caption, top=0.97)
        rung = self.story.rung
        if isinstance(step, Ending):
            self._show_banner(step)
            self.app.analytics.ending_reached(step.id, step.kind, rung.id, rung.index)
        else:
            self.app.analytics.node_entered(step.id, rung.id, rung.index)
        log.debug("showing %s in %s", step.id, step.scene)
        self._show_line()

    def _show_line(self) -> None:
        step = self.story.current
        is_ending = isinstance(step, Ending)
        if not self.lines:
            self.dialogue.hide()
            self.stage.set_speaker(None)
            self._after_last_line(is_ending)
            return

        line = self.lines[self.line_index]
        speaker = self.scenario.speakers[line.speaker]
        is_last = self.line_index == len(self.lines) - 1
        if is_last and not is_ending:
            hint = theme.ui_text("choices_hint", self.lang)
        else:
            hint = theme.ui_text("continue_hint", self.lang)
        text = line.text.get(self.lang)
        self.dialogue.show_line(speaker.name.get(self.lang), text, hint)
        self.stage.set_speaker(speaker.id)
        self.voice.speak(line_key(step.id, line.id), text, self.lang)
        if is_last:
            self._after_last_line(is_ending)
        else:
            self.phase = LINES

    def _after_last_line(self, is_ending: bool) -> None:
        if is_ending:
            self.phase = ENDING
            return
        self._show_choices()

    def _show_choices(self) -> None:
        offered = self.story.choices()
        texts = [choice.text.get(self.lang) for choice in offered]
        ids = [choice.id for choice in offered]

        def press(index: int) -> None:
            self.choose(ids[index])

        self.choices = ChoiceList(
            self.gui,
            texts,
            self.play_left + 0.25,
            self.play_right,
            top=0.78,
            on_press=self.app.guard(press),
        )
        self.choices_shown_at = time.monotonic()
        self.phase = CHOICES

    def _show_banner(self, ending: Ending) -> None:
        """Put the kind and title of ``ending`` in a panel at the top."""
        kind = theme.ENDING_KINDS[ending.kind].get(self.lang)
        heading = theme.ui_text("ending_label", self.lang, kind=kind)
        title = ending.title.get(self.lang)

        width = min(2.2, self.play_right - self.play_left - 0.3)
        size = theme.SIZE_HEADING
        title_height = text_height(title, size, width)
        center = (self.play_left + self.play_right) / 2
        top = 0.9
        bottom = top - 0.06 - theme.SIZE_SMALL * 1.3 - title_height - 0.05

        self.banner = DirectFrame(
            parent=self.gui,
            frameSize=(
                center - width / 2 - 0.06,
                center + width / 2 + 0.06,
                bottom,
                top,
            ),
            frameColor=theme.PANEL,
            relief=DGG.FLAT,
        )
        label(
            self.banner,
            heading,
            (center, top - 0.05 - theme.SIZE_SMALL * 0.85),
            theme.SIZE_SMALL,
            color=theme.ACCENT,
            align=TextNode.A_center,
        )
        label(
            self.banner,
            title,
            (center, top - 0.06 - theme.SIZE_SMALL * 1.3 - size * 0.85),
            size,
            width=width,
            align=TextNode.A_center,
        )

    def _clear_notice(self) -> None:
        if self.notice is not None:
            self.notice.destroy()
            self.notice = None

    def _clear_overlays(self) -> None:
        if self.choices is not None:
            self.choices.destroy()
            self.choices = None
        if self.card is not None:
            self.card.destroy()
            self.card = None
        if self.banner is not None:
            self.banner.destroy()
            self.banner = None
