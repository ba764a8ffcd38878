"""Checks on texts and asset paths, made on the YAML tree so every value has a span.

The model keeps no span for some texts, such as speaker names and epilogue paragraphs,
so these checks walk the node tree that the loader kept on the scenario.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

import yaml

from game.assets import ASSETS_DIR, FONT_FACE, FONT_PATH
from game.scenario.diagnostics import DiagnosticList, Span, did_you_mean, display_path
from game.scenario.format import SCENARIO
from game.scenario.schema import Kind, ListKind, MapKind, RecordKind
from game.scenario.yamlsource import Document, read_document

from .strings import StringsError, stale_translations

if TYPE_CHECKING:
    from .validate import Context

log = logging.getLogger(__name__)

# Characters that fit the dialogue panel and a choice button at a readable text size.
LINE_LIMITS = {"zh": 90, "en": 220}
CHOICE_LIMITS = {"zh": 30, "en": 80}
LANGUAGE_NAMES = {"zh": "Chinese", "en": "English"}
ASSET_KEYS = ("audio", "image")

TreePath = tuple[str | int, ...]


def read_tree(context: Context) -> Document:
    """Return the scenario's YAML tree, reading the file again only if it was not kept.

    Raises OSError if the file has to be read again and is gone.
    """
    if context.scenario.source is not None:
        return context.scenario.source
    path = context.scenario.path
    document = read_document(path, display_path(path), DiagnosticList())
    if document is None:
        raise OSError(f"{path} could not be read again after it was loaded")
    return document


def walk(node: yaml.Node, path: TreePath = ()) -> Iterator[tuple[TreePath, yaml.Node]]:
    """Yield every node of the tree with its path of keys and list indexes."""
    yield path, node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from walk(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from walk(item, (*path, index))


def texts(root: yaml.Node) -> Iterator[tuple[TreePath, dict[str, yaml.ScalarNode]]]:
    """Yield each bilingual text: a mapping of exactly `zh` and `en` scalars."""
    for path, node in walk(root):
        if not isinstance(node, yaml.MappingNode):
            continue
        entries = {
            key.value: value
            for key, value in node.value
            if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
        }
        if set(entries) == {"zh", "en"} and len(node.value) == 2:
            yield path, entries


def where(path: TreePath) -> str:
    """Return a path as the loader writes it in messages: 'nodes.n1.lines #1.text'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f" #{part + 1}"
        else:
            text += f".{part}" if text else part
    return text


def is_cjk(char: str) -> bool:
    return (
        "\u3400" <= char <= "\u9fff"
        or "\uf900" <= char <= "\ufaff"
        or "\U00020000" <= char <= "\U0003ffff"
    )


def check_texts(context: Context) -> None:
    """CC600 to CC602 (translations), CC610 to CC613 (display) for every text."""
    document = read_tree(context)
    glyphs = font_code_points()
    for path, pair in texts(document.root):
        _check_translation(context, document, path, pair)
        for language, node in pair.items():
            _check_characters(
                context, document, f"{where(path)}.{language}", node, glyphs
            )
        limits = _limits(path)
        if limits is None:
            continue
        code, part, panel = limits
        for language, node in pair.items():
            length = len(node.value.strip())
            limit = (LINE_LIMITS if code == "CC610" else CHOICE_LIMITS)[language]
            if length <= limit:
                continue
            context.add(
                code,
                f"{where(path)}.{language} is {length} characters long; {panel} fits "
                f"{limit} {LANGUAGE_NAMES[language]} characters",
                document.span(node),
                f"shorten it, or split the {part} in two",
            )


@functools.lru_cache(maxsize=1)
def font_code_points() -> frozenset[int] | None:
    """Return the code points the shipped font draws, or None if it cannot be read."""
    try:
        from fontTools.ttLib import TTCollection
    except ImportError:
        log.warning("fontTools is not installed; the glyph check (CC613) is skipped")
        return None
    try:
        collection = TTCollection(str(FONT_PATH), lazy=True)
        return frozenset(collection.fonts[FONT_FACE].getBestCmap())
    except (OSError, ValueError, KeyError, IndexError) as error:
        log.warning("cannot read the font %s (%s); CC613 is skipped", FONT_PATH, error)
        return None


def _check_characters(
    context: Context,
    document: Document,
    name: str,
    node: yaml.ScalarNode,
    glyphs: frozenset[int] | None,
) -> None:
    text = node.value
    controls = sorted(
        {char for char in text if unicodedata.category(char) == "Cc"} - {"\n"}
    )
    if controls:
        shown = ", ".join(f"U+{ord(char):04X}" for char in controls)
        context.add(
            "CC612",
            f"{name} contains the control character(s) {shown}",
            document.span(node),
            "remove them; escapes such as \\e or \\a in quoted text make them",
        )
    if glyphs is None:
        return
    lacking = sorted(
        {
            char
            for char in text
            if ord(char) not in glyphs
            and not char.isspace()
            and unicodedata.category(char) != "Cc"
        }
    )
    if lacking:
        shown = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in lacking[:6])
        more = f" and {len(lacking) - 6} more" if len(lacking) > 6 else ""
        context.add(
            "CC613",
            f"{name} uses characters the game's font cannot draw: {shown}{more}; "
            "they would show as empty boxes",
            document.span(node),
            "replace them, for example an emoji with words",
        )


def _limits(path: TreePath) -> tuple[str, str, str] | None:
    if len(path) < 3 or path[-1] != "text":
        return None
    if path[-3] == "lines":
        return ("CC610", "line", "the dialogue panel")
    if path[-3] == "choices":
        return ("CC611", "choice", "a choice button")
    return None


def _check_translation(
    context: Context,
    document: Document,
    path: TreePath,
    pair: dict[str, yaml.ScalarNode],
) -> None:
    zh, en = pair["zh"].value.strip(), pair["en"].value.strip()
    if not any(char.isalpha() for char in zh + en):
        return  # only digits or punctuation, such as "……"
    name = where(path)
    if zh == en:
        context.add(
            "CC600",
            f"{name} has the same zh and en text '{zh}'; one is probably an "
            "untranslated copy",
            document.span(pair["en"]),
            "translate it",
        )
        return
    zh_letters = [char for char in zh if char.isalpha()]
    if zh_letters and not any(is_cjk(char) for char in zh_letters):
        context.add(
            "CC601",
            f"{name}.zh '{zh}' has no Chinese character",
            document.span(pair["zh"]),
            "write the Chinese text here",
        )
    en_letters = [char for char in en if char.isalpha()]
    chinese = sum(1 for char in en_letters if is_cjk(char))
    if en_letters and chinese * 2 > len(en_letters):
        context.add(
            "CC602",
            f"{name}.en '{en}' is mostly Chinese ({chinese} of {len(en_letters)} "
            "letters)",
            document.span(pair["en"]),
            "write the English text here",
        )


def check_stale_translations(context: Context) -> None:
    """CC603 for English older than its Chinese source, CC604 for a bad record."""
    try:
        stale = stale_translations(context.scenario)
    except StringsError as error:
        context.add(
            "CC604",
            f"the translation record is invalid: {error}",
            Span(display_path(context.scenario.path), 1, 1),
            "fix or delete the record, then run `strings import` again",
        )
        return
    for string_id, span in stale:
        context.add(
            "CC603",
            f"the English of '{string_id}' was translated from an older Chinese text",
            span,
            "check the English against the new Chinese, then run `strings import`",
        )


# --- Assets ----------------------------------------------------------------------


def format_has_asset_keys(kind: Kind = SCENARIO) -> bool:
    """Return whether the scenario format has a field named `audio` or `image`."""
    if isinstance(kind, RecordKind):
        if any(name in ASSET_KEYS for name in kind.fields):
            return True
        return any(format_has_asset_keys(f.kind) for f in kind.fields.values())
    if isinstance(kind, ListKind):
        return format_has_asset_keys(kind.item)
    if isinstance(kind, MapKind):
        return format_has_asset_keys(kind.value)
    return False


def check_assets(context: Context) -> None:
    """CC620, CC621 for asset paths; skipped while the format has no asset keys."""
    if not format_has_asset_keys():
        log.debug("the scenario format has no asset paths; the asset check is skipped")
        return
    check_asset_paths(read_tree(context), ASSETS_DIR, context.diagnostics)


def check_asset_paths(
    document: Document, assets_dir: Path, diagnostics: DiagnosticList
) -> None:
    """Report `audio` and `image` values that leave `assets_dir` or name no file."""
    for path, node in walk(document.root):
        keys = [part for part in path if isinstance(part, str)]
        if not any(key in ASSET_KEYS for key in keys[-2:]):
            continue
        if not isinstance(node, yaml.ScalarNode):
            continue
        value = node.value
        problem = _outside(value, assets_dir)
        if problem is not None:
            diagnostics.add(
                "CC620",
                f"{where(path)} '{value}' {problem}",
                document.span(node),
                "write a path relative to assets/, such as 'audio/n01.ogg'",
            )
            continue
        target = assets_dir / value
        if not target.is_file():
            folder = target.parent
            siblings = [p.name for p in folder.iterdir()] if folder.is_dir() else []
            hint = did_you_mean(target.name, siblings)
            diagnostics.add(
                "CC621",
                f"{where(path)} '{value}' names no file under assets/",
                document.span(node),
                hint or "add the file, or correct the path",
            )


def _outside(value: str, assets_dir: Path) -> str | None:
    """Return why `value` is not a path inside `assets_dir`, or None."""
    posix, windows = PurePosixPath(value), PureWindowsPath(value)
    absolute = posix.is_absolute() or windows.is_absolute() or windows.drive
    if absolute or value.startswith(("/", "\\")):
        return "is an absolute path"
    if ".." in posix.parts or ".." in windows.parts:
        return "climbs out of assets/ with '..'"
    root = assets_dir.resolve()
    if not (root / value).resolve().is_relative_to(root):
        return "leads outside assets/ through a link"
    return None
