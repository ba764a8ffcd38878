"""The 3D part of the play screen: one node's set and the characters in it."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from direct.showbase.ShowBase import ShowBase
from panda3d.core import NodePath

from game.player.characters import build_character, set_speaking
from game.player.sets import SetInfo, aim_camera, build_set
from game.scenario.model import Line, Scenario

log = logging.getLogger(__name__)


def speakers_on_stage(scenario: Scenario, lines: Sequence[Line]) -> list[str]:
    """Return the ids of speakers with a look, in order of their first line."""
    ids: list[str] = []
    for line in lines:
        speaker = scenario.speakers.get(line.speaker)
        if speaker is not None and speaker.look is not None and speaker.id not in ids:
            ids.append(speaker.id)
    return ids


class Stage:
    """Builds a set under ``base.render`` and places the speaking characters."""

    def __init__(self, base: ShowBase) -> None:
        self.base = base
        self.root = base.render.attach_new_node("stage")
        self.info: SetInfo | None = None
        self.characters: dict[str, NodePath] = {}
        self.scene = ""

    def show(self, scenario: Scenario, scene: str, lines: Sequence[Line]) -> None:
        """Replace the current set with ``scene`` and its speakers from ``lines``.

        Raises ValueError for an unknown scene id.
        """
        self.clear()
        self.info = build_set(scene, self.root)
        self.scene = scene
        aim_camera(self.info, self.base.camera, self.base.camLens)

        marks = self.info.speaker_marks
        speaker_ids = speakers_on_stage(scenario, lines)
        if len(speaker_ids) > len(marks):
            log.warning(
                "scene %s has %d speaker marks but %d speakers; %s are not shown",
                scene,
                len(marks),
                len(speaker_ids),
                ", ".join(speaker_ids[len(marks) :]),
            )
        for speaker_id, (position, heading) in zip(speaker_ids, marks, strict=False):
            look = scenario.speakers[speaker_id].look
            assert look is not None
            figure = build_character(look, self.info.root, name=speaker_id)
            figure.set_pos(position)
            figure.set_h(heading)
            self.characters[speaker_id] = figure

    def set_speaker(self, speaker_id: str | None) -> None:
        """Highlight the character of ``speaker_id``, or no one for None."""
        for each_id, figure in self.characters.items():
            set_speaking(figure, each_id == speaker_id)

    def clear(self) -> None:
        """Remove the set, its lights and every character."""
        if self.info is not None:
            self.info.root.remove_node()
        self.info = None
        self.characters.clear()
        self.scene = ""

    def destroy(self) -> None:
        self.clear()
        self.root.remove_node()
