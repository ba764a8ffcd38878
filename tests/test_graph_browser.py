"""The HTML story graph in a real headless Chromium: its script runs, and scenario
text cannot inject script of its own."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

INJECTIONS = {
    "title: {zh: 小测试, en: Mini test}": (
        "title: {zh: 小测试, en: \"</title><script>document.title='pwned'</script>\"}"
    ),
    "{zh: 收下吧, en: Take it}": (
        '{zh: 收下吧, en: "<img src=x onerror=\\"document.title=\'pwned\'\\">"}'
    ),
    "{zh: 拒绝, en: Refuse}": '{zh: 拒绝, en: "]]></text><script>alert(1)</script>"}',
}


def render_graph(scenario: Path, output: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "graph",
            str(scenario),
            "-o",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def dump_dom(page: Path, tmp_path: Path, fragment: str = "") -> str:
    profile = tmp_path / "profile"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=3000",
        "--dump-dom",
        page.as_uri() + fragment,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_graph_script_runs(tmp_path: Path) -> None:
    page = tmp_path / "graph.html"
    render_graph(ROOT / "scenarios" / "holiday_card.yaml", page)
    dom = dump_dom(page, tmp_path, "#n10_contractor")
    assert '<g id="viewport" transform="' in dom
    assert ">1 match<" in dom


def test_scenario_text_cannot_inject_script(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "data" / "core_mini.yaml").read_text(encoding="utf-8")
    for old, new in INJECTIONS.items():
        assert old in text
        text = text.replace(old, new)
    scenario = tmp_path / "mini.yaml"
    scenario.write_text(text, encoding="utf-8")
    page = tmp_path / "graph.html"
    render_graph(scenario, page)
    dom = dump_dom(page, tmp_path)
    assert "<title>pwned</title>" not in dom
    assert "<script>alert(1)</script>" not in dom
    assert "&lt;/title&gt;" in dom or "&lt;/title&gt;" in page.read_text()
