"""The immutable scenario model.

A Scenario is built once by the loader and never changes afterwards: everything that
changes during play lives in :class:`game.story.PlayState`. Every part keeps the
:class:`Span` of its YAML mapping, and `spans` maps each of its keys to the span of the
value, so later checks can point at the exact field. Nodes, choices and endings also map
`name[i]` to the span of item i of a list field, such as `effects[0]`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .diagnostics import Span
from .expr import Effect, Expr
from .yamlsource import Document

ENDING_KINDS = (
    "kept_integrity",
    "turned_back",
    "disciplined",
    "surrendered_leniency",
    "prosecuted",
)
SCENES = (
    "office",
    "banquet_room",
    "home",
    "talk_room",
    "retention_room",
    "procuratorate",
    "courtroom",
    "prison_visit",
)
TACTICS = (
    "denial_of_responsibility",
    "denial_of_injury",
    "denial_of_victim",
    "social_weighting",
    "higher_loyalties",
    "ledger",
)
LANGUAGES = ("zh", "en")

_NO_SPANS: Mapping[str, Span] = MappingProxyType({})


@dataclass(frozen=True)
class Text:
    """A visitor-facing text in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Look:
    """A speaker's 3D appearance: `#rrggbb` colours and height in metres."""

    body: str
    head: str
    height: float


@dataclass(frozen=True)
class Speaker:
    id: str
    name: Text
    look: Look | None


@dataclass(frozen=True)
class Rung:
    """One step of the shared escalation ladder."""

    id: str
    index: int
    name: Text
    explanation: Text
    source: str


@dataclass(frozen=True)
class Ladder:
    """The shared escalation ladder, rungs ordered by index."""

    rungs: tuple[Rung, ...]
    path: Path
    content: str = field(repr=False, compare=False)

    def get(self, rung_id: str) -> Rung:
        for rung in self.rungs:
            if rung.id == rung_id:
                return rung
        raise KeyError(rung_id)

    @property
    def first(self) -> Rung:
        return self.rungs[0]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(rung.id for rung in self.rungs)


@dataclass(frozen=True)
class Case:
    """A real, published case the scenario is built from (role titles only)."""

    id: str
    summary: Text
    source: str
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Variable:
    id: str
    type: str  # "int" or "bool"
    initial: int | bool
    about: Text | None
    unit: str | None
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Skip:
    """A declared ladder move that skips rungs or goes down, with its reason."""

    from_rung: str
    to_rung: str
    why: Text
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Condition:
    """A parsed `when` condition together with its source text."""

    source: str
    expr: Expr

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True)
class Line:
    id: str
    speaker: str
    text: Text
    when: Condition | None
    tactic: str | None
    span: Span | None = field(default=None, compare=False)
    spans: Mapping[str, Span] = field(
        default_factory=lambda: _NO_SPANS, compare=False, repr=False
    )
    # Recorded narration by language, paths relative to assets/, played instead of
    # speech synthesis.
    audio: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Choice:
    id: str
    text: Text
    go: str
    when: Condition | None
    effects: tuple[Effect, ...]
    tactic: str | None
    span: Span | None = field(default=None, compare=False)
    spans: Mapping[str, Span] = field(
        default_factory=lambda: _NO_SPANS, compare=False, repr=False
    )


@dataclass(frozen=True)
class Node:
    """A decision point: a scene, its dialogue lines and the choices offered."""

    id: str
    scene: str
    time: Text | None
    enter: tuple[Effect, ...]
    lines: tuple[Line, ...]
    choices: tuple[Choice, ...]
    span: Span | None = field(default=None, compare=False)
    spans: Mapping[str, Span] = field(
        default_factory=lambda: _NO_SPANS, compare=False, repr=False
    )

    is_ending = False


@dataclass(frozen=True)
class Ending:
    """The end of a path: what happens to the learner, then the real case."""

    id: str
    kind: str
    scene: str
    time: Text | None
    enter: tuple[Effect, ...]
    title: Text
    lines: tuple[Line, ...]
    epilogue: tuple[Text, ...]
    legal_basis: tuple[Text, ...]
    cases: tuple[str, ...]
    span: Span | None = field(default=None, compare=False)
    spans: Mapping[str, Span] = field(
        default_factory=lambda: _NO_SPANS, compare=False, repr=False
    )

    is_ending = True
    choices: tuple[Choice, ...] = ()


Step = Node | Ending


@dataclass(frozen=True)
class Scenario:
    """A loaded scenario. Immutable; play state is kept in game.story.PlayState.

    :param content_hash: sha256 over the canonical content of the scenario and the
        shared files it uses, so any change that affects play changes it.
    """

    id: str
    version: int
    title: Text
    summary: Text
    role: Text
    cases: tuple[Case, ...]
    speakers: Mapping[str, Speaker]
    variables: Mapping[str, Variable]
    start: str
    skips: tuple[Skip, ...]
    nodes: Mapping[str, Node]
    endings: Mapping[str, Ending]
    ladder: Ladder
    content_hash: str
    path: Path
    spans: Mapping[str, Span] = field(
        default_factory=lambda: _NO_SPANS, compare=False, repr=False
    )
    # The composed YAML tree, kept so authoring checks can point at any value
    # without parsing the file again.
    source: Document | None = field(default=None, compare=False, repr=False)

    def step(self, step_id: str) -> Step:
        """Return the node or ending with this id; raises KeyError."""
        node = self.nodes.get(step_id)
        if node is not None:
            return node
        return self.endings[step_id]

    def has_step(self, step_id: str) -> bool:
        return step_id in self.nodes or step_id in self.endings
