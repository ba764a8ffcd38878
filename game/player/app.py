"""The 3D player: a ShowBase with one FSM of screens.

Title -> Language -> Menu -> Play -> Epilogue -> Menu, with Esc back to Title
from anywhere, Problem when play fails, and Title after the idle timeout. The
window and the offscreen ``play`` command run this same code; only the prc
settings differ.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from direct.fsm.FSM import FSM
from direct.showbase.ShowBase import ShowBase
from direct.task import Task
from panda3d.core import GraphicsPipeSelection

from game.audio.narration import Narration
from game.authoring.validate import load_playable
from game.player import config, fonts
from game.player import input as actions
from game.player import ui_theme as theme
from game.player.idle import IdleWatch
from game.player.input import InputRouter
from game.player.recorder import Pending, Recorder, open_log
from game.player.reload import LiveReload
from game.player.ui_ending import EpilogueScreen
from game.player.ui_play import PlayScreen
from game.player.ui_screens import (
    LanguageScreen,
    MenuScreen,
    ProblemScreen,
    TitleScreen,
)
from game.player.voice import open_narration
from game.scenario import ScenarioLoadError, list_scenarios
from game.scenario.model import Ending, Scenario
from game.story import Story

log = logging.getLogger(__name__)

# A decision is committed before the next scene shows. If the log has not
# committed it within this time, the game goes on rather than freeze the kiosk.
COMMIT_TIMEOUT_SECONDS = 5.0
# The problem card goes back to the title by itself after this long.
PROBLEM_RETURN_SECONDS = 30.0
# run_kiosk gives up when the main loop fails this often within a minute,
# since something then fails on every frame.
MAX_FAILURES_PER_MINUTE = 10


class KioskFailed(RuntimeError):
    """Raised by run_kiosk when the main loop keeps failing."""


class PlayerApp(ShowBase):
    """The player's ShowBase.

    :param offscreen: render into an offscreen buffer with the software
        renderer instead of opening a window.
    :param analytics_path: the analytics SQLite file; None records nothing.
    :param lang: skip the language screen and play in ``"zh"`` or ``"en"``.
    :param scenario: skip the menu and always play this scenario.
    :param watch: reload the playing scenario when its file changes, or on F5
        or Ctrl+R, for trainers previewing their edits.
    :param idle: ask "Are you still there?" after a minute without input and
        then go back to the title; None means on for a window that does not
        watch, off offscreen.
    :param narration: speak the dialogue lines; None means on for a window and
        off offscreen, where no speech worker starts. A Narration is used as
        it is.
    :param clock: returns the time in seconds for the idle timeout and the
        file watch; tests pass a fake one.
    :raises NoDisplayError: when no window can be opened.
    """

    def __init__(
        self,
        offscreen: bool = False,
        analytics_path: Path | None = None,
        lang: str | None = None,
        scenario: Scenario | None = None,
        watch: bool = False,
        idle: bool | None = None,
        narration: Narration | bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not offscreen and not config.display_available():
            raise config.NoDisplayError("DISPLAY is not set")
        config.configure(offscreen)
        try:
            super().__init__()
        except Exception as exc:  # ShowBase raises a bare Exception for this
            # The reasons Panda3D gives are details behind the one-line message.
            config.drain_panda_notify(logging.DEBUG)
            raise config.NoDisplayError(str(exc)) from exc
        if offscreen:
            self._open_offscreen_buffer()

        self.offscreen = offscreen
        self.fixed_lang = lang
        self.fixed_scenario = scenario
        self.lang = lang or "zh"
        self._catalogue: dict[Path, tuple[int, Scenario]] = {}
        self.last_error: BaseException | None = None

        self.disable_mouse()
        self.set_background_color(*theme.BACKGROUND)
        self.font = fonts.load_font()
        fonts.install_default_font(self.font)
        # Only the reload error card uses the monospaced face.
        self.mono_font = fonts.load_font(face=fonts.FACE_MONO) if watch else self.font

        self.analytics_notice = ""
        analytics = open_log(analytics_path) if analytics_path is not None else None
        if analytics is None:
            notice = theme.UI["analytics_off"]
            self.analytics_notice = f"{notice.zh}\n{notice.en}"
        # A trainer's watched preview is logged apart from visitors' kiosk runs.
        if offscreen:
            mode = "offscreen"
        elif watch:
            mode = "preview"
        else:
            mode = "window"
        self.analytics = Recorder(analytics, mode)
        self.exitFunc = self._on_exit

        if isinstance(narration, Narration):
            self.narration = narration
        else:
            self.narration = open_narration(
                not offscreen if narration is None else narration
            )
        self.task_mgr.add(self._update_narration, "narration-update")

        self.router = InputRouter(self, gamepad=not offscreen)
        self.router.handler = self.guard(self._on_action)
        self.task_mgr.add(self._drain_notify, "drain-panda-notify")
        self.flow = ScreenFlow(self)
        self.live_reload = LiveReload(self, clock, enabled=watch)
        if idle is None:
            idle = not offscreen and not watch
        self.idle_watch = IdleWatch(
            self, clock, self.guard(self._on_idle_timeout), enabled=idle
        )
        self.router.on_activity = self.idle_watch.note_input

    # Layout --------------------------------------------------------------------

    @property
    def screen_left(self) -> float:
        return self.a2dLeft

    @property
    def screen_right(self) -> float:
        return self.a2dRight

    # Entry points ----------------------------------------------------------------

    def start(self) -> None:
        """Show the title screen."""
        self.guard(self.flow.demand)("Title")

    def play(self, scenario: Scenario, lang: str) -> None:
        """Start ``scenario`` in ``lang`` at once, skipping title and menu."""
        self.lang = lang
        self.guard(self.flow.demand)("Play", scenario)

    def run_kiosk(self) -> None:
        """Run the main loop until the window closes or Ctrl+C.

        An exception that escapes a task or a button shows the problem card and
        the loop goes on. Raises KioskFailed when failures keep coming.
        """
        failures: list[float] = []
        while True:
            try:
                self.run()
                return
            except Exception as exc:
                now = time.monotonic()
                failures = [when for when in failures if now - when < 60] + [now]
                self.fail(exc)
                if len(failures) > MAX_FAILURES_PER_MINUTE:
                    raise KioskFailed(
                        f"the main loop failed {len(failures)} times in a minute; "
                        f"last error: {type(exc).__name__}: {exc}"
                    ) from exc

    def reload_scenario(self) -> None:
        """Read the playing scenario's file again, as F5 does (when watching)."""
        self.live_reload.request()

    def replace_scenario(self, old: Scenario, new: Scenario) -> None:
        """Play ``new`` from now on wherever ``old`` was fixed."""
        if self.fixed_scenario is old:
            self.fixed_scenario = new

    def catalogue(self) -> list[Scenario]:
        """Load every scenario in the scenarios folder; a broken file is left out."""
        scenarios = []
        for path in list_scenarios():
            try:
                stamp = path.stat().st_mtime_ns
                cached = self._catalogue.get(path)
                if cached is None or cached[0] != stamp:
                    cached = (stamp, load_playable(path))
                    self._catalogue[path] = cached
            except ScenarioLoadError as exc:
                log.error(
                    "scenario %s is not offered because it failed to load:\n%s",
                    path,
                    exc,
                )
                continue
            except OSError as exc:
                log.error("scenario %s is not offered: %s", path, exc)
                continue
            scenario = cached[1]
            if any(listed.id == scenario.id for listed in scenarios):
                log.error(
                    "scenario %s is not offered: its id '%s' is already in the menu",
                    path,
                    scenario.id,
                )
                continue
            scenarios.append(scenario)
        return scenarios

    # Error handling and commits -------------------------------------------------

    def guard(self, function: Callable[..., Any]) -> Callable[..., None]:
        """Wrap ``function`` so an exception shows the problem card, not a crash."""

        def guarded(*args: Any) -> None:
            try:
                function(*args)
            except Exception as exc:
                self.fail(exc)

        return guarded

    def fail(self, exc: BaseException) -> None:
        """Log ``exc``, abandon the run as an error and show the problem card."""
        log.error("play failed: %s: %s", type(exc).__name__, exc)
        log.debug("traceback of the failure", exc_info=exc)
        self.last_error = exc
        self.analytics.abandon("error", type(exc).__name__)
        if self.flow.state in ("Problem", "Title"):
            return
        self.flow.demand("Problem")

    def after_commit(self, pending: Pending, then: Callable[[], None]) -> None:
        """Call ``then`` once ``pending`` is committed, checking once a frame."""
        started = time.monotonic()
        then = self.guard(then)

        def poll(task: Task.Task) -> int:
            if pending.done():
                _log_failed_commit(pending)
                then()
                return Task.done
            if time.monotonic() - started > COMMIT_TIMEOUT_SECONDS:
                log.error(
                    "analytics did not commit a decision within %.0f s; going on",
                    COMMIT_TIMEOUT_SECONDS,
                )
                then()
                return Task.done
            return Task.cont

        self.task_mgr.add(poll, "wait-for-commit")

    def destroy(self) -> None:
        """Close the screens, the input and the analytics log, then the ShowBase."""
        self.flow.cleanup()
        self.live_reload.destroy()
        self.idle_watch.destroy()
        self.router.destroy()
        for name in (
            "drain-panda-notify",
            "wait-for-commit",
            "problem-return",
            "narration-update",
        ):
            self.task_mgr.remove(name)
        self.narration.close()
        self.analytics.close()
        super().destroy()

    # Internals --------------------------------------------------------------------

    def _open_offscreen_buffer(self) -> None:
        # Naming the offscreen pipe avoids the X11 pipe, which needs a display.
        selection = GraphicsPipeSelection.get_global_ptr()
        self.pipe = selection.make_pipe(*config.OFFSCREEN_PIPE)
        if self.pipe is None or not self.open_default_window(type="offscreen"):
            config.drain_panda_notify()
            raise RuntimeError("the offscreen renderer p3tinydisplay is not available")
        self.adjustWindowAspectRatio(self.get_aspect_ratio())

    def _on_action(self, action: str, number: int) -> None:
        if action == actions.BACK and self.flow.state != "Title":
            self.analytics.abandon("closed")
            self.flow.demand("Title")
            return
        if action == actions.RELOAD:
            self.live_reload.request()
            return
        if self.live_reload.handle(action, number):
            return
        screen = self.flow.screen
        if screen is not None:
            screen.handle(action, number)

    def _on_idle_timeout(self) -> None:
        self.analytics.abandon("idle")
        self.flow.demand("Title")

    def _update_narration(self, task: Task.Task) -> int:
        self.narration.update()
        return Task.cont

    def _drain_notify(self, task: Task.Task) -> int:
        config.drain_panda_notify()
        return Task.cont

    def _on_exit(self) -> None:
        self.analytics.close()
        self.narration.close()
        config.drain_panda_notify()


def _log_failed_commit(pending: Pending) -> None:
    exception = getattr(pending, "exception", None)
    if exception is None:
        return
    error = exception()
    if error is not None:
        log.error("analytics failed to commit a decision: %s", error)


class ScreenFlow(FSM):
    """The screens of the player; exactly one screen object is shown at a time."""

    def __init__(self, app: PlayerApp) -> None:
        super().__init__("ScreenFlow")
        self.app = app
        self.screen: Any = None

    @property
    def play(self) -> PlayScreen | None:
        """The play screen while a scenario plays, for the automatic driver."""
        return self.screen if isinstance(self.screen, PlayScreen) else None

    def show(self, screen: Any) -> None:
        """Replace the current screen with ``screen``."""
        self.drop()
        self.screen = screen

    def drop(self) -> None:
        """Destroy the current screen, if any."""
        if self.screen is not None:
            screen, self.screen = self.screen, None
            screen.destroy()

    def enterTitle(self) -> None:
        app = self.app
        self.show(
            TitleScreen(
                app.aspect2d, app.guard(self._after_title), app.analytics_notice
            )
        )

    def exitTitle(self) -> None:
        self.drop()

    def enterLanguage(self) -> None:
        self.show(
            LanguageScreen(self.app.aspect2d, self.app.guard(self._after_language))
        )

    def exitLanguage(self) -> None:
        self.drop()

    def enterMenu(self) -> None:
        app = self.app
        if app.fixed_scenario is not None:
            self.demand("Play", app.fixed_scenario)
            return
        menu = MenuScreen(
            app.aspect2d,
            app.catalogue(),
            app.lang,
            app.guard(lambda scenario: self.demand("Play", scenario)),
            app.screen_left,
            app.screen_right,
        )
        self.show(menu)

    def exitMenu(self) -> None:
        self.drop()

    def enterPlay(
        self,
        scenario: Scenario,
        story: Story | None = None,
        line_index: int = 0,
        notice: str = "",
    ) -> None:
        app = self.app
        app.analytics.start(scenario, app.lang)
        screen = PlayScreen(
            app, scenario, app.lang, app.guard(self._after_ending), story=story
        )
        self.show(screen)
        app.live_reload.watch(scenario.path)
        screen.start(line_index)
        if notice:
            screen.show_notice(notice)

    def exitPlay(self) -> None:
        self.app.live_reload.forget()
        self.drop()

    def replay(
        self, scenario: Scenario, story: Story, line_index: int, notice: str
    ) -> None:
        """Build the play screen again for a reloaded scenario, in a new run."""
        assert self.state == "Play"
        self.app.analytics.abandon("closed")
        self.exitPlay()
        self.enterPlay(scenario, story, line_index, notice)

    def enterEpilogue(self, scenario: Scenario, ending: Ending) -> None:
        app = self.app
        screen = EpilogueScreen(
            app.aspect2d,
            scenario,
            ending,
            app.lang,
            app.guard(self._after_epilogue),
            app.guard,
        )
        self.show(screen)
        screen.start()

    def exitEpilogue(self) -> None:
        self.drop()

    def enterProblem(self) -> None:
        app = self.app
        self.show(ProblemScreen(app.aspect2d, app.guard(self._leave_problem)))
        app.task_mgr.do_method_later(
            PROBLEM_RETURN_SECONDS, lambda task: self._leave_problem(), "problem-return"
        )

    def exitProblem(self) -> None:
        self.app.task_mgr.remove("problem-return")
        self.drop()

    def _after_title(self) -> None:
        self.demand("Menu" if self.app.fixed_lang else "Language")

    def _after_language(self, lang: str) -> None:
        self.app.lang = lang
        self.demand("Menu")

    def _after_ending(self, ending: Ending) -> None:
        play = self.play
        assert play is not None
        self.demand("Epilogue", play.scenario, ending)

    def _after_epilogue(self) -> None:
        # A facilitator who fixed the scenario wants the attract screen next.
        self.demand("Title" if self.app.fixed_scenario is not None else "Menu")

    def _leave_problem(self) -> None:
        if self.state == "Problem":
            self.demand("Title")
