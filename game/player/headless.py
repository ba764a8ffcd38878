"""The automatic driver of ``main.py play``: plays the real app, no visitor needed.

The driver presses the same actions a visitor would (continue, a number key)
on the same screens, renders a frame after each press and can save a PNG of
every node, of the ending and of each epilogue page. For a trainer's preview
in a window it can instead hand the window over once the planned choices are
taken.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from panda3d.core import Filename

from game.player import input as actions
from game.player import ui_play
from game.player.app import PlayerApp
from game.player.ui_ending import EpilogueScreen
from game.scenario.model import Ending, Scenario
from game.story import ChoiceNotAvailable

log = logging.getLogger(__name__)

DEFAULT_MAX_STEPS = 200
# Frames without any progress after which the driver gives up. A commit that
# never arrives does not count here, because the app cuts that wait short.
MAX_IDLE_FRAMES = 2000


class PlayFailed(RuntimeError):
    """Raised when play stopped with an error or never reached an ending."""


@dataclass
class PlayResult:
    """Outcome of one automatic playthrough."""

    steps: list[tuple[str, str]] = field(default_factory=list)
    ending: Ending | None = None
    screenshots: list[Path] = field(default_factory=list)


class ChoicePlan:
    """Takes the given choice ids in order, then seeded random choices."""

    def __init__(self, choice_ids: Sequence[str], seed: int) -> None:
        self.planned = list(choice_ids)
        self.random = random.Random(seed)

    def pick(self, node_id: str, offered: Sequence[str]) -> str:
        """Return the next choice id; raises ChoiceNotAvailable for a bad plan."""
        if self.planned:
            choice_id = self.planned.pop(0)
            if choice_id not in offered:
                raise ChoiceNotAvailable(node_id, choice_id, tuple(offered))
            return choice_id
        return self.random.choice(list(offered))


class Driver:
    """Plays one scenario on ``app`` until its epilogue is done.

    :param report: called with one line per step, such as ``"n01 -> accept"``.
    :param screenshots: folder for one PNG per step, or None.
    :param hand_over: stop driving once the planned choices are taken, and
        leave the rest to the person at the window.
    """

    def __init__(
        self,
        app: PlayerApp,
        plan: ChoicePlan,
        report: Callable[[str], None],
        screenshots: Path | None = None,
        max_steps: int = DEFAULT_MAX_STEPS,
        hand_over: bool = False,
    ) -> None:
        self.app = app
        self.plan = plan
        self.report = report
        self.screenshots = screenshots
        self.max_steps = max_steps
        self.hand_over = hand_over
        self.result = PlayResult()
        self.captured = False

    def run(self, scenario: Scenario, lang: str) -> PlayResult:
        """Play ``scenario``; raises PlayFailed or ChoiceNotAvailable.

        With ``hand_over``, return once the planned choices are taken, with
        ``ending`` None unless the plan reached one.
        """
        if self.screenshots is not None:
            self.screenshots.mkdir(parents=True, exist_ok=True)
        self.app.play(scenario, lang)
        idle = 0
        while True:
            self.app.task_mgr.step()
            state = self.app.flow.state
            if state == "Problem":
                error = self.app.last_error
                raise PlayFailed(f"play failed: {type(error).__name__}: {error}")
            if self.result.ending is not None and state != "Epilogue":
                return self.result
            if self.hand_over and not self.plan.planned:
                return self.result
            if self._act():
                idle = 0
            else:
                idle += 1
                if idle > MAX_IDLE_FRAMES:
                    raise PlayFailed(f"play stopped making progress in state {state}")

    def _act(self) -> bool:
        """Press the next key for the current screen; return False if waiting."""
        flow = self.app.flow
        if flow.state == "Epilogue":
            screen = flow.screen
            ending = self.result.ending
            if isinstance(screen, EpilogueScreen) and ending is not None:
                self.captured = False
                self._capture(f"{ending.id}_epilogue_{screen.page_label}")
            self.app.router.dispatch(actions.CONFIRM)
            return True

        play = flow.play
        if play is None or play.phase in (ui_play.COMMITTING, ui_play.STARTING):
            return False
        if play.phase in (ui_play.CARD, ui_play.LINES):
            self.app.router.dispatch(actions.CONFIRM)
        elif play.phase == ui_play.CHOICES:
            self._decide(play)
        elif play.phase == ui_play.ENDING:
            self._end(play)
        return True

    def _decide(self, play: ui_play.PlayScreen) -> None:
        node_id = play.story.current.id
        self._capture(node_id)
        if len(self.result.steps) >= self.max_steps:
            raise PlayFailed(f"no ending reached after {self.max_steps} steps")

        offered = play.offered_ids()
        choice_id = self.plan.pick(node_id, offered)
        self.result.steps.append((node_id, choice_id))
        self.report(f"{node_id} -> {choice_id}")
        self.captured = False
        self.app.router.dispatch(actions.PICK, offered.index(choice_id) + 1)

    def _end(self, play: ui_play.PlayScreen) -> None:
        ending = play.story.ending
        assert ending is not None
        self._capture(ending.id)
        self.result.ending = ending
        self.report(f"ending: {ending.id} ({ending.kind})")
        self.app.router.dispatch(actions.CONFIRM)

    def _capture(self, step_id: str) -> None:
        if self.screenshots is None or self.captured:
            return
        number = len(self.result.screenshots) + 1
        path = self.screenshots / f"{number:03d}_{step_id}.png"
        if not self.app.win.save_screenshot(Filename.from_os_specific(str(path))):
            raise PlayFailed(f"could not write the screenshot {path}")
        self.result.screenshots.append(path)
        self.captured = True


def play_offscreen(
    scenario: Scenario,
    lang: str,
    report: Callable[[str], None],
    choices: Sequence[str] = (),
    seed: int = 0,
    screenshots: Path | None = None,
    analytics_path: Path | None = None,
    offscreen: bool = True,
    max_steps: int = DEFAULT_MAX_STEPS,
    watch: bool = False,
    narration: bool = False,
    on_hand_over: Callable[[], None] | None = None,
) -> PlayResult:
    """Play ``scenario`` automatically and return what happened.

    With ``watch`` the scenario reloads when its file changes. In a window
    (``offscreen`` False) watching also hands the window over once ``choices``
    are taken, calls ``on_hand_over``, and returns only on Ctrl+C (closing the
    window exits the process).
    Raises ChoiceNotAvailable when a given choice is not offered, PlayFailed
    when play fails, and NoDisplayError when ``offscreen`` is False and no
    window can open.
    """
    app = PlayerApp(
        offscreen=offscreen,
        analytics_path=analytics_path,
        lang=lang,
        scenario=scenario,
        watch=watch,
        idle=False,
        narration=narration,
    )
    hand_over = watch and not offscreen
    plan = ChoicePlan(choices, seed)
    driver = Driver(app, plan, report, screenshots, max_steps, hand_over)
    try:
        result = driver.run(scenario, lang)
        if hand_over:
            if on_hand_over is not None:
                on_hand_over()
            app.run_kiosk()
        return result
    except ChoiceNotAvailable:
        app.analytics.abandon("closed")
        raise
    except PlayFailed:
        app.analytics.abandon("error", "PlayFailed")
        raise
    finally:
        app.analytics.close()
        app.destroy()
