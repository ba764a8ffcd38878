"""Replace scalar values inside YAML source text, keeping everything else as it was.

Each replacement rewrites only the characters of one scalar, so comments, key order,
indentation and the other values stay byte for byte. A new value keeps the style of
the old one (plain, single-quoted, double-quoted, folded `>` or literal `|`) when
that style can represent it exactly. Otherwise it is written double-quoted with
escapes.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

import yaml

STR_TAG = "tag:yaml.org,2002:str"
WRAP_WIDTH = 100  # columns for a folded block scalar, like the shipped scenarios
_PLAIN_BAD_FIRST = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = set(",[]{}")
_BREAKS = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}
_RESOLVER = yaml.resolver.Resolver()


@dataclass(frozen=True)
class Edit:
    """A new value for one scalar node.

    :param in_flow: the scalar sits inside a flow collection such as `{zh: …}`.
    :param indent: the column of the scalar's key, for block scalars.
    """

    node: yaml.ScalarNode
    value: str
    in_flow: bool
    indent: int


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Return `text` with each edit's scalar replaced; edits must not overlap."""
    ordered = sorted(edits, key=lambda e: e.node.start_mark.index, reverse=True)
    for edit in ordered:
        start, end = edit.node.start_mark.index, edit.node.end_mark.index
        body, _ = _split_trailing(text[start:end], edit.node.style)
        text = text[:start] + render_scalar(edit) + text[start + len(body) :]
    return text


def _split_trailing(old: str, style: str | None) -> tuple[str, str]:
    """Split a block scalar's source into its content and what follows its last line.

    The end mark of a block scalar lies after its last line break and any blank
    lines or less indented comments, and all of that must stay.
    """
    if style not in ("|", ">"):
        return old, ""
    lines = old.split("\n")
    content_indent = None
    last = 0
    for number, line in enumerate(lines[1:], start=1):
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        if content_indent is None:
            content_indent = indent
        if indent < content_indent:
            break
        last = number
    body = "\n".join(lines[: last + 1])
    return body, old[len(body) :]


def render_scalar(edit: Edit) -> str:
    """Return the YAML source for the edit's value, in the safest fitting style."""
    value, style = edit.value, edit.node.style
    if style in ("|", ">") and not edit.in_flow:
        block = _block(value, style, edit.indent + 2)
        if block is not None:
            return block
    if not style and plain_ok(value, edit.in_flow):
        return value
    if style == "'" and _printable_line(value):
        return "'" + value.replace("'", "''") + "'"
    return double_quoted(value)


def plain_ok(value: str, in_flow: bool) -> bool:
    """Return whether `value` reads back as the same text when written unquoted."""
    if not _printable_line(value) or value != value.strip():
        return False
    if value[0] in _PLAIN_BAD_FIRST or value.endswith(":"):
        return False
    if ": " in value or " #" in value or "\t" in value:
        return False
    if in_flow and any(char in _FLOW_INDICATORS for char in value):
        return False
    # YAML 1.1 reads yes, no, on, 10:00, 010 or ~ unquoted as booleans, numbers or null.
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == STR_TAG


def _printable_line(value: str) -> bool:
    if not value:
        return False
    return not any(
        ord(char) < 32 or char in "\x7f\ufeff" or char in _BREAKS for char in value
    )


def double_quoted(value: str) -> str:
    """Return `value` as a YAML double-quoted scalar on one line."""
    out = []
    for char in value:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char in _BREAKS:
            out.append(_BREAKS[char])
        elif ord(char) < 32 or char in "\x7f\ufeff":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _block(value: str, style: str, indent: int) -> str | None:
    """Return `value` as a folded or literal block scalar, or None if it cannot be."""
    keep_newline = value.endswith("\n") and not value.endswith("\n\n")
    content = value[:-1] if keep_newline else value
    if not content or content != content.strip(" ") or content.strip("\n") != content:
        return None
    for char in content:
        if (ord(char) < 32 and char != "\n") or char in _BREAKS or char in "\x7f\ufeff":
            return None
    chomp = "" if keep_newline else "-"
    pad = " " * indent
    if style == ">":
        if "\n" in content or "  " in content:
            return None
        lines = textwrap.wrap(
            content,
            width=max(40, WRAP_WIDTH - indent),
            break_long_words=False,
            break_on_hyphens=False,
        )
        if " ".join(lines) != content:
            return None
    else:
        lines = content.split("\n")
        if any(line != line.rstrip(" ") for line in lines) or not lines[0].strip():
            return None
    body = "\n".join(pad + line if line else "" for line in lines)
    return f"{style}{chomp}\n{body}"


_SPACES = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Return `text` with runs of whitespace as one space and no space at either end."""
    return _SPACES.sub(" ", text).strip()
