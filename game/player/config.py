"""Panda3D configuration (prc) for the player: a window or an offscreen buffer."""

from __future__ import annotations

import logging
import os
import sys

from direct.directnotify.Notifier import Notifier
from panda3d.core import LineStream, Notify, StreamWriter, load_prc_file_data

log = logging.getLogger(__name__)

WINDOW_SIZE = (1280, 720)

# The player draws no sound through Panda3D, and gamepads come from pygame, so
# Panda3D's audio and input-device layers are switched off or silenced.
_COMMON_PRC = f"""
window-title Clear Choice 清风抉择
win-size {WINDOW_SIZE[0]} {WINDOW_SIZE[1]}
audio-library-name null
notify-level-device fatal
"""

_WINDOW_PRC = """
window-type onscreen
sync-video true
"""

# p3tinydisplay is Panda3D's software renderer; it needs no GPU and no display.
_OFFSCREEN_PRC = """
load-display p3tinydisplay
window-type none
sync-video false
"""

OFFSCREEN_PIPE = ("TinyOffscreenGraphicsPipe", "p3tinydisplay")

NO_DISPLAY_MESSAGE = (
    "No display is available for a window; "
    "try: python3 main.py play SCENARIO --offscreen"
)

_notify_stream: LineStream | None = None


class NoDisplayError(RuntimeError):
    """Raised when a window is requested but no display can show it."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(NO_DISPLAY_MESSAGE)
        self.detail = detail


def display_available() -> bool:
    """Return False when it is certain that no window can open here.

    Panda3D on Linux and the BSDs draws windows through X11, so an unset DISPLAY
    means no window. On other systems only an attempt to open one can tell.
    """
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY"))
    return True


def configure(offscreen: bool) -> None:
    """Load the prc settings for a window or an offscreen buffer.

    Call once, before the ShowBase is created.
    """
    load_prc_file_data("clear-choice-common", _COMMON_PRC)
    if offscreen:
        load_prc_file_data("clear-choice-offscreen", _OFFSCREEN_PRC)
    else:
        load_prc_file_data("clear-choice-window", _WINDOW_PRC)
    capture_panda_notify()


def capture_panda_notify() -> None:
    """Send Panda3D's own notify output to Python logging instead of stderr."""
    global _notify_stream
    if _notify_stream is not None:
        return
    _notify_stream = LineStream()
    Notify.ptr().set_ostream_ptr(_notify_stream, False)
    # Python-side notify categories (ShowBase, FSM...) keep their own writer,
    # made on import from the stream of that time.
    Notifier.streamWriter = StreamWriter(Notify.out(), False)


def drain_panda_notify(level: int | None = None) -> None:
    """Move buffered Panda3D notify lines into the ``panda3d`` logger.

    Each line is logged at its own severity, or at ``level`` when given.
    """
    if _notify_stream is None:
        return
    panda_log = logging.getLogger("panda3d")
    while _notify_stream.is_text_available():
        line = _notify_stream.get_line()
        panda_log.log(level or _notify_level(line), "%s", line)


def _notify_level(line: str) -> int:
    """Map a Panda3D notify line such as ':display(error): ...' to a level."""
    head = line.split(":", 3)[:3]
    text = ":".join(head)
    if "(fatal)" in text or "(error)" in text:
        return logging.ERROR
    if "(warning)" in text:
        return logging.WARNING
    if "(info)" in text:
        return logging.INFO
    return logging.DEBUG
