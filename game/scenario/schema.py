"""Declarative definitions of the scenario format, and the checker that applies them.

The same definitions drive the loader (:func:`check`) and the JSON Schema shipped for
editors (:mod:`game.scenario.jsonschema`), so the two cannot drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import DiagnosticList, Span, closest, did_you_mean
from .yamlsource import STR_TAG, Document

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
_INT_PATTERN = re.compile(r"^[-+]?[0-9]+$")
# Longer than any panel or card shows; a longer text is a paste by mistake, and
# drawing it would stall the player.
MAX_TEXT_LENGTH = 4000
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}


# --- Kinds of value --------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    doc: str = ""


@dataclass(frozen=True)
class TextKind(Kind):
    """A bilingual text: a mapping with non-empty `zh` and `en`."""


@dataclass(frozen=True)
class StrKind(Kind):
    max_length: int | None = None


@dataclass(frozen=True)
class IdKind(Kind):
    """An id: lower-case letters, digits and underscores, starting with a letter."""


@dataclass(frozen=True)
class IntKind(Kind):
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class FloatKind(Kind):
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class BoolKind(Kind):
    pass


@dataclass(frozen=True)
class ScalarKind(Kind):
    """An integer or a boolean, checked against a declared type later."""


@dataclass(frozen=True)
class EnumKind(Kind):
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColourKind(Kind):
    pass


@dataclass(frozen=True)
class ExprKind(Kind):
    """A condition or an effect, kept as text and parsed by the loader."""

    effect: bool = False


@dataclass(frozen=True)
class ListKind(Kind):
    item: Kind = field(default_factory=Kind)
    min_items: int = 0


@dataclass(frozen=True)
class MapKind(Kind):
    """A mapping from ids to values of one kind."""

    value: Kind = field(default_factory=Kind)
    min_items: int = 0


@dataclass(frozen=True)
class Field:
    kind: Kind
    required: bool = False


@dataclass(frozen=True)
class RecordKind(Kind):
    name: str = ""
    fields: dict[str, Field] = field(default_factory=dict)


# --- Checked values --------------------------------------------------------------


@dataclass
class Record:
    """A checked mapping with its span and the span of each field's value."""

    values: dict[str, Any]
    span: Span
    spans: dict[str, Span]
    key_span: Span | None = None

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


@dataclass
class Scalar:
    """A checked scalar inside a list, with its span and YAML quoting style."""

    value: Any
    span: Span
    style: str | None


# --- The checker -----------------------------------------------------------------


class Checker:
    """Walks YAML nodes against kinds, collecting every problem found."""

    def __init__(self, document: Document, diagnostics: DiagnosticList) -> None:
        self.document = document
        self.diagnostics = diagnostics

    def span(self, node: yaml.Node) -> Span:
        return self.document.span(node)

    def error(self, code: str, message: str, node: yaml.Node, hint: str | None = None):
        self.diagnostics.add(code, message, self.span(node), hint)

    def check(self, node: yaml.Node, kind: Kind, where: str) -> Any:
        """Return the checked value of `node`, or None after reporting a problem."""
        if id(node) in self.document.rejected:
            return None
        method = getattr(self, "_check_" + type(kind).__name__)
        return method(node, kind, where)

    # Scalars ---------------------------------------------------------------------

    def _scalar(self, node: yaml.Node, where: str, expected: str) -> str | None:
        if isinstance(node, yaml.ScalarNode):
            return node.value
        found = "a mapping" if isinstance(node, yaml.MappingNode) else "a list"
        self.error("CC202", f"{where} must be {expected}, not {found}", node)
        return None

    def _text_scalar(self, node: yaml.Node, where: str, expected: str) -> str | None:
        value = self._scalar(node, where, expected)
        if value is None:
            return None
        if node.tag == STR_TAG or bool(node.style):
            return value
        if value in _NULL_WORDS:
            self.error(
                "CC108" if value else "CC202",
                f"{where} has no value"
                if not value
                else f"{where} is '{value}', which YAML reads as null (no value)",
                node,
                f"write {expected} here" if not value else f"quote it: '{value}'",
            )
            return None
        self.error(
            "CC108",
            f"{where} is '{value}', which YAML 1.1 reads as {read_as(node.tag)}, "
            "not text",
            node,
            f"quote it: '{value}'" if "'" not in value else f'quote it: "{value}"',
        )
        return None

    def _check_StrKind(self, node: yaml.Node, kind: StrKind, where: str) -> str | None:
        return self._text_scalar(node, where, "a text")

    def _check_IdKind(self, node: yaml.Node, kind: IdKind, where: str) -> str | None:
        value = self._text_scalar(node, where, "an id")
        if value is None:
            return None
        if not ID_PATTERN.match(value):
            suggestion = re.sub(r"[^a-z0-9_]+", "_", value.lower()).strip("_")
            hint = (
                f"for example '{suggestion}'" if ID_PATTERN.match(suggestion) else None
            )
            hidden = sorted(
                {char for char in value if unicodedata.category(char) in ("Cf", "Zs")}
                - {" "}
            )
            if hidden:
                codes = ", ".join(f"U+{ord(char):04X}" for char in hidden)
                hint = f"it contains the invisible character(s) {codes}; delete them"
            self.error(
                "CC203",
                f"{where} '{value}' is not a valid id (lower-case letters, digits and "
                "'_', starting with a letter)",
                node,
                hint,
            )
            return None
        return value

    def _check_IntKind(self, node: yaml.Node, kind: IntKind, where: str) -> int | None:
        value = self._scalar(node, where, "a whole number")
        if value is None:
            return None
        if bool(node.style) or not _INT_PATTERN.match(value):
            self.error(
                "CC202" if bool(node.style) else "CC108",
                f"{where} must be a plain whole number, not '{value}'",
                node,
                "write digits only, without quotes, leading zeros or ':'",
            )
            return None
        number = int(value)
        if len(value.lstrip("+-")) > 1 and value.lstrip("+-").startswith("0"):
            self.error(
                "CC108",
                f"{where} '{value}' starts with 0, which YAML 1.1 reads as octal",
                node,
                f"write {number} without the leading zero",
            )
            return None
        return self._in_range(node, kind, where, number)

    def _check_FloatKind(self, node: yaml.Node, kind: FloatKind, where: str):
        value = self._scalar(node, where, "a number")
        if value is None:
            return None
        try:
            number = float(value) if not node.style else None
        except ValueError:
            number = None
        if number is None or node.tag not in (
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:int",
        ):
            self.error("CC202", f"{where} must be a number, not '{value}'", node)
            return None
        return self._in_range(node, kind, where, number)

    def _in_range(self, node: yaml.Node, kind: Any, where: str, number: float):
        low, high = kind.minimum, kind.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            self.error(
                "CC209",
                f"{where} is {value_text(number)}, outside {value_text(low)} to "
                f"{value_text(high)}",
                node,
            )
            return None
        return number

    def _check_BoolKind(self, node: yaml.Node, kind: BoolKind, where: str):
        value = self._scalar(node, where, "true or false")
        if value is None:
            return None
        if not node.style and value in ("true", "false"):
            return value == "true"
        self.error(
            "CC108" if node.tag == "tag:yaml.org,2002:bool" else "CC202",
            f"{where} must be true or false, not '{value}'",
            node,
            "write true or false (YAML 1.1 also reads yes/no/on/off, which is unclear)",
        )
        return None

    def _check_ScalarKind(self, node: yaml.Node, kind: ScalarKind, where: str):
        value = self._scalar(node, where, "a number or true/false")
        if value is None:
            return None
        if not node.style and value in ("true", "false"):
            return value == "true"
        if not node.style and _INT_PATTERN.match(value):
            return self._check_IntKind(node, IntKind(), where)
        self.error(
            "CC108" if not node.style else "CC202",
            f"{where} must be a whole number or true/false, not '{value}'",
            node,
        )
        return None

    def _check_EnumKind(self, node: yaml.Node, kind: EnumKind, where: str):
        value = self._text_scalar(node, where, "one of " + ", ".join(kind.values))
        if value is None:
            return None
        if value not in kind.values:
            hint = did_you_mean(value, kind.values) or "use one of: " + ", ".join(
                kind.values
            )
            self.error("CC205", f"{where} '{value}' is not allowed", node, hint)
            return None
        return value

    def _check_ColourKind(self, node: yaml.Node, kind: ColourKind, where: str):
        value = self._text_scalar(node, where, "a colour such as '#4a5a7a'")
        if value is None:
            return None
        if not COLOUR_PATTERN.match(value):
            self.error(
                "CC205",
                f"{where} '{value}' is not a colour",
                node,
                "write '#rrggbb' in quotes, for example '#4a5a7a'",
            )
            return None
        return value

    def _check_ExprKind(self, node: yaml.Node, kind: ExprKind, where: str):
        value = self._text_scalar(node, where, "an expression in quotes")
        if value is None:
            return None
        return Scalar(value, self.span(node), node.style)

    # Collections -----------------------------------------------------------------

    def _check_TextKind(self, node: yaml.Node, kind: TextKind, where: str):
        if not isinstance(node, yaml.MappingNode):
            shown = f" '{node.value}'" if isinstance(node, yaml.ScalarNode) else ""
            self.error(
                "CC202",
                f"{where} must be a bilingual text{shown}",
                node,
                "write {zh: 中文, en: English}",
            )
            return None
        texts: dict[str, str] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else ""
            if name not in ("zh", "en"):
                self.error(
                    "CC201",
                    f"{where} has the key '{name}'; a text has only 'zh' and 'en'",
                    key,
                    did_you_mean(name, ("zh", "en")),
                )
                continue
            text = self._text_scalar(value, child(where, name), "a text")
            if text is None:
                continue
            self._check_comment_after(value, child(where, name))
            if not text.strip():
                self.error("CC204", f"{where}.{name} is empty", value)
                continue
            if len(text) > MAX_TEXT_LENGTH:
                self.error(
                    "CC210",
                    f"{where}.{name} is {len(text):,} characters long; no screen "
                    f"shows more than {MAX_TEXT_LENGTH:,}",
                    value,
                    "shorten it, or split it into several lines or paragraphs",
                )
                continue
            texts[name] = text
        for language, label in (("zh", "Chinese"), ("en", "English")):
            if language not in texts and not any(
                isinstance(k, yaml.ScalarNode) and k.value == language
                for k, _ in node.value
            ):
                self.error(
                    "CC204",
                    f"{where} has no {label} text ('{language}')",
                    node,
                    f"add {language}: …",
                )
        if len(texts) != 2:
            return None
        return texts

    def _check_comment_after(self, node: yaml.ScalarNode, where: str) -> None:
        """Warn when ' #' after a plain text made the rest of its line a comment."""
        if node.style:
            return
        end = node.end_mark
        line = self.document.line(end.line)
        rest = line[end.column :]
        if rest[:1] in (" ", "\t") and rest.lstrip().startswith("#"):
            cut = rest.lstrip()
            self.diagnostics.add(
                "CC109",
                f"{where} ends at ' #': YAML reads '{cut[:30]}' as a comment, so that "
                "part of the text is lost",
                Span(self.document.path, end.line + 1, end.column + 1, len(rest)),
                f'quote the whole text: "{node.value} {cut}"',
            )

    def _check_ListKind(self, node: yaml.Node, kind: ListKind, where: str):
        if not isinstance(node, yaml.SequenceNode):
            self.error(
                "CC202", f"{where} must be a list", node, "start each item with '- '"
            )
            return None
        if len(node.value) < kind.min_items:
            self.error(
                "CC208", f"{where} needs at least {kind.min_items} item(s)", node
            )
        items = []
        for index, item in enumerate(node.value):
            items.append(self.check(item, kind.item, f"{where} #{index + 1}"))
        return items

    def _check_MapKind(self, node: yaml.Node, kind: MapKind, where: str):
        if not isinstance(node, yaml.MappingNode):
            self.error("CC202", f"{where} must be a mapping from ids to entries", node)
            return None
        if len(node.value) < kind.min_items:
            self.error("CC208", f"{where} needs at least {kind.min_items} entry", node)
        entries: dict[str, Any] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue  # already reported by the tree check
            name = self._check_IdKind(key, IdKind(), f"the id in {where}")
            checked = self.check(value, kind.value, child(where, key.value))
            if name is None or name in entries:
                continue
            if isinstance(checked, Record):
                checked.key_span = self.span(key)
            entries[name] = checked
        return entries

    def _check_RecordKind(self, node: yaml.Node, kind: RecordKind, where: str):
        if not isinstance(node, yaml.MappingNode):
            shown = f" '{node.value}'" if isinstance(node, yaml.ScalarNode) else ""
            place = where or "the file"
            self.error(
                "CC202", f"{place} must be a mapping of {kind.name} keys{shown}", node
            )
            return None
        values: dict[str, Any] = {}
        spans: dict[str, Span] = {}
        near_misses: set[str] = set()
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            name = key.value
            spec = kind.fields.get(name)
            if spec is None:
                if key.tag != STR_TAG and not key.style:
                    self.error(
                        "CC108",
                        f"the key '{name}' in {where} is read by YAML 1.1 as "
                        f"{read_as(key.tag)}",
                        key,
                        f"quote it: '{name}'",
                    )
                    continue
                plain = unicodedata.normalize("NFKC", name).split(":", 1)[0].strip()
                match = closest(plain, kind.fields)
                if match:
                    near_misses.add(match)
                hint = (
                    f"did you mean '{match}'?"
                    if match
                    else "allowed keys: " + ", ".join(kind.fields)
                )
                if plain != name and plain in kind.fields:
                    hint = (
                        f"the key is typed in full-width characters; write '{plain}' "
                        "with the keyboard in English mode"
                    )
                self.error(
                    "CC201",
                    f"{where or 'the scenario'} has an unknown key '{name}'",
                    key,
                    hint,
                )
                continue
            spans[name] = self.span(value)
            values[name] = self.check(value, spec.kind, child(where, name))
        present = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
        for name, spec in kind.fields.items():
            if spec.required and name not in present and name not in near_misses:
                self.error(
                    "CC200",
                    f"{where or 'the scenario'} has no '{name}'",
                    node,
                    f"add {name}: …",
                )
        return Record(values, self.span(node), spans)


_READ_AS = {
    "bool": "a boolean (true/false)",
    "int": "a number",
    "float": "a number",
    "null": "null (no value)",
    "timestamp": "a date",
}


def read_as(tag: str) -> str:
    """Describe what YAML 1.1 turned a plain scalar into, for messages."""
    return _READ_AS.get(tag.rsplit(":", 1)[-1], "a special value")


def child(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def value_text(number: float | None) -> str:
    if number is None:
        return "any"
    if float(number).is_integer():
        return str(int(number))
    return str(number)
