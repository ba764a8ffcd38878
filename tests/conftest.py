"""Shared fixtures: paths to the repository's scenarios and small test files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHARED = ROOT / "scenarios" / "_shared"


@pytest.fixture
def mini_path() -> Path:
    return DATA / "core_mini.yaml"


@pytest.fixture
def write_scenario(tmp_path: Path):
    """Write YAML text to a file in tmp_path and return its path."""

    def write(text: str | bytes, name: str = "case.yaml") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write
