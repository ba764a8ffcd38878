"""The bundled font has a glyph for every character a visitor can see."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

fontTools = pytest.importorskip("fontTools.ttLib")

from game.player.fonts import FONT_PATH  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# Every scenario and shared file, plus the player's own test scenario.
SCENARIO_FILES = sorted((ROOT / "scenarios").rglob("*.yaml")) + [
    ROOT / "tests" / "data" / "mini.yaml"
]
UI_FILES = sorted((ROOT / "game" / "player").glob("*.py")) + [
    ROOT / "game" / "cli_play.py"
]


@pytest.fixture(scope="module")
def code_points() -> set[int]:
    """Return the code points of face 0 of the font, the face Panda3D loads."""
    collection = fontTools.TTCollection(str(FONT_PATH))
    return set(collection.fonts[0].getBestCmap())


def yaml_strings(value: object) -> list[str]:
    """Return every string (keys included) in a loaded YAML document."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [
            text
            for pair in value.items()
            for part in pair
            for text in yaml_strings(part)
        ]
    if isinstance(value, list):
        return [text for item in value for text in yaml_strings(item)]
    return []


def python_strings(path: Path) -> list[str]:
    """Return every string literal in a Python file, docstrings included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def missing(strings: list[str], code_points: set[int]) -> list[str]:
    """Return the visible characters of ``strings`` that the font lacks."""
    characters = {char for text in strings for char in text if not char.isspace()}
    return sorted(
        f"{char} (U+{ord(char):04X})"
        for char in characters
        if ord(char) not in code_points and char.isprintable()
    )


def test_font_file_is_bundled():
    assert FONT_PATH.is_file()
    assert (FONT_PATH.parent / "LICENSE-wqy-microhei.txt").is_file()


def test_scenario_files_found():
    assert any(path.parent.name == "_shared" for path in SCENARIO_FILES)
    assert len(SCENARIO_FILES) >= 2


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda path: path.name)
def test_scenario_text_has_glyphs(path: Path, code_points: set[int]):
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    strings = yaml_strings(document)
    assert strings, f"no text found in {path}"
    assert missing(strings, code_points) == []


@pytest.mark.parametrize("path", UI_FILES, ids=lambda path: path.name)
def test_interface_strings_have_glyphs(path: Path, code_points: set[int]):
    assert missing(python_strings(path), code_points) == []


def test_missing_glyph_is_reported(code_points: set[int]):
    # U+1F600 (an emoji) is not in WenQuanYi Micro Hei.
    assert missing(["清风\U0001f600"], code_points) == ["\U0001f600 (U+1F600)"]
