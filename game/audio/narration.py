"""Narration: text-to-speech made ahead of time in a worker process, played by pygame.

pyttsx3 drives espeak-ng on Linux. A second `runAndWait()` in one process can hang on
some drivers, and synthesis takes longer than a frame, so it runs in a separate process
and the render loop only polls for finished files. Every failure (no speech engine, no
sound card, a hung worker) leaves the game running with subtitles only and one logged
warning.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import queue
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# espeak-ng language codes for the game's languages.
VOICE_LANGUAGES = {"zh": ("cmn", "zh"), "en": ("en-us", "en-gb", "en")}
# A synthesis that has not finished after this many seconds is treated as hung.
WORKER_TIMEOUT_S = 20.0


@dataclass(frozen=True)
class Request:
    key: str
    text: str
    lang: str
    path: Path


def cache_path(cache_dir: Path, text: str, lang: str) -> Path:
    """Return the WAV file for this text, keyed by content so an edit re-synthesises."""
    digest = hashlib.sha256(f"{lang}\n{text}".encode()).hexdigest()[:20]
    return cache_dir / f"{lang}-{digest}.wav"


def _pick_voice(engine, lang: str) -> str | None:
    wanted = VOICE_LANGUAGES.get(lang, ())
    for code in wanted:
        for voice in engine.getProperty("voices"):
            languages = [str(item) for item in (voice.languages or [])]
            if code in languages or voice.id.endswith("/" + code):
                return voice.id
    return None


def _worker(requests, results) -> None:  # pragma: no cover - runs in a child process
    """Synthesise requests until None arrives; report each file as done or failed."""
    # The parent handles Ctrl+C and closes the worker; the espeak driver prints a line
    # per file, which must not mix with the game's own output.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        import pyttsx3

        engine = pyttsx3.init()
        voices = {lang: _pick_voice(engine, lang) for lang in VOICE_LANGUAGES}
    except Exception as error:  # any driver failure means: no narration
        results.put(("unavailable", "", f"{type(error).__name__}: {error}"))
        return
    results.put(("ready", "", ""))
    while True:
        request = requests.get()
        if request is None:
            return
        path, text, lang = request
        try:
            _synthesise(engine, voices.get(lang), text, lang, path)
            results.put(("done", path, ""))
        except Exception as error:
            results.put(("failed", path, f"{type(error).__name__}: {error}"))


def _synthesise(engine, voice: str | None, text: str, lang: str, path: str) -> None:
    """Write `text` as a WAV file at `path` with pyttsx3, or espeak-ng if that fails.

    pyttsx3 2.99's espeak driver sometimes returns from runAndWait() without having
    written the file (seen with long Chinese sentences), so the file is checked, the
    line is tried once more, and then the espeak-ng command is used.
    """
    partial = path + ".part.wav"
    for _attempt in range(2):
        if voice:
            engine.setProperty("voice", voice)
        engine.save_to_file(text, partial)
        engine.runAndWait()
        if os.path.exists(partial):
            os.replace(partial, path)
            return
    command = shutil.which("espeak-ng")
    if command is None:
        raise RuntimeError("the speech engine wrote no file, and espeak-ng is missing")
    code = VOICE_LANGUAGES.get(lang, ("en",))[0]
    subprocess.run(
        [command, "-v", code, "-w", partial, "--", text],
        check=True,
        capture_output=True,
        timeout=WORKER_TIMEOUT_S,
    )
    os.replace(partial, path)


class _Output:
    """pygame.mixer playback, or nothing when there is no usable sound device."""

    def __init__(self) -> None:
        self.channel = None
        try:
            import pygame

            pygame.mixer.init()
            self._pygame = pygame
            self.available = True
        except Exception as error:  # pygame.error, ImportError, driver failures
            log.warning("sound output unavailable, narration is silent: %s", error)
            self.available = False

    def play(self, path: Path) -> bool:
        if not self.available:
            return False
        try:
            sound = self._pygame.mixer.Sound(str(path))
            self.channel = sound.play()
        except Exception as error:
            log.warning("cannot play narration %s: %s", path.name, error)
            return False
        return True

    def busy(self) -> bool:
        return bool(self.channel is not None and self.channel.get_busy())

    def stop(self) -> None:
        if self.available and self.channel is not None:
            self.channel.stop()

    def close(self) -> None:
        if self.available:
            self._pygame.mixer.quit()
            self.available = False


class Narration:
    """Speaks dialogue lines; call `update()` once a frame.

    :param cache_dir: folder for synthesised WAV files, reused across runs.
    :param enabled: False gives subtitles only, with no worker process.
    """

    def __init__(self, cache_dir: Path, *, enabled: bool = True) -> None:
        self.cache_dir = cache_dir
        self.enabled = enabled
        self._pending: dict[str, Request] = {}
        self._started: dict[str, float] = {}
        self._wanted: Request | None = None
        self._process = None
        self._output: _Output | None = None
        self._failures = 0
        if enabled:
            try:
                cache_dir.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                log.warning("narration cache %s unusable: %s", cache_dir, error)
                self.enabled = False

    # Worker ----------------------------------------------------------------------

    def _ensure_worker(self) -> bool:
        if not self.enabled:
            return False
        if self._process is not None and self._process.is_alive():
            return True
        context = multiprocessing.get_context("spawn")
        self._requests = context.Queue()
        self._results = context.Queue()
        self._process = context.Process(
            target=_worker, args=(self._requests, self._results), daemon=True
        )
        self._process.start()
        return True

    def _stop_worker(self) -> None:
        if self._process is None:
            return
        try:
            self._requests.put(None)
            self._process.join(timeout=1.0)
        except (OSError, ValueError):
            pass
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=1.0)
        self._process = None

    # Public ----------------------------------------------------------------------

    def prepare(self, key: str, text: str, lang: str) -> None:
        """Start synthesising a line ahead of time, unless it is cached already."""
        path = cache_path(self.cache_dir, text, lang)
        if not self.enabled or path.exists() or str(path) in self._pending:
            return
        if not self._ensure_worker():
            return
        self._pending[str(path)] = Request(key, text, lang, path)
        self._started[str(path)] = time.monotonic()
        self._requests.put((str(path), text, lang))

    def speak(self, key: str, text: str, lang: str) -> None:
        """Play a line now, or as soon as its synthesis finishes."""
        self.stop()
        if not self.enabled:
            return
        self.prepare(key, text, lang)
        self._wanted = Request(key, text, lang, cache_path(self.cache_dir, text, lang))
        self.update()

    def is_speaking(self) -> bool:
        """Return whether a line is playing or waiting for its synthesis."""
        if self._wanted is not None:
            return True
        return bool(self._output and self._output.busy())

    def stop(self) -> None:
        self._wanted = None
        if self._output is not None:
            self._output.stop()

    def update(self) -> None:
        """Collect finished syntheses and start the wanted line when it is ready."""
        if not self.enabled:
            return
        self._collect()
        wanted = self._wanted
        if wanted is not None and wanted.path.exists():
            self._wanted = None
            if self._output is None:
                self._output = _Output()
                if not self._output.available:
                    # No sound device works, so stop synthesising unplayable files.
                    self._disable()
                    return
            self._output.play(wanted.path)

    def _collect(self) -> None:
        if self._process is None:
            return
        while True:
            try:
                status, path, detail = self._results.get_nowait()
            except (queue.Empty, OSError, ValueError):
                break
            if status == "unavailable":
                log.warning("speech engine unavailable, subtitles only: %s", detail)
                self._disable()
                return
            if status == "failed":
                self._failures += 1
                # Warn about the first few failures, then only now and then.
                if self._failures <= 3 or self._failures % 50 == 0:
                    log.warning(
                        "narration failed for %s (%d failures so far): %s",
                        path,
                        self._failures,
                        detail,
                    )
                if self._wanted and str(self._wanted.path) == path:
                    self._wanted = None
            self._pending.pop(path, None)
            self._started.pop(path, None)
        now = time.monotonic()
        if any(now - started > WORKER_TIMEOUT_S for started in self._started.values()):
            log.warning(
                "speech worker hung for %.0f s; restarting it", WORKER_TIMEOUT_S
            )
            self._stop_worker()
            self._pending.clear()
            self._started.clear()
            self._wanted = None

    def _disable(self) -> None:
        self.enabled = False
        self._wanted = None
        self._pending.clear()
        self._started.clear()
        self._stop_worker()

    def close(self) -> None:
        self.stop()
        self._stop_worker()
        if self._output is not None:
            self._output.close()
