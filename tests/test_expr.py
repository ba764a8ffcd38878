"""The condition and effect language: parsing, types and evaluation."""

from __future__ import annotations

import pytest

from game.scenario import expr

TYPES = {
    "gifts": expr.INT,
    "lied": expr.BOOL,
    "rung": expr.RUNG,
    "case_filed": expr.RUNG,
}
VALUES = {"gifts": 36_500, "lied": True, "rung": 2, "case_filed": 4}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gifts >= 30_000", True),
        ("gifts >= 30000 and not lied", False),
        ("not lied or gifts > 0", True),
        ("gifts - 6500 == 30000", True),
        ("(gifts + 1) > 36500", True),
        ("rung < case_filed", True),
        ("lied == true", True),
        ("not not lied", True),
        ("1 + 2 - 3 == 0", True),
    ],
)
def test_condition_evaluates(text: str, expected: bool) -> None:
    parsed = expr.parse_condition(text)
    assert expr.infer_type(parsed, TYPES) == expr.BOOL
    assert expr.evaluate(parsed, VALUES) is expected


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("gifts >> 5", 7),
        ("gifts >=", 8),
        ("(gifts > 1", 10),
        ("gifts > 1 > 0", 10),
        ("gifts = 1", 6),
        ("", 0),
        ("gifts $ 3", 6),
        ("and gifts", 0),
    ],
)
def test_condition_syntax_error_offset(text: str, offset: int) -> None:
    with pytest.raises(expr.ExprError) as raised:
        expr.parse_condition(text)
    assert raised.value.code == "CC400"
    assert raised.value.offset == offset


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("lied + 1 > 0", "CC401"),
        ("gifts and lied", "CC401"),
        ("not gifts", "CC401"),
        ("lied < true", "CC401"),
        ("gifts == lied", "CC401"),
        ("rung > 3", "CC401"),
        ("gift > 3", "CC302"),
    ],
)
def test_condition_type_errors(text: str, code: str) -> None:
    with pytest.raises(expr.ExprError) as raised:
        expr.infer_type(expr.parse_condition(text), TYPES)
    assert raised.value.code == code


@pytest.mark.parametrize(
    ("text", "target", "op"),
    [
        ("gifts += 500", "gifts", "+="),
        ("gifts -= 1_000", "gifts", "-="),
        ("lied = gifts > 0", "lied", "="),
        ("rung -> case_filed", "rung", "->"),
    ],
)
def test_effect_parses(text: str, target: str, op: str) -> None:
    effect = expr.parse_effect(text)
    assert effect.target == target
    assert effect.op == op
    assert str(effect) == text


@pytest.mark.parametrize(
    "text",
    ["gifts", "gifts ++ 1", "rung = 3", "lied -> case_filed", "rung ->", "500 += 1"],
)
def test_effect_syntax_errors(text: str) -> None:
    with pytest.raises(expr.ExprError):
        expr.parse_effect(text)


def test_names_lists_every_variable_read() -> None:
    parsed = expr.parse_condition("gifts > 0 and (lied or rung >= case_filed)")
    assert parsed.names() == {"gifts", "lied", "rung", "case_filed"}


def test_python_is_never_evaluated() -> None:
    with pytest.raises(expr.ExprError):
        expr.parse_condition("__import__('os').system('true')")
