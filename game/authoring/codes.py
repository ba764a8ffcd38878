"""Diagnostic codes of the whole-scenario validator (CC5xx graph, CC6xx text).

Importing this module registers the codes with :mod:`game.scenario.codes`. Each
example is an excerpt of tests/data/broken/<code>_*.yaml, and a test checks that the
file triggers the code, so the documented examples cannot go stale.
"""

from __future__ import annotations

from game.scenario.codes import CodeInfo, Severity, register

_E, _W = Severity.ERROR, Severity.WARNING

_TABLE = (
    # Reachability and play, ignoring conditions or exploring the state space.
    CodeInfo(
        "CC501",
        _E,
        "unreachable",
        "No chain of choices from `start` leads to this node or ending, even when "
        "every condition is ignored.",
        "start: n1\n"
        "nodes:\n"
        "  n1:\n"
        "    ...\n"
        "      - {id: leave, ..., go: e_end}\n"
        "  n2:\n"
        "    ...\n"
        "      - {id: leave, ..., go: e_end}",
    ),
    CodeInfo(
        "CC502",
        _W,
        "node-never-reached",
        "The node can be reached in the graph, but the conditions on the way hide "
        "every choice that leads to it in every explored state.",
        '  n2:\n    ...\n      - {id: more, ..., go: n3, when: "gifts > 5000"}\n  n3:',
    ),
    CodeInfo(
        "CC503",
        _W,
        "ending-never-reached",
        "The ending can be reached in the graph, but no explored playthrough ends "
        "there because the conditions on the way hide it.",
        '      - {id: big, ..., go: e_sanction, when: "gifts > 5000"}\n'
        "endings:\n"
        "  ...\n"
        "  e_sanction: {kind: disciplined, ...}",
    ),
    CodeInfo(
        "CC504",
        _E,
        "stuck",
        "A playthrough reaches a node where the conditions hide every choice, so the "
        "visitor cannot go on. The message names the path and the variable values.",
        "  n1:\n"
        "    ...\n"
        '      - {id: take, ..., go: n2, effects: ["gifts += 500"]}\n'
        "      - {id: look, ..., go: n2}\n"
        "  n2:\n"
        "    ...\n"
        '      - {id: keep, ..., go: e_end, when: "gifts > 0"}',
    ),
    CodeInfo(
        "CC505",
        _W,
        "choice-never-offered",
        "The choice's `when` condition is false in every explored state of its node.",
        '      - {id: take, ..., go: n2, effects: ["gifts += 500"]}\n'
        "    ...\n"
        '      - {id: more, ..., go: e_end, when: "gifts > 1000"}',
    ),
    CodeInfo(
        "CC506",
        _W,
        "line-never-shown",
        "The line's `when` condition is false in every explored state of its node.",
        '      - {id: take, ..., go: n2, effects: ["gifts += 500"]}\n'
        "    ...\n"
        '      - {id: hint, speaker: narrator, ..., when: "gifts > 9000"}',
    ),
    CodeInfo(
        "CC507",
        _E,
        "loop-without-exit",
        "A set of nodes leads only to each other: no choice from them leads, even "
        "indirectly, to an ending.",
        "  n2:\n"
        "    ...\n"
        "      - {id: wait, ..., go: n3}\n"
        "  n3:\n"
        "    ...\n"
        "      - {id: back, ..., go: n2}",
    ),
    CodeInfo(
        "CC508",
        _E,
        "trapped",
        "A playthrough reaches a state from which the conditions allow no way to any "
        "ending: every choice still offered leads back into the same states.",
        "      - {id: look, ..., go: n2}\n"
        "  n2:\n"
        "    ...\n"
        "      - {id: wait, ..., go: n3}\n"
        '      - {id: leave, ..., go: e_end, when: "gifts > 0"}\n'
        "  n3:\n"
        "    ...\n"
        "      - {id: back, ..., go: n2}",
    ),
    CodeInfo(
        "CC509",
        _W,
        "state-bound",
        "The exploration of play states stopped at its bound, so the checks that "
        "depend on conditions (CC502 to CC508, CC510, CC511) are incomplete. A "
        "counter that grows in a loop has no bound.",
        '      - {id: wait, ..., go: n1, effects: ["gifts += 1"]}',
    ),
    # The escalation ladder.
    CodeInfo(
        "CC510",
        _E,
        "ladder-skip",
        "A rung move on some path skips rungs or goes down, and the scenario's "
        "`skips` has no entry for it.",
        '      - {id: report, ..., go: e_end, effects: ["rung -> case_filed"]}',
    ),
    CodeInfo(
        "CC511",
        _W,
        "unused-skip",
        "A `skips` entry is used by no explored path, or it declares a normal "
        "one-rung climb that needs no entry.",
        "skips:\n  - {from: none, to: case_filed, why: ...}",
    ),
    # Variables.
    CodeInfo(
        "CC520",
        _W,
        "variable-never-set",
        "A variable is read but no effect sets it, so it always has its initial value.",
        "variables:\n"
        "  lied: {type: bool, initial: false}\n"
        "...\n"
        '      - {id: stay, ..., go: e_end, when: "not lied"}',
    ),
    CodeInfo(
        "CC521",
        _W,
        "variable-never-read",
        "Effects set a variable, but no condition or effect value reads it.",
        "variables:\n"
        "  lied: {type: bool, initial: false}\n"
        "...\n"
        '      - {id: lie, ..., go: e_end, effects: ["lied = true"]}',
    ),
    CodeInfo(
        "CC522",
        _W,
        "variable-unused",
        "A variable is declared but nothing sets or reads it.",
        "variables:\n  mood: {type: int, initial: 0}",
    ),
    # Copy-paste and completeness.
    CodeInfo(
        "CC530",
        _W,
        "duplicate-choice",
        "Two choices of one node go to the same target with the same effects, "
        "condition and tactic; one is probably a copy.",
        "      - {id: refuse, ..., go: e_end}\n      - {id: decline, ..., go: e_end}",
    ),
    CodeInfo(
        "CC531",
        _W,
        "ending-without-cases",
        "An ending names no `cases`, so the epilogue is not tied to a real case.",
        "  e_end: {kind: kept_integrity, scene: office, ..., legal_basis: []}",
    ),
    CodeInfo(
        "CC540",
        _E,
        "duplicate-scenario-id",
        "Two scenario files validated together have the same id, so `play ID` and "
        "the menu cannot tell them apart.",
        "id: broken",
    ),
    CodeInfo(
        "CC541",
        _W,
        "id-not-file-name",
        "The scenario's id differs from its file name; `play` finds a scenario by its "
        "file name first, so keep the two the same.",
        "id: broken",
    ),
    CodeInfo(
        "CC590",
        _E,
        "internal-error",
        "A check failed with an unexpected error. The other checks still ran; please "
        "report the message with the scenario file.",
        "(no example: this is a bug in the validator)",
    ),
    # Texts.
    CodeInfo(
        "CC600",
        _W,
        "untranslated",
        "The Chinese and English texts are identical, so one of them is probably an "
        "untranslated copy.",
        "      - {id: take, text: {zh: 收下, en: 收下}, go: e_end}",
    ),
    CodeInfo(
        "CC601",
        _W,
        "zh-without-chinese",
        "The `zh` text has no Chinese character at all.",
        "      - {id: refuse, text: {zh: Refuse, en: Refuse it}, go: e_end}",
    ),
    CodeInfo(
        "CC602",
        _W,
        "en-mostly-chinese",
        "More than half of the letters in the `en` text are Chinese characters.",
        "      - {id: refuse, text: {zh: 拒绝, en: 拒绝他}, go: e_end}",
    ),
    CodeInfo(
        "CC603",
        _W,
        "stale-translation",
        "The Chinese text changed after its English translation was imported, so "
        "the English may no longer match. The record is <scenario>.translations.yaml.",
        "      - {id: take, text: {zh: 收下, en: Take it}, go: e_end}",
    ),
    CodeInfo(
        "CC604",
        _E,
        "translation-record-invalid",
        "The translation record beside the scenario (<scenario>.translations.yaml) "
        "cannot be read, so outdated translations cannot be found.",
        "format: 1",
    ),
    CodeInfo(
        "CC610",
        _W,
        "line-too-long",
        "A dialogue line is longer than the dialogue panel shows at a readable size "
        "(90 characters in Chinese, 220 in English).",
        "          zh: 他讲了很久。\n"
        '          en: "He talks for a long time about the project, the budget, ...',
    ),
    CodeInfo(
        "CC611",
        _W,
        "choice-too-long",
        "A choice text is longer than a choice button shows at a readable size (30 "
        "characters in Chinese, 80 in English).",
        "      - {id: refuse, text: {zh: 我不能收下这份礼物，请你把它带回去，"
        "也请你以后千万不要再送东西来了, en: Refuse}, go: e_end}",
    ),
    # Assets.
    CodeInfo(
        "CC612",
        _W,
        "control-character-in-text",
        "A text contains a control character, usually made by an escape such as \\e "
        "or \\a inside double quotes.",
        '      - {id: take, text: {zh: 收下, en: "Take\\a it"}, go: e_end}',
    ),
    CodeInfo(
        "CC613",
        _W,
        "glyph-missing",
        "A text uses a character that the game's font has no glyph for, such as an "
        "emoji, so a visitor would see an empty box.",
        "      - {id: take, text: {zh: 收下🙂, en: Take it}, go: e_end}",
    ),
    CodeInfo(
        "CC620",
        _E,
        "asset-outside",
        "An `audio` path is absolute or climbs out of assets/ with '..'.",
        "audio: {zh: ../../etc/passwd}",
    ),
    CodeInfo(
        "CC621",
        _E,
        "asset-missing",
        "An `audio` path names no file under assets/.",
        "audio: {en: narration/missing.ogg}",
    ),
)

for _info in _TABLE:
    register(_info)

VALIDATOR_CODES = tuple(info.code for info in _TABLE)
