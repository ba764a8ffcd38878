"""Narration: synthesis in a worker process, playback, and silent degradation."""

from __future__ import annotations

import shutil
import time
import wave

import pytest

from game.audio.narration import Narration, cache_path

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None, reason="espeak-ng is not installed"
)


def _wait(narration: Narration, path, limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while not path.exists() and time.monotonic() < deadline:
        narration.update()
        time.sleep(0.05)


@needs_espeak
@pytest.mark.parametrize(
    ("lang", "text"),
    [("zh", "这张购物卡只是过节的心意。"), ("en", "It is only a holiday card.")],
)
def test_line_is_synthesised_to_wav(tmp_path, monkeypatch, lang, text) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    narration = Narration(tmp_path)
    try:
        narration.prepare("n01/card", text, lang)
        path = cache_path(tmp_path, text, lang)
        _wait(narration, path)
        assert path.exists()
        with wave.open(str(path)) as audio:
            assert audio.getnframes() > audio.getframerate() // 2
    finally:
        narration.close()


@needs_espeak
def test_speak_plays_when_ready(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    narration = Narration(tmp_path)
    try:
        narration.speak("n01/card", "Good morning.", "en")
        assert narration.is_speaking()
        _wait(narration, cache_path(tmp_path, "Good morning.", "en"))
        narration.update()
        narration.stop()
        assert not narration.is_speaking()
    finally:
        narration.close()


def test_cache_key_follows_text() -> None:
    from pathlib import Path

    folder = Path("/cache")
    assert cache_path(folder, "a", "en") == cache_path(folder, "a", "en")
    assert cache_path(folder, "a", "en") != cache_path(folder, "b", "en")
    assert cache_path(folder, "a", "en") != cache_path(folder, "a", "zh")


def test_disabled_narration_is_silent(tmp_path) -> None:
    narration = Narration(tmp_path, enabled=False)
    narration.speak("x", "text", "en")
    narration.update()
    assert not narration.is_speaking()
    narration.close()


def test_missing_engine_degrades_to_subtitles(tmp_path, monkeypatch, caplog) -> None:
    # A file that is not a shared library imitates a broken espeak-ng install,
    # so the speech engine fails to start in the worker process.
    fake_lib = tmp_path / "lib"
    fake_lib.mkdir()
    for name in ("libespeak-ng.so.1", "libespeak-ng.so", "libespeak.so.1"):
        (fake_lib / name).write_bytes(b"not a library")
    monkeypatch.setenv("LD_LIBRARY_PATH", str(fake_lib))
    narration = Narration(tmp_path / "cache")
    narration.speak("x", "text", "en")
    deadline = time.monotonic() + 30
    while narration.enabled and time.monotonic() < deadline:
        narration.update()
        time.sleep(0.05)
    assert not narration.enabled
    assert not narration.is_speaking()
    assert "subtitles only" in caplog.text
    narration.close()


@needs_espeak
def test_no_sound_device_stops_synthesis(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "no_such_driver")
    narration = Narration(tmp_path)
    try:
        narration.speak("x", "Hello there.", "en")
        deadline = time.monotonic() + 30
        while narration.enabled and time.monotonic() < deadline:
            narration.update()
            time.sleep(0.05)
        assert not narration.enabled
        assert not narration.is_speaking()
    finally:
        narration.close()
