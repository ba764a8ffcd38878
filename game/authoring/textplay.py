"""Play a scenario in the terminal: numbered choices read line by line from stdin.

Input may come from a person or a pipe. Output is written as UTF-8 whatever the
locale is, so Chinese text prints even under the C locale. The same rendering makes the
golden transcripts (:func:`transcript`), so a transcript reads exactly like a
terminal session that took the same choices.
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
import time
from collections.abc import Callable, Sequence
from typing import TextIO

from ..scenario.model import Choice, Ending, Scenario
from ..story import ChoiceNotAvailable, Story
from .labels import kind_name, scene_name
from .scenario_arg import load_or_report
from .textplay_log import TextRunLog

log = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
EXIT_BAD_CHOICE = 3  # a --choices id that is not offered, as in the 3D player
EXIT_INTERRUPTED = 130  # Ctrl+C
QUIT_WORDS = ("q", "quit", "exit")
# Errors go to stderr in English, like every other error of the command line.
EOF_ERROR = "error: the input ended before the story reached an ending (at '{node}')"
STUCK_ERROR = "error: no choice is available at '{node}'; the story is stuck here"
LEFT_OVER_WARNING = "warning: the story ended before these --choices were used: {ids}"

LABELS = {
    "en": {
        "ladder": "Ladder: {index}/{top} {name}",
        "role": "Your role: {role}",
        "ending": "=== Ending: {title} ({kind}) ===",
        "epilogue": "What happened in the real case:",
        "legal": "Legal basis:",
        "invalid": "Type a number from 1 to {count}, or q to quit.",
        "quit": "You left the story at '{node}', before reaching an ending.",
        "say": "{name}: {text}",
    },
    "zh": {
        "ladder": "处理阶梯：{index}/{top} {name}",
        "role": "你的身份：{role}",
        "ending": "=== 结局：{title}（{kind}）===",
        "epilogue": "真实案例中发生了什么：",
        "legal": "法律依据：",
        "invalid": "请输入 1 到 {count} 之间的数字，或输入 q 退出。",
        "quit": "你在“{node}”离开了故事，没有走到结局。",
        "say": "{name}：{text}",
    },
}
# --- Rendering -------------------------------------------------------------------


def ladder_line(story: Story, lang: str) -> str:
    """Return the rung line, such as 'Ladder: 2/8 Light sanction'."""
    rung = story.rung
    top = max(r.index for r in story.scenario.ladder.rungs)
    return LABELS[lang]["ladder"].format(
        index=rung.index, top=top, name=rung.name.get(lang)
    )


def render_intro(scenario: Scenario, lang: str) -> list[str]:
    title = scenario.title.get(lang)
    return [
        title,
        "=" * min(60, max(8, len(title) * (2 if lang == "zh" else 1))),
        scenario.summary.get(lang),
        LABELS[lang]["role"].format(role=scenario.role.get(lang)),
    ]


def render_step(story: Story, lang: str, rung_changed: bool = False) -> list[str]:
    """Return the lines for the current step: place, rung, dialogue, ending texts."""
    step = story.current
    labels = LABELS[lang]
    place = scene_name(step.scene, lang)
    if step.time is not None:
        place += " · " + step.time.get(lang)
    out = ["", f"[{place}]", ladder_line(story, lang)]
    if rung_changed:
        out.append("  " + story.rung.explanation.get(lang).strip())
    if isinstance(step, Ending):
        kind = kind_name(step.kind, lang)
        out.append(labels["ending"].format(title=step.title.get(lang), kind=kind))
    for line in story.lines():
        speaker = story.scenario.speakers.get(line.speaker)
        name = speaker.name.get(lang) if speaker else line.speaker
        out.append(labels["say"].format(name=name, text=line.text.get(lang).strip()))
    if isinstance(step, Ending):
        out.append(labels["epilogue"])
        out.extend("  " + text.get(lang).strip() for text in step.epilogue)
        if step.legal_basis:
            out.append(labels["legal"])
            out.extend("  - " + text.get(lang).strip() for text in step.legal_basis)
    return out


def render_choices(
    choices: Sequence[Choice], lang: str, debug: bool = False
) -> list[str]:
    out = []
    for number, choice in enumerate(choices, start=1):
        suffix = f"  [{choice.id}]" if debug else ""
        out.append(f"  {number}) {choice.text.get(lang).strip()}{suffix}")
    return out


def render_debug(story: Story) -> str:
    """Return one line with the step id, rung id, variables and hidden choices."""
    values = " ".join(
        f"{name}={_value(value)}" for name, value in sorted(story.variables.items())
    )
    line = (
        f"  [debug] step={story.state.step_id} rung={story.rung.id} {values}".rstrip()
    )
    offered = {choice.id for choice in story.choices()}
    hidden = [
        f"{choice.id} (when {choice.when})"
        for choice in story.current.choices
        if choice.id not in offered
    ]
    if hidden:
        line += " hidden: " + ", ".join(hidden)
    return line


def _value(value: int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def transcript(story_run: Story, lang: str) -> str:
    """Return the terminal session of a played story, replayed from its history.

    The replay starts a new Story on the same scenario and takes the choices that
    `story_run` took, so the text is what `play --text` prints for that input.
    """
    replay = Story(story_run.scenario)
    out = render_intro(replay.scenario, lang)
    rung_changed = replay.rung.index != replay.scenario.ladder.first.index
    for node_id, choice_id in story_run.state.history:
        out += render_step(replay, lang, rung_changed)
        offered = replay.choices()
        out += render_choices(offered, lang)
        number = next(i for i, c in enumerate(offered, 1) if c.id == choice_id)
        out += [f"> {number}", f"  → {offered[number - 1].text.get(lang).strip()}"]
        log.debug("transcript %s/%s", node_id, choice_id)
        before = replay.rung.id
        replay.choose(choice_id)
        rung_changed = replay.rung.id != before
    out += render_step(replay, lang, rung_changed)
    return "\n".join(out) + "\n"


# --- The interactive loop ---------------------------------------------------------


class StoryStuck(RuntimeError):
    """No choice is offered at a node that is not an ending."""


def play_text(
    story: Story,
    lang: str,
    read_line: Callable[[], str | None],
    out: TextIO,
    err: TextIO,
    *,
    debug: bool = False,
    echo: bool = False,
    preset: Sequence[str] = (),
    recorder: TextRunLog | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Play `story` to an ending and return the exit code.

    The code is 0 at an ending or when the player quits, and 1 when the input ends
    first or the story is stuck. It is 3 when a `preset` id is not offered, with a
    message that names the node and the ids it offers, as the 3D player's does.

    :param read_line: returns the next input line, or None at the end of input.
    :param echo: write each input line after the prompt (for piped input).
    :param preset: choice ids to take before reading input.
    :param recorder: the analytics run to log to; None records nothing.
    :param clock: seconds for the decision times (a monotonic clock).
    """
    recorder = recorder or TextRunLog(None, err)
    labels = LABELS[lang]

    def write(lines: Sequence[str]) -> None:
        out.write("\n".join(lines) + "\n")
        out.flush()

    recorder.start(story.scenario, lang)
    write(render_intro(story.scenario, lang))
    pending = list(preset)
    rung_changed = story.rung.index != story.scenario.ladder.first.index
    while True:
        write(render_step(story, lang, rung_changed))
        if debug:
            write([render_debug(story)])
        recorder.step_shown(story)
        if story.is_over:
            if pending:
                err.write(LEFT_OVER_WARNING.format(ids=", ".join(pending)) + "\n")
            return EXIT_OK
        node = story.state.step_id
        offered = story.choices()
        if not offered:
            err.write(STUCK_ERROR.format(node=node) + "\n")
            recorder.abandon("error", StoryStuck.__name__)
            return EXIT_ERROR
        write(render_choices(offered, lang, debug))
        shown_at = clock()
        try:
            choice = _next_choice(node, offered, pending, read_line, out, echo, labels)
        except ChoiceNotAvailable as error:
            err.write(f"error: {error}\n")
            recorder.abandon("closed")
            return EXIT_BAD_CHOICE
        if choice is None:
            err.write(EOF_ERROR.format(node=node) + "\n")
            recorder.abandon("closed")
            return EXIT_ERROR
        if choice == "quit":
            write([labels["quit"].format(node=node)])
            recorder.abandon("closed")
            return EXIT_OK
        write([f"  → {choice.text.get(lang).strip()}"])
        before = story.rung.id
        transition = story.choose(choice.id)
        recorder.log_choice(transition, round((clock() - shown_at) * 1000))
        rung_changed = story.rung.id != before


def _next_choice(
    node: str,
    offered: Sequence[Choice],
    pending: list[str],
    read_line: Callable[[], str | None],
    out: TextIO,
    echo: bool,
    labels: dict[str, str],
) -> Choice | str | None:
    """Return the chosen Choice, "quit", or None at the end of input.

    A preset id must be the id of an offered choice, else ChoiceNotAvailable.
    """
    if pending:
        answer = pending.pop(0)
        out.write(f"> {answer}\n")
        chosen = next((choice for choice in offered if choice.id == answer), None)
        if chosen is None:
            raise ChoiceNotAvailable(node, answer, tuple(c.id for c in offered))
        return chosen
    while True:
        out.write("> ")
        out.flush()
        line = read_line()
        if line is None:
            out.write("\n")
            return None
        answer = line.strip()
        if echo:
            out.write(answer + "\n")
        if answer.lower() in QUIT_WORDS:
            return "quit"
        chosen = _match(offered, answer)
        if chosen is not None:
            return chosen
        out.write(labels["invalid"].format(count=len(offered)) + "\n")


def _match(offered: Sequence[Choice], answer: str) -> Choice | None:
    if answer.isdigit() and 1 <= int(answer) <= len(offered):
        return offered[int(answer) - 1]
    return next((choice for choice in offered if choice.id == answer), None)


# --- Command line -----------------------------------------------------------------


def add_text_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --text and --debug to the play command's parser."""
    parser.add_argument(
        "--text",
        action="store_true",
        help="play in the terminal: type the number or id of a choice. The --choices "
        "ids are taken first; an id that is not offered stops with exit code 3. "
        "Typing q (or quit, exit) leaves the run before an ending: it is logged as "
        "abandoned and the exit code is 0. Exit code 1 when the input ends before an "
        "ending. The run is logged to --analytics or the default log, in mode text.",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="with --text: show the step id, rung, variables and hidden choices",
    )


def parse_choices(text: str) -> list[str]:
    """Split a --choices value at commas; raise ValueError naming an empty entry."""
    if not text.strip():
        return []
    entries = [entry.strip() for entry in text.split(",")]
    for position, entry in enumerate(entries, start=1):
        if not entry:
            raise ValueError(
                f"--choices: entry {position} of {len(entries)} in '{text}' is empty; "
                "separate the choice ids with single commas"
            )
    return entries


def run_text_play(args: argparse.Namespace) -> int:
    """Run `play SCENARIO --text`; return the exit code."""
    try:
        preset = parse_choices(getattr(args, "choices", "") or "")
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    scenario, code = load_or_report(args.scenario, playable=True)
    if scenario is None:
        return code
    recorder = TextRunLog.open(getattr(args, "analytics", None), sys.stderr)
    out, restore = _utf8_stdout()
    try:
        return play_text(
            Story(scenario),
            args.lang,
            _stdin_reader(),
            out,
            sys.stderr,
            debug=getattr(args, "debug", False),
            echo=not _is_tty(sys.stdin),
            preset=preset,
            recorder=recorder,
        )
    except KeyboardInterrupt:
        recorder.abandon("closed")
        sys.stderr.write("\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        raise  # main() ends quietly when the reader of stdout has gone
    except Exception as error:  # never a traceback for the person at the terminal
        log.debug("text play failed", exc_info=True)
        recorder.abandon("error", type(error).__name__)
        print(f"error: play failed: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        recorder.close()
        restore()


def _utf8_stdout() -> tuple[TextIO, Callable[[], None]]:
    """Return a UTF-8 writer on stdout and a function that releases it."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # stdout was replaced by a text-only stream
        return sys.stdout, lambda: None
    sys.stdout.flush()
    writer = io.TextIOWrapper(buffer, encoding="utf-8", errors="replace", newline="\n")

    def restore() -> None:
        writer.flush()
        writer.detach()

    return writer, restore


def _stdin_reader() -> Callable[[], str | None]:
    buffer = getattr(sys.stdin, "buffer", None)

    def read_line() -> str | None:
        if buffer is not None:
            raw = buffer.readline()
            return raw.decode("utf-8", "replace") if raw else None
        text = sys.stdin.readline()
        return text or None

    return read_line


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
