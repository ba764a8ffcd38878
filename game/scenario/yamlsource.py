"""Read a YAML file into PyYAML nodes, catching the traps of YAML 1.1 on the way.

The file is read as bytes and decoded as UTF-8 whatever the machine's locale is. Only
PyYAML's composer runs: no constructor, so no tag can build a Python object. The
node tree keeps a line and column for every value.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .diagnostics import DiagnosticList, Span

try:  # The C composer is about ten times faster and keeps the same marks.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

STR_TAG = "tag:yaml.org,2002:str"
_RESOLVED_MAX = 50_000


class _CachingLoader(_Loader):
    """The safe loader with a memo of implicit tags for plain scalars.

    Scenario files repeat the same plain words (ids, speakers, scene names) thousands
    of times, and PyYAML's resolver tries each of its regular expressions on every
    one of them.
    """

    _resolved: dict[str, str] = {}

    def resolve(self, kind, value, implicit):  # noqa: ANN001 - PyYAML's signature
        if kind is not yaml.ScalarNode or not implicit[0] or implicit[1]:
            return super().resolve(kind, value, implicit)
        tag = self._resolved.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._resolved) >= _RESOLVED_MAX:
                self._resolved.clear()
            self._resolved[value] = tag
        return tag


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class Document:
    """A composed YAML document with its source text, for spans and carets."""

    path: str
    text: str
    root: yaml.Node
    rejected: set[int] = field(default_factory=set)
    _lines: list[str] | None = field(default=None, repr=False, compare=False)

    def line(self, index: int) -> str:
        """Return the source line with this 0-based index, or '' past the end."""
        if self._lines is None:
            object.__setattr__(self, "_lines", self.text.splitlines())
        lines = self._lines
        return lines[index] if 0 <= index < len(lines) else ""

    def span(self, node: yaml.Node) -> Span:
        mark = node.start_mark
        length = 1
        if isinstance(node, yaml.ScalarNode) and node.end_mark.line == mark.line:
            length = max(1, node.end_mark.column - mark.column)
        return Span(self.path, mark.line + 1, mark.column + 1, length)


def read_document(
    path: Path, shown: str, diagnostics: DiagnosticList
) -> Document | None:
    """Read and compose `path`; add diagnostics and return None when it cannot be used.

    :param shown: the path as it appears in messages.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        diagnostics.add(
            "CC111",
            f"cannot read the file: {error.strerror or error}",
            Span(shown, 1, 1),
            "check the path, that it names a file, and the file's permissions",
        )
        return None

    text = _decode(data, shown, diagnostics)
    if text is None:
        return None
    diagnostics.add_source(shown, text)

    if _has_tabs(text, shown, diagnostics) or _has_control_characters(
        text, shown, diagnostics
    ):
        return None

    documents = _compose_all(text, shown, diagnostics)
    if documents is None:
        return None
    if not documents:
        diagnostics.add(
            "CC106",
            "the file is empty",
            Span(shown, 1, 1),
            "copy scenarios/_template.yaml to start a new scenario",
        )
        return None
    if len(documents) > 1:
        second = documents[1]
        diagnostics.add(
            "CC107",
            f"the file holds {len(documents)} YAML documents separated by '---'",
            Span(shown, second.start_mark.line + 1, 1),
            "keep one scenario in one file; remove the '---' line",
        )
        return None

    document = Document(shown, text, documents[0])
    _check_tree(document, diagnostics)
    _check_aliases(document, diagnostics)
    return document


def _decode(data: bytes, shown: str, diagnostics: DiagnosticList) -> str | None:
    if data.startswith(_UTF16_BOMS):
        diagnostics.add(
            "CC101",
            "the file is UTF-16 text",
            Span(shown, 1, 1),
            "save it as UTF-8 in your editor",
        )
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        diagnostics.add(
            "CC101",
            f"byte 0x{data[error.start]:02x} is not valid UTF-8 "
            "(the file may be saved as GBK or another legacy encoding)",
            Span(shown, line, col),
            "save the file as UTF-8 in your editor",
        )
        return None


# Spaces that look like indentation but that YAML does not count as spaces.
_ODD_SPACES = {
    "\t": "a tab",
    "\u3000": "a full-width space",
    "\u00a0": "a no-break space",
}
# A key at the start of a line followed by the full-width colon of a Chinese keyboard.
_FULL_WIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*：")


def _has_tabs(text: str, shown: str, diagnostics: DiagnosticList) -> bool:
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t\u3000\u00a0"))]
        odd = next((char for char in indent if char in _ODD_SPACES), None)
        if odd is not None:
            diagnostics.add(
                "CC102",
                f"{_ODD_SPACES[odd]} is used for indentation; YAML allows only spaces",
                Span(shown, number, indent.index(odd) + 1),
                "replace it with ordinary spaces (set your editor to insert spaces)",
            )
            found = True
        key = _FULL_WIDTH_KEY.match(line)
        if key is not None:
            column = line.index("：", key.end(2)) + 1
            diagnostics.add(
                "CC112",
                f"the key '{key.group(2)}' is followed by the full-width colon '：'",
                Span(shown, number, column),
                "type the colon with the keyboard in English mode: ':'",
            )
            found = True
    return found


# YAML allows tab, line feed and carriage return, and no other C0 control character,
# nor DEL or the C1 controls other than NEL (U+0085).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")


def _has_control_characters(text: str, shown: str, diagnostics: DiagnosticList) -> bool:
    found = False
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _CONTROL.finditer(line):
            diagnostics.add(
                "CC110",
                f"the control character U+{ord(match.group()):04X} is not allowed in "
                "a YAML file",
                Span(shown, number, match.start() + 1),
                "delete it; it was probably pasted in by accident",
            )
            found = True
    return found


def _compose_all(
    text: str, shown: str, diagnostics: DiagnosticList
) -> list[yaml.Node] | None:
    loader = _CachingLoader(text)
    documents: list[yaml.Node] = []
    try:
        while loader.check_node():
            documents.append(loader.get_node())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        diagnostics.add(
            "CC100",
            f"invalid YAML: {problem}",
            Span(shown, line, col),
            _syntax_hint(problem),
        )
        return None
    except yaml.YAMLError as error:
        diagnostics.add("CC100", f"invalid YAML: {error}", Span(shown, 1, 1))
        return None
    finally:
        loader.dispose()
    return documents


def _syntax_hint(problem: str) -> str | None:
    if "mapping values are not allowed" in problem:
        return "a text containing ': ' must be quoted: \"like: this\""
    if "cannot start any token" in problem:
        return 'quote a text that starts with @, ` or %: "@like this"'
    if "undefined alias" in problem or "expected alphabetic or numeric" in problem:
        return 'quote a text that starts with * or &: "*like this*"'
    if "could not find expected ':'" in problem:
        return "check the indentation and that every key ends with ':'"
    if "did not find expected ',' or '}'" in problem:
        return "a text with ',', ':' or '}' inside {...} must be quoted"
    if "found unexpected end of stream" in problem:
        return "a quote or bracket is not closed"
    return None


def _check_tree(document: Document, diagnostics: DiagnosticList) -> None:
    """Report tags, anchors and duplicate keys anywhere in the tree."""
    lines = document.text.splitlines()
    stack = [document.root]
    while stack:
        node = stack.pop()
        _check_properties(document, lines, node, diagnostics)
        if id(node) in document.rejected:
            continue
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, yaml.Node] = {}
            for key, value in node.value:
                stack.append(value)
                if not isinstance(key, yaml.ScalarNode):
                    diagnostics.add(
                        "CC202",
                        "a key must be a plain word, not a list or mapping",
                        document.span(key),
                    )
                    continue
                _check_properties(document, lines, key, diagnostics)
                if key.value in seen:
                    first = seen[key.value].start_mark.line + 1
                    diagnostics.add(
                        "CC103",
                        f"duplicate key '{key.value}' (first set on line {first}); "
                        "YAML would silently keep only the last value",
                        document.span(key),
                        "remove one of the two or rename it",
                    )
                else:
                    seen[key.value] = key
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*([^\s,\[\]{}]+)")


def _check_aliases(document: Document, diagnostics: DiagnosticList) -> None:
    """Report each place an alias (*name) refers back to an anchor."""
    if not document.rejected:
        return  # no anchor was found, and an alias without one fails to compose
    for number, line in enumerate(document.text.splitlines(), start=1):
        if "*" not in line:
            continue
        for match in _ALIAS.finditer(_outside_quotes(line)):
            diagnostics.add(
                "CC105",
                f"the alias '*{match.group(1)}' repeats an anchored value",
                Span(document.path, number, match.start(1), len(match.group(1)) + 1),
                "write the value out in full here",
            )


def _outside_quotes(line: str) -> str:
    """Blank out quoted parts and comments of a line, keeping its length."""
    result = []
    quote = ""
    for char in line:
        if quote:
            result.append(" ")
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
            result.append(" ")
        elif char == "#" and (not result or result[-1] in " \t"):
            break
        else:
            result.append(char)
    return "".join(result)


def _check_properties(
    document: Document, lines: list[str], node: yaml.Node, diagnostics: DiagnosticList
) -> None:
    # libyaml puts a node's start mark on its properties (anchor and tag), so the
    # first character there shows whether the author wrote one.
    mark = node.start_mark
    if mark.line >= len(lines):
        return
    head = lines[mark.line][mark.column : mark.column + 1]
    if head in ("!", "&"):
        document.rejected.add(id(node))
    if head == "!":
        tag = lines[mark.line][mark.column :].split(None, 1)[0]
        diagnostics.add(
            "CC104",
            f"the YAML tag '{tag}' is not allowed; scenario files hold plain data only",
            document.span(node),
            "remove the tag; for text, quote the value instead",
        )
    elif head == "&":
        diagnostics.add(
            "CC105",
            "anchors and aliases (&name, *name) are not allowed",
            document.span(node),
            "write the value out in full at each place it is used",
        )
