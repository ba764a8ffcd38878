"""Build a JSON Schema (draft 2020-12) for editors from the format's definitions.

schemas/scenario.schema.json is generated from :func:`build_schema` by
tools/gen_docs.py, and a test fails when the two differ. The schema checks the shape
of a file only; references between parts, expressions and the whole graph are
checked by `python main.py validate`.
"""

from __future__ import annotations

from typing import Any

from .format import SCENARIO
from .schema import (
    COLOUR_PATTERN,
    ID_PATTERN,
    MAX_TEXT_LENGTH,
    BoolKind,
    ColourKind,
    EnumKind,
    ExprKind,
    FloatKind,
    IdKind,
    IntKind,
    Kind,
    ListKind,
    MapKind,
    RecordKind,
    ScalarKind,
    StrKind,
    TextKind,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "Clear Choice 清风抉择 scenario"


def build_schema() -> dict[str, Any]:
    """Return the JSON Schema of a scenario file as a JSON-ready dict."""
    defs: dict[str, Any] = {}
    root = _SchemaBuilder(defs).record_body(SCENARIO)
    return {
        "$schema": DRAFT,
        "title": TITLE,
        **root,
        "$defs": dict(sorted(defs.items())),
    }


class _SchemaBuilder:
    """Turns kinds into schemas, collecting each named record once in `defs`."""

    def __init__(self, defs: dict[str, Any]) -> None:
        self.defs = defs

    def schema(self, kind: Kind) -> dict[str, Any]:
        method = getattr(self, "_" + type(kind).__name__)
        result = method(kind)
        if kind.doc and not isinstance(kind, RecordKind):
            result["description"] = kind.doc
        return result

    def record_body(self, kind: RecordKind) -> dict[str, Any]:
        properties = {name: self.schema(f.kind) for name, f in kind.fields.items()}
        body: dict[str, Any] = {"type": "object"}
        if kind.doc:
            body["description"] = kind.doc
        body["properties"] = properties
        required = [name for name, f in kind.fields.items() if f.required]
        if required:
            body["required"] = required
        body["additionalProperties"] = False
        return body

    def _RecordKind(self, kind: RecordKind) -> dict[str, Any]:
        if not kind.name:
            return self.record_body(kind)
        if kind.name not in self.defs:
            self.defs[kind.name] = {}  # reserved first, so a recursive record ends
            self.defs[kind.name] = self.record_body(kind)
        return {"$ref": f"#/$defs/{kind.name}"}

    def _TextKind(self, kind: TextKind) -> dict[str, Any]:
        if "text" not in self.defs:
            line = {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_TEXT_LENGTH,
                "pattern": r"\S",
            }
            self.defs["text"] = {
                "type": "object",
                "description": "Bilingual text: {zh: 中文, en: English}.",
                "properties": {
                    "zh": {**line, "description": "Chinese."},
                    "en": {**line, "description": "English."},
                },
                "required": ["zh", "en"],
                "additionalProperties": False,
            }
        return {"$ref": "#/$defs/text"}

    def _StrKind(self, kind: StrKind) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "string"}
        if kind.max_length is not None:
            result["maxLength"] = kind.max_length
        return result

    def _IdKind(self, kind: IdKind) -> dict[str, Any]:
        return {"type": "string", "pattern": ID_PATTERN.pattern}

    def _IntKind(self, kind: IntKind) -> dict[str, Any]:
        return _with_range({"type": "integer"}, kind.minimum, kind.maximum)

    def _FloatKind(self, kind: FloatKind) -> dict[str, Any]:
        return _with_range({"type": "number"}, kind.minimum, kind.maximum)

    def _BoolKind(self, kind: BoolKind) -> dict[str, Any]:
        return {"type": "boolean"}

    def _ScalarKind(self, kind: ScalarKind) -> dict[str, Any]:
        return {"type": ["integer", "boolean"]}

    def _EnumKind(self, kind: EnumKind) -> dict[str, Any]:
        return {"enum": list(kind.values)}

    def _ColourKind(self, kind: ColourKind) -> dict[str, Any]:
        return {"type": "string", "pattern": COLOUR_PATTERN.pattern}

    def _ExprKind(self, kind: ExprKind) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}

    def _ListKind(self, kind: ListKind) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "array", "items": self.schema(kind.item)}
        if kind.min_items:
            result["minItems"] = kind.min_items
        return result

    def _MapKind(self, kind: MapKind) -> dict[str, Any]:
        result: dict[str, Any] = {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN.pattern},
            "additionalProperties": self.schema(kind.value),
        }
        if kind.min_items:
            result["minProperties"] = kind.min_items
        return result


def _with_range(
    result: dict[str, Any], minimum: float | None, maximum: float | None
) -> dict[str, Any]:
    if minimum is not None:
        result["minimum"] = minimum
    if maximum is not None:
        result["maximum"] = maximum
    return result
