"""Reload while editing, the idle timeout and narration in the offscreen player."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from player_support import FakeClock, advance_to_choices, choose, node_texts

from game.analytics import iter_events
from game.audio.narration import Narration
from game.player import input as actions
from game.player import ui_play
from game.player.app import PlayerApp
from game.player.headless import ChoicePlan, Driver
from game.player.idle import (
    ACTIVE,
    ASKING,
    COUNTDOWN_SECONDS,
    EXPIRED,
    IDLE_SECONDS,
    IdleTimer,
)
from game.player.input import GamepadPoller, key_action
from game.player.reload import POLL_SECONDS, carry_state
from game.player.ui_diagnostics import Row, layout_rows, paginate_rows
from game.scenario import load_scenario
from game.story import Story

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini.yaml"
TALK_EN = "We want to hear it from you."
TALK_EN_EDITED = "Tell us about the card in your own words."


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the station id file and the narration cache out of the home folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("CLEAR_CHOICE_DATA", str(folder))
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "analytics.sqlite3"


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    """A copy of the test scenario, with the shared ladder beside it, to edit."""
    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios" / "_shared", folder / "_shared")
    path = folder / "mini.yaml"
    shutil.copy(MINI, path)
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def watching(db: Path, clock: FakeClock) -> Iterator[PlayerApp]:
    player = PlayerApp(offscreen=True, analytics_path=db, watch=True, clock=clock)
    yield player
    player.destroy()


@pytest.fixture
def idle_app(db: Path, clock: FakeClock) -> Iterator[PlayerApp]:
    player = PlayerApp(offscreen=True, analytics_path=db, idle=True, clock=clock)
    yield player
    player.destroy()


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in ``path`` and move its mtime on by a second."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


def at_talk(app: PlayerApp, path: Path, lang: str = "en") -> ui_play.PlayScreen:
    """Play the copied scenario and take 'accept', up to the talk's choices."""
    app.play(load_scenario(path), lang)
    advance_to_choices(app)
    choose(app, 1)
    advance_to_choices(app)
    play = app.flow.play
    assert play.story.current.id == "n02_talk"
    return play


def dialogue_text(app: PlayerApp) -> str:
    return " ".join(app.flow.play.dialogue.text.text.split())


def runs(db: Path) -> dict[str, list[dict]]:
    """Return the events of each run, by run id, in order."""
    by_run: dict[str, list[dict]] = {}
    for event in iter_events(db):
        by_run.setdefault(event["run_id"], []).append(event)
    return by_run


# --- reload while editing ------------------------------------------------------


def test_reload_key_shows_edited_line(watching: PlayerApp, scenario_file: Path, db):
    old = at_talk(watching, scenario_file)
    assert TALK_EN in dialogue_text(watching)
    edit(scenario_file, TALK_EN, TALK_EN_EDITED)

    watching.router.dispatch(actions.RELOAD)

    play = watching.flow.play
    assert play is not old
    assert watching.flow.state == "Play"
    assert play.story.current.id == "n02_talk"
    assert play.story.variables["card_value"] == 2000
    assert play.story.rung.id == "reminder_talk"
    assert play.ladder.current == "reminder_talk"
    assert play.phase == ui_play.CHOICES
    assert TALK_EN_EDITED in dialogue_text(watching)
    assert play.notice is not None
    assert play.notice.text == "The scenario file was reloaded"


def test_reload_starts_new_run(watching: PlayerApp, scenario_file: Path, db: Path):
    old_hash = at_talk(watching, scenario_file).scenario.content_hash
    edit(scenario_file, TALK_EN, TALK_EN_EDITED)
    watching.reload_scenario()
    new_hash = watching.flow.play.scenario.content_hash
    assert new_hash != old_hash
    watching.analytics.close()

    first, second = runs(db).values()
    assert first[0]["content_hash"] == old_hash
    assert first[-1]["type"] == "run_abandoned"
    assert first[-1]["reason"] == "closed"
    assert second[0]["type"] == "run_started"
    assert second[0]["content_hash"] == new_hash
    assert second[1]["type"] == "node_entered"
    assert second[1]["node_id"] == "n02_talk"
    assert second[1]["rung_id"] == "reminder_talk"


def test_saved_file_reloads_on_next_poll(
    watching: PlayerApp, scenario_file: Path, clock: FakeClock
):
    old = at_talk(watching, scenario_file)
    edit(scenario_file, TALK_EN, TALK_EN_EDITED)

    for _ in range(3):
        watching.task_mgr.step()
    assert watching.flow.play is old, "polled before POLL_SECONDS passed"

    clock.advance(POLL_SECONDS + 0.01)
    watching.task_mgr.step()
    assert watching.flow.play is not old
    assert watching.flow.play.story.current.id == "n02_talk"
    assert TALK_EN_EDITED in dialogue_text(watching)

    # An unchanged file is not reloaded again.
    reloaded = watching.flow.play
    clock.advance(POLL_SECONDS * 3)
    watching.task_mgr.step()
    assert watching.flow.play is reloaded


def test_broken_file_shows_error_card(
    watching: PlayerApp, scenario_file: Path, clock: FakeClock
):
    old = at_talk(watching, scenario_file)
    edit(scenario_file, "go: e_admitted", "go: e_admited")
    clock.advance(POLL_SECONDS + 0.01)
    watching.task_mgr.step()

    card = watching.live_reload.card
    assert card is not None
    page = card.page_text()
    assert "error CC300" in page
    assert "mini.yaml:" in page
    line = next(
        number
        for number, text in enumerate(scenario_file.read_text().splitlines(), 1)
        if "e_admited" in text
    )
    assert f"mini.yaml:{line}:13:" in page
    assert "did you mean 'e_admitted'?" in page
    assert any("情景文件有错误" in text for text in node_texts(card.root))
    assert any("The scenario file has errors" in text for text in node_texts(card.root))

    # The old scene plays on underneath and keeps its state.
    assert watching.flow.state == "Play"
    assert watching.flow.play is old
    assert old.phase == ui_play.CHOICES
    for _ in range(3):
        watching.task_mgr.step()

    # Input goes to the card until it is closed, then to the scene again.
    watching.router.dispatch(actions.PICK, 2)
    assert watching.live_reload.card is not None
    assert old.story.current.id == "n02_talk"
    watching.router.dispatch(actions.CONFIRM)
    assert watching.live_reload.card is None
    assert old.story.current.id == "n02_talk"
    choose(watching, 2)
    assert old.story.current.id == "e_sanctioned"


def test_fixed_file_replaces_error_card(
    watching: PlayerApp, scenario_file: Path, clock: FakeClock
):
    at_talk(watching, scenario_file)
    edit(scenario_file, "go: e_admitted", "go: e_admited")
    watching.reload_scenario()
    assert watching.live_reload.card is not None

    edit(scenario_file, "go: e_admited", "go: e_admitted")
    clock.advance(POLL_SECONDS + 0.01)
    watching.task_mgr.step()
    assert watching.live_reload.card is None
    assert watching.flow.play.story.current.id == "n02_talk"


def test_unreadable_yaml_keeps_app_running(watching: PlayerApp, scenario_file: Path):
    at_talk(watching, scenario_file)
    scenario_file.write_text("format: 1\nid: [unclosed\n", encoding="utf-8")
    watching.reload_scenario()
    card = watching.live_reload.card
    assert "error CC100" in card.page_text()
    assert watching.flow.state == "Play"
    watching.router.dispatch(actions.CONFIRM)
    assert watching.live_reload.card is None


def test_removed_node_restarts_at_start(watching: PlayerApp, scenario_file: Path):
    at_talk(watching, scenario_file)
    text = scenario_file.read_text(encoding="utf-8")
    start = text.index("  n02_talk:")
    end = text.index("endings:")
    scenario_file.write_text(
        text[:start].replace("go: n02_talk", "go: e_kept") + text[end:],
        encoding="utf-8",
    )
    watching.reload_scenario()

    play = watching.flow.play
    assert play.story.current.id == "n01_card"
    assert play.story.variables["card_value"] == 0
    assert play.story.rung.id == "none"
    assert play.notice.text == (
        "The scenario file was reloaded; 'n02_talk' is gone, so play restarted"
    )


def test_retyped_variable_is_reset(watching: PlayerApp, scenario_file: Path):
    at_talk(watching, scenario_file)
    edit(
        scenario_file,
        "card_value: {type: int, initial: 0,",
        "card_value: {type: bool, initial: false,",
    )
    edit(scenario_file, '"card_value += 2000", ', '"card_value = true", ')
    watching.reload_scenario()

    play = watching.flow.play
    assert watching.live_reload.card is None, watching.live_reload.card.page_text()
    assert play.story.variables["card_value"] is False
    assert play.story.current.id == "n02_talk"
    assert play.notice.text.endswith("back to the initial value: card_value")


def test_reload_off_for_kiosk(db: Path, scenario_file: Path):
    app = PlayerApp(offscreen=True, analytics_path=db)
    try:
        old = at_talk(app, scenario_file)
        edit(scenario_file, TALK_EN, TALK_EN_EDITED)
        app.router.dispatch(actions.RELOAD)
        assert app.flow.play is old
        assert TALK_EN in dialogue_text(app)
    finally:
        app.destroy()


def test_reload_keys_map_to_reload():
    assert key_action("f5") == (actions.RELOAD, 0)
    assert key_action("control-r") == (actions.RELOAD, 0)
    assert key_action("r") == (actions.OTHER, 0)


def test_carry_state_keeps_rung_and_values(scenario_file: Path):
    old = Story(load_scenario(scenario_file))
    old.choose("accept")
    added = "variables:\n  told: {type: bool, initial: false}\n"
    edit(scenario_file, "variables:\n", added)
    carried = carry_state(old, load_scenario(scenario_file))
    assert carried.missing_step is None
    assert carried.reset == ()
    assert carried.story.state.step_id == "n02_talk"
    assert carried.story.variables == {"card_value": 2000, "told": False}
    assert carried.story.state.history == [["n01_card", "accept"]]


# --- error card layout ---------------------------------------------------------


def mono_width(text: str) -> float:
    """Width in ems in the monospaced face: 0.6 for Latin, 1 for CJK."""
    return sum(1.0 if 0x2E80 <= ord(char) <= 0xFFEF else 0.6 for char in text)


def test_caret_row_sits_under_cjk_text():
    rendered = (
        "a.yaml:3:13: error CC201: bad key\n"
        "    3 | 好吧，那我: ok\n"
        "      |           ^^\n"
        "      = help: write it right"
    )
    rows = layout_rows(rendered, mono_width, 80)
    assert [row.kind for row in rows] == ["headline", "source", "caret", "help"]
    caret = rows[2]
    # Five CJK characters take ten columns, so the carets point at ": ".
    assert caret.indent == pytest.approx(mono_width("    3 | 好吧，那我"))
    assert caret.text == "^^"


def test_long_source_line_wraps_with_its_caret():
    text = "x" * 70 + "BAD"
    rendered = f"a.yaml:1:71: error CC201: bad\n    1 | {text}\n      | {' ' * 70}^^^"
    rows = layout_rows(rendered, mono_width, 20)
    sources = [row for row in rows if row.kind == "source"]
    assert len(sources) > 2
    assert "".join(row.text.split("| ", 1)[1] for row in sources) == text
    caret_at = next(index for index, row in enumerate(rows) if row.kind == "caret")
    above = rows[caret_at - 1].text.split("| ", 1)[1]
    assert "BAD" in above
    offset = mono_width("      | " + above[: above.index("BAD")])
    assert rows[caret_at].indent == pytest.approx(offset)
    assert rows[caret_at].text == "^^^"


def test_pages_keep_a_diagnostic_whole():
    block = [Row("head", "headline"), Row("src", "source"), Row("help", "help")]
    rows = block + [Row("")] + block + [Row("")] + block
    pages = paginate_rows(rows, 7)
    assert [len(page) for page in pages] == [7, 3]
    assert pages[1][0].text == "head"
    assert all(page[0].text for page in pages)


# --- idle timeout --------------------------------------------------------------


def test_idle_timer_counts_and_pauses(clock: FakeClock):
    timer = IdleTimer(clock)
    clock.advance(IDLE_SECONDS - 1)
    assert timer.update() == ACTIVE
    clock.advance(30)
    assert timer.update(paused=True) == ACTIVE
    clock.advance(1)
    assert timer.update() == ASKING
    assert timer.remaining == COUNTDOWN_SECONDS
    clock.advance(COUNTDOWN_SECONDS)
    assert timer.update() == EXPIRED


def test_idle_timer_never_skips_question(clock: FakeClock):
    timer = IdleTimer(clock)
    clock.advance(IDLE_SECONDS * 10)
    assert timer.update() == ASKING
    assert timer.remaining == COUNTDOWN_SECONDS


def test_idle_question_counts_down(idle_app: PlayerApp, clock: FakeClock, mini):
    idle_app.play(mini, "en")
    idle_app.task_mgr.step()
    clock.advance(IDLE_SECONDS - 1)
    idle_app.task_mgr.step()
    assert idle_app.idle_watch.card is None

    clock.advance(1)
    idle_app.task_mgr.step()
    card = idle_app.idle_watch.card
    assert card is not None
    texts = node_texts(card.root)
    assert "Are you still there?" in texts
    assert "还在吗？" in texts
    assert card.count.text == "25"
    clock.advance(10)
    idle_app.task_mgr.step()
    assert card.count.text == "15"
    assert "Back to the start screen in 15 s" in card.countdown.text


def test_any_input_answers_idle_question(idle_app: PlayerApp, clock: FakeClock, mini):
    idle_app.play(mini, "en")
    idle_app.task_mgr.step()
    play = idle_app.flow.play
    assert play.line_index == 0
    clock.advance(IDLE_SECONDS + 5)
    idle_app.task_mgr.step()
    assert idle_app.idle_watch.asking

    idle_app.router.dispatch(actions.CONFIRM)
    assert not idle_app.idle_watch.asking
    assert play.line_index == 0, "the press that answered must not also go on"

    idle_app.task_mgr.step()
    idle_app.router.dispatch(actions.CONFIRM)
    assert play.line_index == 1
    clock.advance(IDLE_SECONDS - 1)
    idle_app.task_mgr.step()
    assert not idle_app.idle_watch.asking
    assert idle_app.flow.state == "Play"


def test_modifier_key_answers_idle_question(
    idle_app: PlayerApp, clock: FakeClock, mini
):
    idle_app.play(mini, "en")
    clock.advance(IDLE_SECONDS)
    idle_app.task_mgr.step()
    assert idle_app.idle_watch.asking
    idle_app.router._on_button("shift")
    assert not idle_app.idle_watch.asking


def test_gamepad_activity_without_action(
    idle_app: PlayerApp, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    seen: list[str] = []
    poller = GamepadPoller(
        idle_app,
        lambda action, number: seen.append(action),
        lambda: seen.append("activity"),
    )
    assert poller.start()
    try:
        pygame = poller.pygame
        for event in (
            pygame.event.Event(pygame.JOYBUTTONDOWN, instance_id=0, button=3),
            pygame.event.Event(pygame.JOYAXISMOTION, instance_id=0, axis=0, value=0.45),
            pygame.event.Event(pygame.JOYAXISMOTION, instance_id=0, axis=0, value=0.1),
            pygame.event.Event(pygame.JOYAXISMOTION, instance_id=0, axis=0, value=0.9),
        ):
            poller._handle(event)
    finally:
        poller.stop()
    # A resting stick's drift (0.1) is no activity; a full push is an action.
    assert seen == ["activity", "activity", actions.NEXT]


def test_no_answer_returns_to_title(
    idle_app: PlayerApp, clock: FakeClock, db: Path, mini
):
    idle_app.play(mini, "zh")
    advance_to_choices(idle_app)
    clock.advance(IDLE_SECONDS)
    idle_app.task_mgr.step()
    assert idle_app.idle_watch.asking
    clock.advance(COUNTDOWN_SECONDS)
    idle_app.task_mgr.step()

    assert idle_app.flow.state == "Title"
    assert not idle_app.idle_watch.asking
    idle_app.analytics.close()
    last = list(iter_events(db))[-1]
    assert last["type"] == "run_abandoned"
    assert last["reason"] == "idle"


def test_idle_waits_while_narration_speaks(db: Path, clock: FakeClock, mini):
    voice = SpyNarration()
    app = PlayerApp(
        offscreen=True, analytics_path=db, idle=True, narration=voice, clock=clock
    )
    try:
        app.play(mini, "en")
        voice.speaking = True
        for _ in range(4):
            clock.advance(IDLE_SECONDS)
            app.task_mgr.step()
        assert not app.idle_watch.asking
        voice.speaking = False
        clock.advance(IDLE_SECONDS)
        app.task_mgr.step()
        assert app.idle_watch.asking
    finally:
        app.destroy()


def test_idle_off_offscreen_by_default(db: Path, clock: FakeClock, mini):
    app = PlayerApp(offscreen=True, analytics_path=db, clock=clock)
    try:
        app.play(mini, "en")
        clock.advance(IDLE_SECONDS + COUNTDOWN_SECONDS + 1)
        app.task_mgr.step()
        assert app.flow.state == "Play"
        assert not app.idle_watch.asking
    finally:
        app.destroy()


# --- narration -----------------------------------------------------------------


class SpyNarration(Narration):
    """A silent Narration that records what the player asks of it."""

    def __init__(self) -> None:
        super().__init__(Path("unused"), enabled=False)
        self.calls: list[tuple[str, ...]] = []
        self.speaking = False

    def prepare(self, key: str, text: str, lang: str) -> None:
        self.calls.append(("prepare", key, text, lang))

    def speak(self, key: str, text: str, lang: str) -> None:
        self.calls.append(("speak", key, text, lang))

    def stop(self) -> None:
        self.calls.append(("stop",))

    def is_speaking(self) -> bool:
        return self.speaking


@pytest.fixture(scope="module")
def mini():
    return load_scenario(MINI)


def test_lines_are_prepared_spoken_and_stopped(db: Path, mini):
    voice = SpyNarration()
    app = PlayerApp(offscreen=True, analytics_path=db, narration=voice)
    try:
        app.play(mini, "zh")
        arrive = mini.nodes["n01_card"].lines[0].text.zh
        offer = mini.nodes["n01_card"].lines[1].text.zh
        assert voice.calls[:3] == [
            ("prepare", "n01_card/arrive", arrive, "zh"),
            ("prepare", "n01_card/offer", offer, "zh"),
            ("speak", "n01_card/arrive", arrive, "zh"),
        ]
        voice.calls.clear()
        app.router.dispatch(actions.CONFIRM)
        assert voice.calls == [("stop",), ("speak", "n01_card/offer", offer, "zh")]
        assert app.flow.play.dialogue.text.text.replace("\n", "") == offer
    finally:
        app.destroy()


def test_offscreen_narration_starts_no_worker(db: Path, mini):
    app = PlayerApp(offscreen=True, analytics_path=db)
    try:
        app.play(mini, "en")
        app.task_mgr.step()
        assert not app.narration.enabled
        assert app.narration._process is None
    finally:
        app.destroy()


# --- the preview in a window ----------------------------------------------------


def test_driver_hands_over_after_planned_choices(watching: PlayerApp, mini):
    lines: list[str] = []
    plan = ChoicePlan(["accept"], seed=0)
    driver = Driver(watching, plan, lines.append, hand_over=True)
    result = driver.run(mini, "en")
    assert lines == ["n01_card -> accept"]
    assert result.ending is None
    assert watching.flow.state == "Play"
    for _ in range(5):
        watching.task_mgr.step()
    assert watching.flow.play.story.current.id == "n02_talk"
