"""Playing a scenario: the runtime rules and the play state."""

from .runtime import ChoiceNotAvailable, Story, Transition
from .state import PlayState, StateError

__all__ = ["ChoiceNotAvailable", "PlayState", "StateError", "Story", "Transition"]
