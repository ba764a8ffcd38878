"""Default data folder, log path and station id of this machine's analytics log."""

from __future__ import annotations

import logging
import os
import re
import secrets
from pathlib import Path

from game.analytics.events import AnalyticsError

logger = logging.getLogger(__name__)

DATA_DIR_ENV = "CLEAR_CHOICE_DATA"
STATION_ENV = "CLEAR_CHOICE_STATION"
APP_NAME = "clear-choice"
LOG_FILE_NAME = "analytics.sqlite3"
STATION_FILE_NAME = "station_id"

_STATION_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def default_data_dir() -> Path:
    """Return the folder for analytics data, without creating it.

    ``CLEAR_CHOICE_DATA`` overrides the per-user data folder that platformdirs picks
    (for example ``~/.local/share/clear-choice`` on Linux).
    """
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()

    try:
        from platformdirs import user_data_path
    except ImportError as exc:
        raise AnalyticsError(
            "The Python package 'platformdirs' is missing, so the default analytics "
            f"folder is unknown. Install it (pip install platformdirs) or set "
            f"{DATA_DIR_ENV} to a writable folder."
        ) from exc
    return user_data_path(APP_NAME)


def default_log_path() -> Path:
    """Return the default analytics log file, ``<data folder>/analytics.sqlite3``."""
    return default_data_dir() / LOG_FILE_NAME


def station_id_default(data_dir: Path | None = None) -> str:
    """Return this station's id, creating and saving a random one on first use.

    ``CLEAR_CHOICE_STATION`` overrides the saved id. Otherwise the id is read from
    ``<data folder>/station_id``. A new id looks like ``station-3f9a1c``. It comes
    from a random source, never from the host name or a user name.
    Raises AnalyticsError if the id is invalid or the file cannot be written.
    """
    override = os.environ.get(STATION_ENV, "").strip()
    if override:
        return _check_station_id(override, f"the environment variable {STATION_ENV}")

    folder = default_data_dir() if data_dir is None else Path(data_dir)
    station_file = folder / STATION_FILE_NAME
    saved = _read_station_file(station_file)
    if saved is not None:
        return saved

    return _create_station_file(station_file)


def _check_station_id(value: str, source: str) -> str:
    if not _STATION_PATTERN.fullmatch(value):
        raise AnalyticsError(
            f"Invalid station id {value!r} in {source}: use 1-64 letters, digits, "
            "'_', '.' or '-', starting with a letter or digit (for example "
            "'station-lobby-1')."
        )
    return value


def _read_station_file(station_file: Path) -> str | None:
    try:
        text = station_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnalyticsError(
            f"Cannot read the station id file '{station_file}': {exc}. Fix or delete "
            f"the file, or set {STATION_ENV}."
        ) from exc
    return _check_station_id(text.strip(), f"the file '{station_file}'")


def _create_station_file(station_file: Path) -> str:
    station_id = f"station-{secrets.token_hex(3)}"
    temp_file = station_file.with_name(f".{STATION_FILE_NAME}.{os.getpid()}.tmp")
    try:
        station_file.parent.mkdir(parents=True, exist_ok=True)
        with open(temp_file, "w", encoding="utf-8") as handle:
            handle.write(station_id + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        _publish(temp_file, station_file)
    except FileExistsError:
        # Another process saved its id first, and every process must use that one.
        saved = _read_station_file(station_file)
        if saved is None:
            raise AnalyticsError(
                f"The station id file '{station_file}' vanished while it was being "
                "created; start the program again."
            ) from None
        return saved
    except OSError as exc:
        raise AnalyticsError(
            f"Cannot create the station id file '{station_file}': {exc}. Make the "
            f"folder writable, or set {DATA_DIR_ENV} or {STATION_ENV}."
        ) from exc
    finally:
        temp_file.unlink(missing_ok=True)

    logger.info("created station id %s in %s", station_id, station_file)
    return station_id


def _publish(temp_file: Path, station_file: Path) -> None:
    """Move the complete temp file into place. Raise FileExistsError if one exists."""
    try:
        os.link(temp_file, station_file)
    except FileExistsError:
        raise
    except OSError:
        # Some file systems (FAT, some network shares) have no hard links. There a
        # process that races another one may keep its own id for this run only.
        if station_file.exists():
            raise FileExistsError(station_file) from None
        os.replace(temp_file, station_file)
