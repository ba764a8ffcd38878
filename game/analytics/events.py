"""Event types, field names and exceptions of the analytics log.

Field names here are the documented names (docs/analytics.md): the export writes them
verbatim, so renaming one is a schema change. Every event value is an id, a number or
a fixed word. The validators reject spaces and free text, so no visitor-written text
can reach the log.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any, ClassVar

SCHEMA_VERSION = 1

COMMON_FIELDS = ("event_id", "run_id", "seq", "type", "ts", "schema")

LANGS = ("zh", "en")
MODES = ("window", "preview", "offscreen", "text", "simulate")
ABANDON_REASONS = ("idle", "closed", "interrupted", "error")
END_TYPES = ("ending_reached", "run_abandoned")

_ID_PATTERN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:/+-]{0,127}")
_CLASS_NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,127}")


class AnalyticsError(Exception):
    """Base class of every error that the analytics package raises."""


class InvalidEventError(AnalyticsError, ValueError):
    """An event field has a value of the wrong type or form."""


class RunEndedError(AnalyticsError):
    """An event was logged for a run that has already ended."""


class LogClosedError(AnalyticsError):
    """An event was logged after AnalyticsLog.close()."""


class LogFileError(AnalyticsError):
    """The log file cannot be opened, created or read."""


class CorruptLogError(LogFileError):
    """The log file is damaged, not SQLite, or not an analytics log."""


class NewerSchemaError(LogFileError):
    """The log file was written by a newer schema than this code reads."""


class WriteFailedError(AnalyticsError):
    """The writer thread could not commit an event."""


def check_id(event: str, name: str, value: object) -> str:
    """Return ``value`` if it is an id string, else raise InvalidEventError.

    An id is 1 to 128 characters of letters, digits and ``_ . : / + -`` and does not
    start with punctuation. Spaces are rejected, which keeps free text out of the log.
    """
    if not isinstance(value, str) or not _ID_PATTERN.fullmatch(value):
        raise InvalidEventError(
            f"{event}: {name} must be an id (1-128 letters, digits or _.:/+-, "
            f"no spaces), got {value!r}"
        )
    return value


def check_index(event: str, name: str, value: object) -> int:
    """Return ``value`` if it is an int >= 0 (not a bool), else raise."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidEventError(
            f"{event}: {name} must be an integer >= 0, got {value!r}"
        )
    return value


def check_word(event: str, name: str, value: object, allowed: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise."""
    if value not in allowed:
        raise InvalidEventError(
            f"{event}: {name} must be one of {', '.join(allowed)}, got {value!r}"
        )
    return value  # type: ignore[return-value]


@dataclass(frozen=True)
class RunStarted:
    """A visitor started a scenario."""

    type: ClassVar[str] = "run_started"
    station_id: str
    scenario_id: str
    scenario_version: int
    content_hash: str
    lang: str
    mode: str
    app_version: str

    def __post_init__(self) -> None:
        check_id(self.type, "station_id", self.station_id)
        check_id(self.type, "scenario_id", self.scenario_id)
        check_index(self.type, "scenario_version", self.scenario_version)
        check_id(self.type, "content_hash", self.content_hash)
        check_word(self.type, "lang", self.lang, LANGS)
        check_word(self.type, "mode", self.mode, MODES)
        check_id(self.type, "app_version", self.app_version)


@dataclass(frozen=True)
class NodeEntered:
    """Play entered a scenario node."""

    type: ClassVar[str] = "node_entered"
    node_id: str
    rung_id: str
    rung_index: int

    def __post_init__(self) -> None:
        check_id(self.type, "node_id", self.node_id)
        check_id(self.type, "rung_id", self.rung_id)
        check_index(self.type, "rung_index", self.rung_index)


@dataclass(frozen=True)
class ChoiceMade:
    """The visitor took one of the choices offered at a node."""

    type: ClassVar[str] = "choice_made"
    node_id: str
    choice_id: str
    shown_choices: tuple[str, ...]
    decision_ms: int
    rung_before_id: str
    rung_before_index: int
    rung_after_id: str
    rung_after_index: int
    target: str

    def __post_init__(self) -> None:
        check_id(self.type, "node_id", self.node_id)
        check_id(self.type, "choice_id", self.choice_id)
        shown = self.shown_choices
        if isinstance(shown, str) or not isinstance(shown, (list, tuple)) or not shown:
            raise InvalidEventError(
                f"{self.type}: shown_choices must be a non-empty list of choice ids, "
                f"got {shown!r}"
            )
        for choice_id in shown:
            check_id(self.type, "shown_choices item", choice_id)
        if self.choice_id not in shown:
            raise InvalidEventError(
                f"{self.type}: choice_id {self.choice_id!r} is not in shown_choices "
                f"{list(shown)!r}. Log the choices that were offered."
            )
        # Stored as a tuple so the frozen event cannot change after validation.
        object.__setattr__(self, "shown_choices", tuple(shown))
        check_index(self.type, "decision_ms", self.decision_ms)
        check_id(self.type, "rung_before_id", self.rung_before_id)
        check_index(self.type, "rung_before_index", self.rung_before_index)
        check_id(self.type, "rung_after_id", self.rung_after_id)
        check_index(self.type, "rung_after_index", self.rung_after_index)
        check_id(self.type, "target", self.target)


@dataclass(frozen=True)
class EndingReached:
    """Play reached an ending, which ends the run."""

    type: ClassVar[str] = "ending_reached"
    ending_id: str
    ending_kind: str
    rung_id: str
    rung_index: int

    def __post_init__(self) -> None:
        check_id(self.type, "ending_id", self.ending_id)
        check_id(self.type, "ending_kind", self.ending_kind)
        check_id(self.type, "rung_id", self.rung_id)
        check_index(self.type, "rung_index", self.rung_index)


@dataclass(frozen=True)
class RunAbandoned:
    """The run stopped before an ending, which ends the run."""

    type: ClassVar[str] = "run_abandoned"
    reason: str
    error_type: str | None = None

    def __post_init__(self) -> None:
        check_word(self.type, "reason", self.reason, ABANDON_REASONS)
        error_type = self.error_type
        if error_type is not None and (
            not isinstance(error_type, str)
            or not _CLASS_NAME_PATTERN.fullmatch(error_type)
        ):
            raise InvalidEventError(
                f"{self.type}: error_type must be an exception class name such as "
                f"'OSError' (never the message) or None, got {error_type!r}"
            )


Event = RunStarted | NodeEntered | ChoiceMade | EndingReached | RunAbandoned

EVENT_CLASSES: tuple[type[Event], ...] = (
    RunStarted,
    NodeEntered,
    ChoiceMade,
    EndingReached,
    RunAbandoned,
)

EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    cls.type: tuple(field.name for field in fields(cls)) for cls in EVENT_CLASSES
}


def event_payload(event: Event) -> dict[str, Any]:
    """Return the type's own fields of ``event`` in documented order, JSON-ready."""
    payload: dict[str, Any] = {}
    for field in fields(event):
        value = getattr(event, field.name)
        payload[field.name] = list(value) if isinstance(value, tuple) else value
    return payload


def make_timestamp() -> tuple[str, int]:
    """Return the current time as (local ISO 8601 text, UTC epoch milliseconds).

    The text has milliseconds and the UTC offset, for example
    ``2026-12-04T14:03:22.512+08:00``. Both values describe the same millisecond.
    """
    now_ms = time.time_ns() // 1_000_000
    return format_timestamp(now_ms), now_ms


def format_timestamp(epoch_ms: int) -> str:
    """Return ``epoch_ms`` as local ISO 8601 text with milliseconds and offset."""
    seconds, millis = divmod(epoch_ms, 1000)
    moment = datetime.fromtimestamp(seconds, UTC)
    moment = moment.replace(microsecond=millis * 1000).astimezone()
    return moment.isoformat(timespec="milliseconds")
