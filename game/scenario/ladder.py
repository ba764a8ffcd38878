"""Load the shared escalation ladder (scenarios/_shared/ladder.yaml)."""

from __future__ import annotations

import json
from pathlib import Path

from .diagnostics import DiagnosticList, Span, display_path
from .format import LADDER
from .model import Ladder, Rung, Text
from .schema import Checker, Record
from .yamlsource import read_document

_cache: dict[tuple[str, int, int], Ladder] = {}


def load_ladder(path: Path, diagnostics: DiagnosticList) -> Ladder | None:
    """Return the ladder at `path`, or None after adding diagnostics.

    The result is cached by path, size and modification time, so an edited ladder is
    read again.
    """
    shown = display_path(path)
    try:
        stat = path.stat()
    except OSError:
        diagnostics.add(
            "CC450",
            f"the shared ladder file {shown} is missing",
            Span(shown, 1, 1),
            "restore scenarios/_shared/ladder.yaml from the repository",
        )
        return None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key in _cache:
        return _cache[key]

    local = DiagnosticList()
    document = read_document(path, shown, local)
    record = None
    if document is not None:
        record = Checker(document, local).check(document.root, LADDER, "ladder")
    ladder = _build(record, path, shown, local) if record is not None else None
    diagnostics.extend(local)
    if ladder is None or local.has_errors():
        return None
    _cache[key] = ladder
    return ladder


def _build(
    record: Record, path: Path, shown: str, diagnostics: DiagnosticList
) -> Ladder | None:
    rungs: list[Rung] = []
    for item in record.get("rungs") or []:
        if not isinstance(item, Record) or None in item.values.values():
            continue
        values = item.values
        rungs.append(
            Rung(
                values["id"],
                values["index"],
                Text(**values["name"]),
                Text(**values["explanation"]),
                values["source"],
            )
        )
    if diagnostics.has_errors():
        return None
    for position, rung in enumerate(rungs):
        if rung.index != position:
            diagnostics.add(
                "CC450",
                f"rung '{rung.id}' has index {rung.index} but is number {position} in "
                "the list; indexes must count up from 0 in order",
                Span(shown, 1, 1),
            )
    if rungs and rungs[0].id != "none":
        diagnostics.add(
            "CC450",
            "the first rung must be 'none', the clean record",
            Span(shown, 1, 1),
        )
    ids = [rung.id for rung in rungs]
    if len(set(ids)) != len(ids):
        diagnostics.add("CC450", "two rungs share an id", Span(shown, 1, 1))
    if diagnostics.has_errors():
        return None
    content = json.dumps(
        [
            [r.id, r.index, r.name.zh, r.name.en, r.explanation.zh, r.explanation.en]
            for r in rungs
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return Ladder(tuple(rungs), path, content)
