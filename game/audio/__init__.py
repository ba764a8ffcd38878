"""Sound: narration of dialogue lines by text-to-speech."""

from .narration import Narration

__all__ = ["Narration"]
