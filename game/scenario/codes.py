"""The catalogue of diagnostic codes.

Codes are stable: tests and CI scripts match on them, so a code is never reused for a
different problem. docs/diagnostics.md is generated from this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class CodeInfo:
    """One catalogued diagnostic: its severity, a short name and a failing example."""

    code: str
    severity: Severity
    name: str
    explanation: str
    example: str


_E, _W = Severity.ERROR, Severity.WARNING

_TABLE = [
    # Reading the file.
    CodeInfo(
        "CC100", _E, "yaml-syntax", "The file is not valid YAML.", "title: {zh: a"
    ),
    CodeInfo(
        "CC101",
        _E,
        "not-utf8",
        "The file is not UTF-8 text. A byte-order mark is accepted.",
        "(a file saved as GBK)",
    ),
    CodeInfo("CC102", _E, "tab", "A tab is used for indentation.", "nodes:\n\tn01: {}"),
    CodeInfo(
        "CC103",
        _E,
        "duplicate-key",
        "The same key appears twice in one mapping; YAML would keep only the last.",
        "title: {zh: 甲, zh: 乙, en: A}",
    ),
    CodeInfo(
        "CC104",
        _E,
        "tag",
        "A YAML tag such as !!python/object or !include is used. Tags are never run.",
        "title: !!python/object:os.system {}",
    ),
    CodeInfo(
        "CC105",
        _E,
        "anchor",
        "An anchor (&name) or alias (*name) is used. Write the value out instead.",
        "a: &x {zh: 甲, en: A}\nb: *x",
    ),
    CodeInfo("CC106", _E, "empty-file", "The file is empty.", ""),
    CodeInfo(
        "CC107",
        _E,
        "several-documents",
        "The file holds several YAML documents; a scenario is one document "
        "in one file.",
        "id: a\n---\nid: b",
    ),
    CodeInfo(
        "CC108",
        _E,
        "implicit-type",
        "An unquoted value was read by YAML 1.1 as a boolean, number, date or null "
        "where text or an id is expected.",
        "text: {zh: 否, en: No}",
    ),
    CodeInfo(
        "CC109",
        _W,
        "comment-in-text",
        "An unquoted text is followed by ' #', which YAML reads as the start of a "
        "comment, so the rest of the text is lost.",
        "text: {zh: 三号房间, en: Room #3}",
    ),
    CodeInfo(
        "CC110",
        _E,
        "control-character",
        "The file contains a control character (such as NUL or ESC) that YAML does "
        "not allow.",
        "(a file with a NUL byte pasted into a line)",
    ),
    CodeInfo(
        "CC111",
        _E,
        "unreadable-file",
        "The file cannot be read: it is missing, a folder, a broken link or not "
        "readable by this user.",
        "(a scenario file without read permission)",
    ),
    CodeInfo(
        "CC112",
        _E,
        "full-width-colon",
        "A key is followed by the full-width colon '：' of a Chinese keyboard, which "
        "YAML does not read as a colon.",
        "go：n02_envelope",
    ),
    # The shape of the scenario.
    CodeInfo("CC200", _E, "missing-key", "A required key is missing.", "nodes: {}"),
    CodeInfo(
        "CC201", _E, "unknown-key", "A key is not part of the format.", "titel: x"
    ),
    CodeInfo(
        "CC202",
        _E,
        "wrong-type",
        "A value has the wrong type (for example a list where a mapping is expected).",
        "choices: {id: a}",
    ),
    CodeInfo(
        "CC203",
        _E,
        "invalid-id",
        "An id is not lower-case letters, digits and underscores starting with "
        "a letter.",
        "id: Holiday-Card",
    ),
    CodeInfo(
        "CC204",
        _E,
        "missing-translation",
        "A bilingual text lacks its Chinese or English version, or it is empty.",
        "title: {zh: 节日}",
    ),
    CodeInfo(
        "CC205",
        _E,
        "invalid-value",
        "A value is not one of the allowed ones (scene, ending kind, tactic, type).",
        "scene: kitchen",
    ),
    CodeInfo(
        "CC206",
        _E,
        "duplicate-id",
        "Two lines, choices or cases in the same list share an id.",
        "choices: [{id: a, ...}, {id: a, ...}]",
    ),
    CodeInfo(
        "CC207",
        _E,
        "format-version",
        "The file's format version is not one this program reads.",
        "format: 9",
    ),
    CodeInfo(
        "CC208",
        _E,
        "empty-list",
        "A list that needs at least one entry is empty.",
        "choices: []",
    ),
    CodeInfo(
        "CC209",
        _E,
        "out-of-range",
        "A number is outside its allowed range.",
        "look: {height: 3.5}",
    ),
    CodeInfo(
        "CC210",
        _E,
        "text-too-long",
        "A text is longer than any screen can show (4,000 characters); it is probably "
        "pasted by mistake, and drawing it would stall the player.",
        "text: {zh: 很长……, en: (a whole document pasted into one line)}",
    ),
    # References between parts.
    CodeInfo(
        "CC300",
        _E,
        "unknown-target",
        "A choice goes to a node that does not exist.",
        "go: n05_reprot",
    ),
    CodeInfo(
        "CC301",
        _E,
        "unknown-speaker",
        "A line names a speaker that is not declared.",
        "speaker: contracter",
    ),
    CodeInfo(
        "CC302",
        _E,
        "unknown-variable",
        "A condition or effect uses a variable that is not declared.",
        'when: "gift_total > 0"',
    ),
    CodeInfo(
        "CC303",
        _E,
        "unknown-rung",
        "A rung id is not on the shared ladder.",
        "enter: [rung -> warning]",
    ),
    CodeInfo(
        "CC304",
        _E,
        "unknown-start",
        "`start` names a node that does not exist.",
        "start: n00",
    ),
    CodeInfo(
        "CC305",
        _E,
        "unknown-case",
        "An ending names a case id that is not declared.",
        "cases: [a9]",
    ),
    CodeInfo(
        "CC306",
        _E,
        "id-clash",
        "A node and an ending share an id; they share one namespace.",
        "nodes: {x: ...}\nendings: {x: ...}",
    ),
    CodeInfo(
        "CC307",
        _E,
        "start-is-ending",
        "`start` names an ending, so there is nothing to play.",
        "start: e_end",
    ),
    # Conditions and effects.
    CodeInfo(
        "CC400",
        _E,
        "expression-syntax",
        "A condition or effect does not follow the expression grammar.",
        'when: "gifts_total >> 5"',
    ),
    CodeInfo(
        "CC401",
        _E,
        "expression-type",
        "A condition or effect mixes booleans and integers.",
        'when: "lied + 1"',
    ),
    # The shared ladder file.
    CodeInfo(
        "CC450",
        _E,
        "ladder-invalid",
        "The shared ladder file is missing or malformed.",
        "rungs: []",
    ),
]

CODES: dict[str, CodeInfo] = {info.code: info for info in _TABLE}


def register(info: CodeInfo) -> None:
    """Add a code from another module (the whole-graph validator adds its own)."""
    if info.code in CODES and CODES[info.code] != info:
        raise ValueError(f"diagnostic code {info.code} is already registered")
    CODES[info.code] = info
