"""Diagnostics for scenario authors: stable codes, positions and rendering."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .codes import CODES, Severity

# Characters of a long source line shown around the spot of a diagnostic.
EXCERPT_WIDTH = 100


@dataclass(frozen=True, order=True)
class Span:
    """A position in a source file; `line` and `col` are 1-based."""

    path: str
    line: int
    col: int
    length: int = 1


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a scenario file.

    :param code: a stable code from :data:`game.scenario.codes.CODES`.
    :param message: one sentence that quotes the bad value.
    :param span: where the problem is, or None for a whole-file problem.
    :param suggestion: what to write instead, when there is a likely fix.
    """

    code: str
    message: str
    span: Span | None = None
    suggestion: str | None = None

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    def sort_key(self) -> tuple:
        if self.span is None:
            return ("", 0, 0, self.code)
        return (self.span.path, self.span.line, self.span.col, self.code)

    def headline(self) -> str:
        where = "<unknown>"
        if self.span is not None:
            where = f"{self.span.path}:{self.span.line}:{self.span.col}"
        return f"{where}: {self.severity.value} {self.code}: {self.message}"

    def render(self, source_lines: Sequence[str] | None = None) -> str:
        """Format the headline, the source line with a caret, and the suggestion."""
        parts = [self.headline()]
        span = self.span
        if span is not None and source_lines and 0 < span.line <= len(source_lines):
            text = source_lines[span.line - 1].rstrip("\r\n").expandtabs(1)
            start = span.col - 1
            length = min(span.length, EXCERPT_WIDTH)
            # On a long line, show a window around the spot, marked with "…".
            first, last = 0, len(text)
            if len(text) > EXCERPT_WIDTH:
                first = max(0, start - EXCERPT_WIDTH // 2)
                last = min(len(text), max(start + length, first + EXCERPT_WIDTH))
            before = "…" if first > 0 else ""
            after = "…" if last < len(text) else ""
            number = f"{span.line:>5} | "
            parts.append(number + before + text[first:last] + after)
            pad = " " * (len(number) - 2) + "| "
            caret = " " * _display_width(before + text[first:start])
            width = max(1, _display_width(text[start : start + length]))
            parts.append(pad + caret + "^" * width)
        if self.suggestion:
            parts.append(f"      = help: {self.suggestion}")
        return "\n".join(parts)

    def to_json(self) -> dict:
        span = self.span
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": span.path if span else None,
            "line": span.line if span else None,
            "col": span.col if span else None,
            "suggestion": self.suggestion,
        }


def _display_width(text: str) -> int:
    """Return the terminal width of text: CJK characters take two columns."""
    width = 0
    for char in text:
        width += 2 if "\u2e80" <= char <= "\uffef" else 1
    return width


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate most like `name`, or None when nothing is close."""
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    match = closest(name, candidates)
    return f"did you mean '{match}'?" if match else None


class DiagnosticList:
    """Collects diagnostics for one or more files and renders them in line order."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []
        self._seen: set[Diagnostic] = set()
        self._sources: dict[str, list[str]] = {}

    def add_source(self, path: str, text: str) -> None:
        self._sources[path] = text.splitlines()

    def add(
        self,
        code: str,
        message: str,
        span: Span | None = None,
        suggestion: str | None = None,
    ) -> Diagnostic:
        if code not in CODES:
            raise KeyError(f"undocumented diagnostic code {code!r}")
        diagnostic = Diagnostic(code, message, span, suggestion)
        if diagnostic not in self._seen:  # one problem is reported once
            self._seen.add(diagnostic)
            self.items.append(diagnostic)
        return diagnostic

    def extend(self, other: DiagnosticList) -> None:
        for diagnostic in other.items:
            if diagnostic not in self._seen:
                self._seen.add(diagnostic)
                self.items.append(diagnostic)
        self._sources.update(other._sources)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        unique = dict.fromkeys(self.items)
        return sorted(unique, key=Diagnostic.sort_key)

    def render(self) -> str:
        blocks = []
        for diagnostic in self.sorted():
            path = diagnostic.span.path if diagnostic.span else ""
            blocks.append(diagnostic.render(self._sources.get(path)))
        return "\n".join(blocks)

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        error_word = "error" if errors == 1 else "errors"
        warning_word = "warning" if warnings == 1 else "warnings"
        return f"{errors} {error_word}, {warnings} {warning_word}"


def display_path(path: Path) -> str:
    """Return `path` relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside, unreadable, symlink loop
        return str(path)
