"""The condition and effect language, parsed by hand and never evaluated as Python.

Grammar (docs/scenario-format.md has the author's version)::

    condition  := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum (CMP sum)?
    sum        := atom (("+" | "-") atom)*
    atom       := INTEGER | "true" | "false" | NAME | "(" or ")"
    effect     := NAME ("=" | "+=" | "-=") or  |  "rung" "->" NAME

A NAME is a declared variable, the word `rung` (the current rung) or a rung id.
Rung values compare by their ladder index.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

INT, BOOL, RUNG = "int", "bool", "rung"

_TOKEN = re.compile(
    r"\s*(?:(?P<int>\d+(?:_\d+)*)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>->|\+=|-=|==|!=|<=|>=|[-+<>=()]))"
)
_KEYWORDS = {"and", "or", "not", "true", "false"}
_COMPARE = {"==", "!=", "<", "<=", ">", ">="}


class ExprError(ValueError):
    """A syntax or type error, with the 0-based character offset inside the text."""

    def __init__(
        self, message: str, offset: int, code: str = "CC400", hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.offset = offset
        self.code = code
        self.hint = hint


@dataclass(frozen=True)
class Token:
    kind: str  # "int", "name", "op" or "end"
    text: str
    offset: int


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            bad = len(text[position:]) - len(text[position:].lstrip()) + position
            raise ExprError(f"unexpected character {text[bad]!r}", bad)
        kind = match.lastgroup or "op"
        tokens.append(Token(kind, match.group(kind), match.start(kind)))
        position = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


# --- Expression tree -------------------------------------------------------------


@dataclass(frozen=True)
class Expr:
    offset: int

    def names(self) -> set[str]:
        return set()


@dataclass(frozen=True)
class Literal(Expr):
    value: int | bool

    def __str__(self) -> str:
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        return str(self.value)


@dataclass(frozen=True)
class Name(Expr):
    name: str

    def names(self) -> set[str]:
        return {self.name}

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Unary(Expr):
    op: str
    operand: Expr

    def names(self) -> set[str]:
        return self.operand.names()

    def __str__(self) -> str:
        return f"not {self.operand}"


@dataclass(frozen=True)
class Binary(Expr):
    op: str
    left: Expr
    right: Expr

    def names(self) -> set[str]:
        return self.left.names() | self.right.names()

    def __str__(self) -> str:
        return f"({self.left} {self.op} {self.right})"


# --- Parser ----------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def take(self, text: str | None = None) -> Token:
        token = self.token
        if text is not None and token.text != text:
            found = token.text or "the end"
            raise ExprError(f"expected '{text}' but found '{found}'", token.offset)
        self.index += 1
        return token

    def at(self, *texts: str) -> bool:
        return self.token.kind in ("op", "name") and self.token.text in texts

    def parse_or(self) -> Expr:
        left = self.parse_and()
        while self.at("or"):
            offset = self.take().offset
            left = Binary(offset, "or", left, self.parse_and())
        return left

    def parse_and(self) -> Expr:
        left = self.parse_not()
        while self.at("and"):
            offset = self.take().offset
            left = Binary(offset, "and", left, self.parse_not())
        return left

    def parse_not(self) -> Expr:
        if self.at("not"):
            offset = self.take().offset
            return Unary(offset, "not", self.parse_not())
        return self.parse_comparison()

    def parse_comparison(self) -> Expr:
        left = self.parse_sum()
        if self.token.kind == "op" and self.token.text in _COMPARE:
            token = self.take()
            right = self.parse_sum()
            if self.token.kind == "op" and self.token.text in _COMPARE:
                raise ExprError(
                    "comparisons cannot be chained; join them with 'and'",
                    self.token.offset,
                )
            return Binary(token.offset, token.text, left, right)
        return left

    def parse_sum(self) -> Expr:
        left = self.parse_atom()
        while self.at("+", "-"):
            token = self.take()
            left = Binary(token.offset, token.text, left, self.parse_atom())
        return left

    def parse_atom(self) -> Expr:
        token = self.token
        if token.kind == "int":
            self.take()
            return Literal(token.offset, int(token.text.replace("_", "")))
        if token.kind == "name" and token.text in ("true", "false"):
            self.take()
            return Literal(token.offset, token.text == "true")
        if token.kind == "name" and token.text not in _KEYWORDS:
            self.take()
            return Name(token.offset, token.text)
        if token.text == "(":
            self.take()
            inner = self.parse_or()
            self.take(")")
            return inner
        found = token.text or "the end"
        raise ExprError(f"expected a value but found '{found}'", token.offset)

    def expect_end(self) -> None:
        if self.token.kind != "end":
            raise ExprError(f"unexpected '{self.token.text}'", self.token.offset)


def parse_condition(text: str) -> Expr:
    """Parse a condition; raises ExprError with the offset of the problem."""
    parser = _Parser(text)
    if parser.token.kind == "end":
        raise ExprError("the condition is empty", 0)
    expr = parser.parse_or()
    parser.expect_end()
    return expr


@dataclass(frozen=True)
class Effect:
    """One effect: `target op value`, where op is =, +=, -= or -> (a rung move)."""

    target: str
    op: str
    value: Expr
    offset: int
    source: str

    def __str__(self) -> str:
        return self.source


def parse_effect(text: str) -> Effect:
    """Parse one effect statement; raises ExprError."""
    parser = _Parser(text)
    first = parser.token
    if first.kind != "name" or first.text in _KEYWORDS:
        found = first.text or "the end"
        raise ExprError(f"an effect starts with a variable or 'rung', not '{found}'", 0)
    parser.take()
    op = parser.token
    if op.text == "->":
        if first.text != "rung":
            raise ExprError("only 'rung' moves with '->'", op.offset)
        parser.take()
        target = parser.token
        if target.kind != "name":
            raise ExprError("expected a rung id after '->'", target.offset)
        parser.take()
        parser.expect_end()
        return Effect("rung", "->", Name(target.offset, target.text), 0, text.strip())
    if op.text not in ("=", "+=", "-="):
        found = op.text or "the end"
        raise ExprError(
            f"expected '=', '+=', '-=' or '->' but found '{found}'", op.offset
        )
    if first.text == "rung":
        raise ExprError("move the rung with 'rung -> RUNG_ID'", op.offset)
    parser.take()
    value = parser.parse_or()
    parser.expect_end()
    return Effect(first.text, op.text, value, 0, text.strip())


# --- Types -----------------------------------------------------------------------


def infer_type(expr: Expr, types: Mapping[str, str]) -> str:
    """Return the type of `expr` given variable and rung types; raises ExprError.

    `types` maps each known name to INT, BOOL or RUNG. An unknown name raises an
    ExprError with code CC302.
    """
    if isinstance(expr, Literal):
        return BOOL if isinstance(expr.value, bool) else INT
    if isinstance(expr, Name):
        if expr.name not in types:
            raise ExprError(f"unknown variable '{expr.name}'", expr.offset, "CC302")
        return types[expr.name]
    if isinstance(expr, Unary):
        _require(expr.operand, BOOL, types, "'not' needs a true/false value")
        return BOOL
    assert isinstance(expr, Binary)
    if expr.op in ("and", "or"):
        _require(expr.left, BOOL, types, f"'{expr.op}' joins true/false values")
        _require(expr.right, BOOL, types, f"'{expr.op}' joins true/false values")
        return BOOL
    if expr.op in ("+", "-"):
        _require(expr.left, INT, types, f"'{expr.op}' needs numbers")
        _require(expr.right, INT, types, f"'{expr.op}' needs numbers")
        return INT
    left, right = infer_type(expr.left, types), infer_type(expr.right, types)
    if left != right:
        raise ExprError(
            f"'{expr.op}' compares {with_article(left)} with {with_article(right)}",
            expr.offset,
            "CC401",
        )
    if left == BOOL and expr.op not in ("==", "!="):
        raise ExprError(f"'{expr.op}' needs numbers or rungs", expr.offset, "CC401")
    return BOOL


def _require(expr: Expr, wanted: str, types: Mapping[str, str], message: str) -> None:
    found = infer_type(expr, types)
    if found != wanted:
        raise ExprError(
            f"{message}, but this is {with_article(found)}", expr.offset, "CC401"
        )


def with_article(type_name: str) -> str:
    """Return the type name with its article: 'an int', 'a bool'."""
    return f"an {type_name}" if type_name == INT else f"a {type_name}"


# --- Evaluation ------------------------------------------------------------------

_OPERATORS: dict[str, Callable[[object, object], object]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,  # type: ignore[operator]
    "<=": lambda a, b: a <= b,  # type: ignore[operator]
    ">": lambda a, b: a > b,  # type: ignore[operator]
    ">=": lambda a, b: a >= b,  # type: ignore[operator]
    "+": lambda a, b: a + b,  # type: ignore[operator]
    "-": lambda a, b: a - b,  # type: ignore[operator]
}


def evaluate(expr: Expr, values: Mapping[str, int | bool]) -> int | bool:
    """Evaluate a type-checked expression. Rung names map to their ladder index."""
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, Name):
        return values[expr.name]
    if isinstance(expr, Unary):
        return not evaluate(expr.operand, values)
    assert isinstance(expr, Binary)
    if expr.op == "and":
        return bool(evaluate(expr.left, values)) and bool(evaluate(expr.right, values))
    if expr.op == "or":
        return bool(evaluate(expr.left, values)) or bool(evaluate(expr.right, values))
    return _OPERATORS[expr.op](
        evaluate(expr.left, values), evaluate(expr.right, values)
    )
