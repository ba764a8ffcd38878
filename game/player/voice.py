"""The player's narration: the speech cache folder and the key of each line."""

from __future__ import annotations

import logging
from pathlib import Path

from game.analytics import AnalyticsError
from game.analytics.paths import default_data_dir
from game.audio.narration import Narration

log = logging.getLogger(__name__)

CACHE_FOLDER_NAME = "narration"


def open_narration(enabled: bool) -> Narration:
    """Return a Narration caching WAV files in ``<data folder>/narration``.

    With ``enabled`` False, or when the data folder is unknown, the Narration
    is silent and starts no worker process; the subtitles carry every line.
    """
    if not enabled:
        return Narration(Path(CACHE_FOLDER_NAME), enabled=False)
    try:
        folder = default_data_dir() / CACHE_FOLDER_NAME
    except AnalyticsError as exc:
        log.warning("narration is off, subtitles only: %s", exc)
        return Narration(Path(CACHE_FOLDER_NAME), enabled=False)
    return Narration(folder)


def line_key(step_id: str, line_id: str) -> str:
    """Return the stable key of one line, such as ``n01_card/offer``."""
    return f"{step_id}/{line_id}"
