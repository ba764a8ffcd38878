"""The scenario and ladder formats, written as schema definitions.

docs/scenario-format.md explains these keys for authors; keep the two in step.
"""

from __future__ import annotations

from .model import ENDING_KINDS, SCENES, TACTICS
from .schema import (
    ColourKind,
    EnumKind,
    ExprKind,
    Field,
    FloatKind,
    IdKind,
    IntKind,
    ListKind,
    MapKind,
    RecordKind,
    ScalarKind,
    StrKind,
    TextKind,
)

FORMAT_VERSION = 1

TEXT = TextKind(doc="Bilingual text: {zh: 中文, en: English}.")
ID = IdKind(doc="Lower-case letters, digits and '_', starting with a letter.")
CONDITION = ExprKind(
    doc='A condition, for example "gifts_total >= 30000 and not lied".'
)
EFFECT = ExprKind(
    doc='An effect: "var = value", "var += n", "var -= n" or "rung -> rung_id".',
    effect=True,
)
EFFECTS = ListKind(item=EFFECT, doc="Effects applied in order.")

AUDIO_PATH = StrKind(doc="A file path relative to assets/, such as 'narration/a.ogg'.")
AUDIO = RecordKind(
    name="audio",
    doc="Recorded narration of a line, played instead of speech synthesis.",
    fields={"zh": Field(AUDIO_PATH), "en": Field(AUDIO_PATH)},
)

LINE = RecordKind(
    name="line",
    doc="One line of dialogue.",
    fields={
        "id": Field(IdKind(doc="Unique within its node; keep it when editing."), True),
        "speaker": Field(IdKind(doc="A speaker id declared under `speakers`."), True),
        "text": Field(TEXT, True),
        "when": Field(CONDITION),
        "tactic": Field(
            EnumKind(values=TACTICS, doc="Rationalisation this line offers.")
        ),
        "audio": Field(AUDIO),
    },
)
LINES = ListKind(item=LINE, doc="Dialogue lines in order.")

CHOICE = RecordKind(
    name="choice",
    doc="A choice offered to the visitor.",
    fields={
        "id": Field(IdKind(doc="Unique within its node; analytics record it."), True),
        "text": Field(TEXT, True),
        "go": Field(IdKind(doc="The node or ending this choice leads to."), True),
        "when": Field(CONDITION),
        "effects": Field(EFFECTS),
        "tactic": Field(
            EnumKind(values=TACTICS, doc="Rationalisation this choice accepts.")
        ),
    },
)

SCENE = EnumKind(values=SCENES, doc="The 3D set.")
TIME = TextKind(doc="A caption such as the year and the festival.")

NODE = RecordKind(
    name="node",
    doc="A decision point.",
    fields={
        "scene": Field(SCENE, True),
        "time": Field(TIME),
        "enter": Field(ListKind(item=EFFECT, doc="Effects applied on entering.")),
        "lines": Field(LINES, True),
        "choices": Field(
            ListKind(item=CHOICE, min_items=1, doc="Choices offered."), True
        ),
    },
)

ENDING = RecordKind(
    name="ending",
    doc="Where a path ends.",
    fields={
        "kind": Field(
            EnumKind(values=ENDING_KINDS, doc="What kind of ending this is."), True
        ),
        "scene": Field(SCENE, True),
        "time": Field(TIME),
        "enter": Field(ListKind(item=EFFECT, doc="Effects applied on arrival.")),
        "title": Field(TEXT, True),
        "lines": Field(LINES, True),
        "epilogue": Field(
            ListKind(item=TEXT, min_items=1, doc="What happened in the real case."),
            True,
        ),
        "legal_basis": Field(ListKind(item=TEXT, doc="The rules that apply."), True),
        "cases": Field(ListKind(item=ID, doc="Ids of the cases the epilogue tells.")),
    },
)

CASE = RecordKind(
    name="case",
    doc="A real, published case (role titles only).",
    fields={
        "id": Field(ID, True),
        "summary": Field(TEXT, True),
        "source": Field(StrKind(doc="Where the case was published."), True),
    },
)

LOOK = RecordKind(
    name="look",
    doc="How a speaker appears in 3D.",
    fields={
        "body": Field(ColourKind(doc="Clothing colour, '#rrggbb'."), True),
        "head": Field(ColourKind(doc="Skin colour, '#rrggbb'."), True),
        "height": Field(FloatKind(minimum=1.4, maximum=2.0, doc="Metres."), True),
    },
)

SPEAKER = RecordKind(
    name="speaker",
    doc="Someone who speaks; without `look` there is no body on screen.",
    fields={"name": Field(TEXT, True), "look": Field(LOOK)},
)

VARIABLE = RecordKind(
    name="variable",
    doc="A declared variable.",
    fields={
        "type": Field(EnumKind(values=("int", "bool"), doc="int or bool."), True),
        "initial": Field(ScalarKind(doc="Starting value."), True),
        "unit": Field(StrKind(doc="Unit, for authors.")),
        "about": Field(TextKind(doc="What the variable counts.")),
    },
)

SKIP = RecordKind(
    name="skip",
    doc="A declared ladder move that skips rungs or goes down.",
    fields={
        "from": Field(ID, True),
        "to": Field(ID, True),
        "why": Field(TEXT, True),
    },
)

SCENARIO = RecordKind(
    name="scenario",
    doc="A branching scenario built from a real case.",
    fields={
        "format": Field(IntKind(minimum=1, doc="Format version of this file."), True),
        "id": Field(ID, True),
        "version": Field(IntKind(minimum=1, doc="The author's version number."), True),
        "title": Field(TEXT, True),
        "summary": Field(TEXT, True),
        "role": Field(TEXT, True),
        "cases": Field(ListKind(item=CASE, min_items=1, doc="Real cases used."), True),
        "speakers": Field(
            MapKind(value=SPEAKER, min_items=1, doc="Speakers by id."), True
        ),
        "variables": Field(MapKind(value=VARIABLE, doc="Variables by id.")),
        "start": Field(IdKind(doc="The first node."), True),
        "skips": Field(ListKind(item=SKIP, doc="Declared ladder skips.")),
        "nodes": Field(MapKind(value=NODE, min_items=1, doc="Nodes by id."), True),
        "endings": Field(
            MapKind(value=ENDING, min_items=1, doc="Endings by id."), True
        ),
    },
)

RUNG = RecordKind(
    name="rung",
    doc="One rung of the escalation ladder.",
    fields={
        "id": Field(ID, True),
        "index": Field(IntKind(minimum=0), True),
        "name": Field(TEXT, True),
        "explanation": Field(TEXT, True),
        "source": Field(StrKind(), True),
    },
)

LADDER = RecordKind(
    name="ladder",
    doc="The shared escalation ladder.",
    fields={
        "format": Field(IntKind(minimum=1), True),
        "rungs": Field(ListKind(item=RUNG, min_items=2), True),
    },
)
