"""Checks on how the declared variables are read and set."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.scenario import expr
from game.scenario.diagnostics import Span
from game.scenario.model import Scenario

if TYPE_CHECKING:
    from .validate import Context


@dataclass(frozen=True)
class Use:
    """One place that reads or sets a variable."""

    span: Span | None
    where: str

    def sort_key(self) -> tuple[int, int]:
        return (self.span.line, self.span.col) if self.span else (0, 0)


def find_uses(scenario: Scenario) -> tuple[dict[str, list[Use]], dict[str, list[Use]]]:
    """Return the places that read and the places that set each variable.

    A condition reads its variables and an effect reads the ones in its value; the
    target of `x += 1` is set, not read.
    """
    reads: dict[str, list[Use]] = {}
    sets: dict[str, list[Use]] = {}

    def read(names: set[str], span: Span | None, where: str) -> None:
        for name in names & set(scenario.variables):
            reads.setdefault(name, []).append(Use(span, where))

    def effect(item: expr.Effect, span: Span | None, where: str) -> None:
        if item.op == "->":
            return
        sets.setdefault(item.target, []).append(Use(span, where))
        read(item.value.names(), span, where)

    for step in [*scenario.nodes.values(), *scenario.endings.values()]:
        for index, item in enumerate(step.enter):
            effect(item, step.spans.get(f"enter[{index}]"), f"'{step.id}' (enter)")
        for line in step.lines:
            if line.when is not None:
                read(line.when.expr.names(), line.spans.get("when"), _at(step, line))
        for choice in step.choices:
            where = _at(step, choice)
            if choice.when is not None:
                read(choice.when.expr.names(), choice.spans.get("when"), where)
            for index, item in enumerate(choice.effects):
                effect(item, choice.spans.get(f"effects[{index}]"), where)
    return reads, sets


def check_variables(context: Context) -> None:
    """CC520, CC521, CC522: variables never set, never read, or not used at all."""
    scenario = context.scenario
    reads, sets = find_uses(scenario)
    for variable in scenario.variables.values():
        read, written = reads.get(variable.id), sets.get(variable.id)
        if read and not written:
            first = min(read, key=Use.sort_key)
            initial = expr.Literal(0, variable.initial)
            context.add(
                "CC520",
                f"variable '{variable.id}' is read in {first.where} but no effect "
                f"sets it, so it is always {initial}",
                first.span,
                f"add an effect that sets '{variable.id}', or write {initial} instead",
            )
        elif written and not read:
            first = min(written, key=Use.sort_key)
            context.add(
                "CC521",
                f"variable '{variable.id}' is set in {first.where} but no condition "
                "or effect reads it",
                first.span,
                f"use '{variable.id}' in a `when` condition, or remove it",
            )
        elif not read and not written:
            context.add(
                "CC522",
                f"variable '{variable.id}' is declared but never set or read",
                variable.span,
                "remove the declaration",
            )


def _at(step, part) -> str:
    return f"'{step.id}/{part.id}'"
