"""Keyboard, mouse and gamepad input, turned into a few player actions.

Screens never see raw keys. They receive one of the actions below, so a number
key, a click, a touch and a gamepad press all reach the same code. Buttons on
screen are DirectGui buttons, which handle mouse and touch themselves.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from direct.showbase.DirectObject import DirectObject
from direct.showbase.ShowBase import ShowBase
from direct.task import Task

log = logging.getLogger(__name__)

CONFIRM = "confirm"  # Space, Enter, gamepad A or Start
TAP = "tap"  # a click or touch anywhere on the screen
NEXT = "next"  # focus down or right
PREV = "prev"  # focus up or left
BACK = "back"  # Esc: back to the title screen
PICK = "pick"  # number key 1..9, with the number
RELOAD = "reload"  # F5 or Ctrl+R: read the scenario file again while editing
OTHER = "other"  # any other key, for "press any key"

ActionHandler = Callable[[str, int], None]
# Called on every input before its action; returns True when it used the input up.
ActivityHandler = Callable[[], bool]

_KEY_ACTIONS = {
    "space": CONFIRM,
    "enter": CONFIRM,
    "numpad_enter": CONFIRM,
    "mouse1": TAP,
    "arrow_down": NEXT,
    "arrow_right": NEXT,
    "wheel_down": NEXT,
    "tab": NEXT,
    "arrow_up": PREV,
    "arrow_left": PREV,
    "wheel_up": PREV,
    "escape": BACK,
    "f5": RELOAD,
    "control-r": RELOAD,
}

_IGNORED_KEYS = frozenset(
    {"shift", "lshift", "rshift", "control", "lcontrol", "rcontrol", "alt"}
    | {"lalt", "ralt", "meta", "lmeta", "rmeta", "caps_lock", "num_lock"}
)

# Button numbers of an Xbox-layout pad as SDL's joystick API reports them.
GAMEPAD_A = 0
GAMEPAD_START = 7
STICK_PRESS = 0.6  # stick travel that counts as a press
STICK_RELEASE = 0.3  # the stick must come back inside this before the next press


def key_action(key: str) -> tuple[str, int] | None:
    """Return the (action, number) for a Panda3D button name, or None."""
    if key in _IGNORED_KEYS or key.endswith("-up") or key.endswith("-repeat"):
        return None

    digit = key.removeprefix("numpad")
    if len(digit) == 1 and digit in "123456789":
        return PICK, int(digit)

    return _KEY_ACTIONS.get(key, OTHER), 0


class InputRouter(DirectObject):
    """Sends each key press and gamepad press to the current action handler.

    Every input, including a click on a button, a modifier key and a pointer
    movement, first goes to ``on_activity``, so the idle timeout counts it.
    """

    def __init__(self, base: ShowBase, gamepad: bool = True) -> None:
        super().__init__()
        self.base = base
        self.handler: ActionHandler | None = None
        self.on_activity: ActivityHandler | None = None
        self.gamepad: GamepadPoller | None = None
        self.pointer: tuple[float, float] | None = None
        self.task_name = f"pointer-watch-{id(self)}"

        if base.buttonThrowers:
            base.buttonThrowers[0].node().set_button_down_event("player-button")
            self.accept("player-button", self._on_button)
        if base.mouseWatcherNode is not None:
            # A DirectGui button hides its click from the ButtonThrower, but the
            # MouseWatcher throws this event for every press, over a button or not.
            base.mouseWatcherNode.set_button_down_pattern("player-any-press")
            self.accept("player-any-press", self._on_any_press)
            base.task_mgr.add(self._watch_pointer, self.task_name)
        if gamepad:
            self.gamepad = GamepadPoller(base, self.dispatch, self.note_activity)
            self.gamepad.start()

    def dispatch(self, action: str, number: int = 0) -> None:
        """Deliver one action to the handler, if a screen has set one.

        Nothing is delivered when ``on_activity`` used the input up, such as a
        press that only dismissed the idle question.
        """
        log.debug("input %s %s", action, number)
        if self.note_activity():
            return
        if self.handler is not None:
            self.handler(action, number)

    def note_activity(self) -> bool:
        """Report one input to ``on_activity``; return True if it used it up."""
        return self.on_activity is not None and self.on_activity()

    def destroy(self) -> None:
        """Stop listening to keys, the pointer and the gamepad."""
        self.ignore_all()
        self.base.task_mgr.remove(self.task_name)
        if self.gamepad is not None:
            self.gamepad.stop()

    def _on_button(self, key: str) -> None:
        mapped = key_action(key)
        if mapped is None:
            self.note_activity()
        else:
            self.dispatch(*mapped)

    def _on_any_press(self, *parameters: Any) -> None:
        self.note_activity()

    def _watch_pointer(self, task: Task.Task) -> int:
        watcher = self.base.mouseWatcherNode
        if watcher is None or not watcher.has_mouse():
            return Task.cont
        position = (watcher.get_mouse_x(), watcher.get_mouse_y())
        if self.pointer is not None and position != self.pointer:
            self.note_activity()
        self.pointer = position
        return Task.cont


class GamepadPoller:
    """Polls pygame's joystick module once a frame; runs fine with no gamepad.

    :param on_activity: called for a press or a stick push that maps to no
        action, so the idle timeout still counts it.
    """

    def __init__(
        self,
        base: ShowBase,
        dispatch: Callable[[str, int], None],
        on_activity: Callable[[], object] | None = None,
    ) -> None:
        self.base = base
        self.dispatch = dispatch
        self.on_activity = on_activity
        self.pygame: Any = None
        self.sticks: dict[int, Any] = {}
        self.axis_held: dict[tuple[int, int], bool] = {}
        self.task_name = f"gamepad-poll-{id(self)}"

    def start(self) -> bool:
        """Initialise pygame's joystick support; return False when unavailable."""
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        # pygame delivers joystick events only once its video layer is up; the
        # dummy driver opens no window.
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        try:
            import pygame

            pygame.display.init()
            pygame.joystick.init()
            pygame.event.set_allowed(None)
            pygame.event.set_allowed(_joystick_event_types(pygame))
        except (ImportError, RuntimeError) as exc:  # pygame.error is a RuntimeError
            log.warning("gamepad support is off: %s", exc)
            return False

        self.pygame = pygame
        for index in range(pygame.joystick.get_count()):
            self._open(index)
        self.base.task_mgr.add(self._poll, self.task_name)
        return True

    def stop(self) -> None:
        """Stop polling and release pygame's joystick support."""
        self.base.task_mgr.remove(self.task_name)
        if self.pygame is not None:
            self.pygame.joystick.quit()
            self.pygame = None
        self.sticks.clear()

    def _open(self, index: int) -> None:
        stick = self.pygame.joystick.Joystick(index)
        self.sticks[stick.get_instance_id()] = stick
        log.info("gamepad connected: %s", stick.get_name())

    def _poll(self, task: Task.Task) -> int:
        pygame = self.pygame
        try:
            events = pygame.event.get()
        except pygame.error as exc:
            log.warning("gamepad polling stopped: %s", exc)
            return Task.done

        for event in events:
            self._handle(event)
        return Task.cont

    def _handle(self, event: Any) -> None:
        pygame = self.pygame
        if event.type == pygame.JOYDEVICEADDED:
            self._open(event.device_index)
        elif event.type == pygame.JOYDEVICEREMOVED:
            self.sticks.pop(event.instance_id, None)
            log.info("gamepad disconnected")
        elif event.type == pygame.JOYBUTTONDOWN:
            if event.button in (GAMEPAD_A, GAMEPAD_START):
                self.dispatch(CONFIRM, 0)
            else:
                self._note_activity()
        elif event.type == pygame.JOYHATMOTION:
            self._hat(event.value)
        elif event.type == pygame.JOYAXISMOTION:
            self._axis(event.instance_id, event.axis, event.value)

    def _hat(self, value: tuple[int, int]) -> None:
        x, y = value
        if y == 1 or x == -1:
            self.dispatch(PREV, 0)
        elif y == -1 or x == 1:
            self.dispatch(NEXT, 0)

    def _axis(self, instance_id: int, axis: int, value: float) -> None:
        if axis not in (0, 1):
            return
        key = (instance_id, axis)
        if abs(value) < STICK_RELEASE:
            self.axis_held[key] = False
            return
        # Drift of a resting stick stays inside STICK_RELEASE and is no activity.
        if abs(value) < STICK_PRESS or self.axis_held.get(key):
            self._note_activity()
            return

        self.axis_held[key] = True
        self.dispatch(NEXT if value > 0 else PREV, 0)

    def _note_activity(self) -> None:
        if self.on_activity is not None:
            self.on_activity()


def _joystick_event_types(pygame: Any) -> list[int]:
    return [
        pygame.JOYDEVICEADDED,
        pygame.JOYDEVICEREMOVED,
        pygame.JOYBUTTONDOWN,
        pygame.JOYHATMOTION,
        pygame.JOYAXISMOTION,
    ]
