"""The 3D player, driven offscreen with the software renderer."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest
from direct.gui.DirectGuiBase import DirectGuiWidget
from panda3d.core import PNMImage, Texture

from game.analytics import iter_events
from game.player import input as actions
from game.player import ui_play, ui_stage
from game.player import ui_theme as theme
from game.player.app import KioskFailed, PlayerApp
from game.player.headless import ChoicePlan, play_offscreen
from game.player.input import GamepadPoller, key_action
from game.player.ui_cards import Card
from game.player.ui_screens import MenuScreen
from game.player.ui_wrap import NO_LINE_END, NO_LINE_START, wrap
from game.scenario import load_scenario
from game.scenario import loader as scenario_loader
from game.story import ChoiceNotAvailable

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini.yaml"
MAX_FRAMES = 300


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the station id file out of the home folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("CLEAR_CHOICE_DATA", str(folder))
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "analytics.sqlite3"


@pytest.fixture
def app(db: Path) -> Iterator[PlayerApp]:
    player = PlayerApp(offscreen=True, analytics_path=db)
    yield player
    player.analytics.close()
    player.destroy()


@pytest.fixture(scope="module")
def mini():
    return load_scenario(MINI)


def step_until(app: PlayerApp, condition, limit: int = MAX_FRAMES) -> None:
    """Render frames until ``condition()`` holds; fail after ``limit`` frames."""
    for _ in range(limit):
        if condition():
            return
        app.task_mgr.step()
    pytest.fail(f"condition not reached in {limit} frames (state {app.flow.state})")


def phase_is(app: PlayerApp, phase: str):
    return lambda: app.flow.play is not None and app.flow.play.phase == phase


def advance_to_choices(app: PlayerApp) -> None:
    """Press continue until the choices of the current node are shown."""

    def ready() -> bool:
        play = app.flow.play
        if play is not None and play.phase in (ui_play.LINES, ui_play.CARD):
            app.router.dispatch(actions.CONFIRM)
        return play is not None and play.phase == ui_play.CHOICES

    step_until(app, ready)
    app.task_mgr.step()


def screenshot(app: PlayerApp) -> PNMImage:
    texture: Texture = app.win.get_screenshot()
    image = PNMImage()
    assert texture.store(image)
    return image


def region_pixels(image: PNMImage, x0: float, x1: float, y0: float, y1: float):
    """Yield RGB tuples of the region given in fractions of width and height."""
    width, height = image.get_x_size(), image.get_y_size()
    for y in range(int(y0 * height), int(y1 * height)):
        for x in range(int(x0 * width), int(x1 * width), 2):
            yield tuple(image.get_xel(x, y))


def share_near(pixels, color, tolerance: float = 0.03) -> float:
    """Return the share of ``pixels`` within ``tolerance`` of ``color``."""
    pixels = list(pixels)
    near = [
        pixel
        for pixel in pixels
        if all(
            abs(channel - want) <= tolerance
            for channel, want in zip(pixel, color, strict=True)
        )
    ]
    return len(near) / len(pixels)


def run_events(db: Path) -> list[dict]:
    return list(iter_events(db))


# --- the play screen ---------------------------------------------------------


def test_node_screenshot_has_set_panel_and_ladder(app: PlayerApp, mini):
    app.play(mini, "zh")
    advance_to_choices(app)
    image = screenshot(app)
    hud_right = theme.HUD_WIDTH / (2 * app.get_aspect_ratio())

    upper = list(region_pixels(image, hud_right + 0.05, 0.95, 0.15, 0.5))
    assert len(set(upper)) > 50, "the upper region is uniform: no 3D set drawn"

    # The dialogue panel fills the bottom band below its text rows.
    band = list(region_pixels(image, hud_right + 0.1, 0.6, 0.88, 0.95))
    assert share_near(band, theme.PANEL[:3]) > 0.8
    assert share_near(upper, theme.PANEL[:3]) < 0.2

    # The ladder's frame colour runs down the whole left edge.
    edge = list(region_pixels(image, 0.0, 0.004, 0.02, 0.98))
    assert share_near(edge, theme.HUD[:3]) > 0.9
    assert (
        share_near(region_pixels(image, 0.0, hud_right * 0.95, 0.3, 0.9), theme.HUD[:3])
        > 0.5
    )


def test_choices_are_offered_in_order(app: PlayerApp, mini):
    app.play(mini, "en")
    advance_to_choices(app)
    play = app.flow.play
    assert play.offered_ids() == ["accept", "refuse"]
    assert len(play.choices.buttons) == 2
    assert "Keep the card" in play.choices.buttons[0]["text"]


def test_number_key_takes_choice(app: PlayerApp, mini):
    app.play(mini, "zh")
    advance_to_choices(app)
    app.router.dispatch(actions.PICK, 2)
    step_until(app, lambda: app.flow.play.story.is_over)
    assert app.flow.play.story.current.id == "e_kept"


def test_first_confirm_only_highlights(app: PlayerApp, mini):
    app.play(mini, "zh")
    advance_to_choices(app)
    app.router.dispatch(actions.CONFIRM)
    assert app.flow.play.phase == ui_play.CHOICES
    app.router.dispatch(actions.NEXT)
    app.router.dispatch(actions.CONFIRM)
    assert app.flow.play.story.state.history == [["n01_card", "refuse"]]


def test_rung_change_shows_card(app: PlayerApp, mini):
    app.play(mini, "en")
    advance_to_choices(app)
    app.router.dispatch(actions.PICK, 1)
    step_until(app, phase_is(app, ui_play.CARD))
    play = app.flow.play
    assert play.ladder.current == "reminder_talk"
    texts = [
        path.node().get_text()
        for path in play.card.root.find_all_matches("**/+TextNode")
    ]
    assert any("Reminder talk" in text for text in texts)
    app.router.dispatch(actions.CONFIRM)
    assert play.phase in (ui_play.LINES, ui_play.CHOICES)
    assert play.stage.scene == "talk_room"


def test_decision_committed_before_next_scene(app: PlayerApp, mini):
    pending: Future = Future()
    app.play(mini, "zh")
    advance_to_choices(app)
    app.analytics.choice_made = lambda **fields: pending

    app.router.dispatch(actions.PICK, 1)
    for _ in range(5):
        app.task_mgr.step()
    play = app.flow.play
    assert play.phase == ui_play.COMMITTING
    assert play.stage.scene == "office"

    pending.set_result(1)
    step_until(app, lambda: play.phase != ui_play.COMMITTING)
    assert play.phase == ui_play.CARD


def test_events_logged_for_a_run(db: Path, tmp_path: Path, mini):
    result = play_offscreen(
        mini,
        "en",
        report=lambda line: None,
        choices=["accept", "deny"],
        analytics_path=db,
    )
    assert result.ending.id == "e_sanctioned"
    types = [event["type"] for event in run_events(db)]
    assert types == [
        "run_started",
        "node_entered",
        "choice_made",
        "node_entered",
        "choice_made",
        "ending_reached",
    ]
    choice = run_events(db)[2]
    assert choice["choice_id"] == "accept"
    assert choice["rung_after_id"] == "reminder_talk"


def test_full_playthrough_saves_screenshots(tmp_path: Path, db: Path, mini):
    lines: list[str] = []
    result = play_offscreen(
        mini,
        "zh",
        report=lines.append,
        choices=["accept", "admit"],
        screenshots=tmp_path / "shots",
        analytics_path=db,
    )
    assert result.ending.kind == "turned_back"
    assert lines == [
        "n01_card -> accept",
        "n02_talk -> admit",
        "ending: e_admitted (turned_back)",
    ]
    names = [path.name for path in sorted((tmp_path / "shots").iterdir())]
    assert names[:3] == ["001_n01_card.png", "002_n02_talk.png", "003_e_admitted.png"]
    assert names[3:] == [
        "004_e_admitted_epilogue_1.1.png",
        "005_e_admitted_epilogue_2.1.png",
    ]


def test_seeded_random_choices_repeat(db: Path, mini):
    first = play_offscreen(
        mini, "en", report=lambda line: None, seed=7, analytics_path=db
    )
    second = play_offscreen(
        mini, "en", report=lambda line: None, seed=7, analytics_path=db
    )
    assert first.steps == second.steps
    assert first.ending is not None


def test_choice_plan_rejects_unoffered_choice():
    plan = ChoicePlan(["bogus"], seed=0)
    with pytest.raises(ChoiceNotAvailable) as error:
        plan.pick("n01_card", ["accept", "refuse"])
    assert "n01_card" in str(error.value)
    assert "accept, refuse" in str(error.value)


def test_epilogue_then_menu(app: PlayerApp, mini):
    app.play(mini, "en")
    advance_to_choices(app)
    app.router.dispatch(actions.PICK, 2)
    step_until(app, phase_is(app, ui_play.ENDING))
    app.router.dispatch(actions.CONFIRM)
    assert app.flow.state == "Epilogue"
    assert app.flow.screen.page_label == "1.1"
    app.router.dispatch(actions.CONFIRM)
    assert app.flow.screen.page_label == "2.1"
    app.router.dispatch(actions.CONFIRM)
    assert app.flow.state == "Menu"


# --- leaving a run ----------------------------------------------------------------


def test_window_close_logs_closed(app: PlayerApp, db: Path, mini):
    app.play(mini, "zh")
    advance_to_choices(app)
    # Closing the window runs ShowBase.userExit, which ends with sys.exit().
    with pytest.raises(SystemExit):
        app.userExit()
    last = run_events(db)[-1]
    assert last["type"] == "run_abandoned"
    assert last["reason"] == "closed"


def test_escape_returns_to_title(app: PlayerApp, db: Path, mini):
    app.play(mini, "zh")
    advance_to_choices(app)
    app.router.dispatch(actions.BACK)
    assert app.flow.state == "Title"
    app.analytics.close()
    last = run_events(db)[-1]
    assert last["type"] == "run_abandoned"
    assert last["reason"] == "closed"


def test_play_failure_shows_problem_card(app: PlayerApp, db: Path, mini, monkeypatch):
    def broken_set(scene, parent):
        raise RuntimeError("set missing")

    monkeypatch.setattr(ui_stage, "build_set", broken_set)
    app.play(mini, "zh")
    assert app.flow.state == "Problem"
    app.analytics.close()
    last = run_events(db)[-1]
    assert last["reason"] == "error"
    assert last["error_type"] == "RuntimeError"

    app.router.dispatch(actions.CONFIRM)
    assert app.flow.state == "Title"


def test_main_loop_survives_task_error(app: PlayerApp, db: Path, mini):
    calls: list[int] = []

    def flaky(task):
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("broken task")
        app.task_mgr.stop()
        return task.done

    app.play(mini, "zh")
    app.task_mgr.add(flaky, "flaky")
    app.run_kiosk()
    assert app.flow.state == "Problem"
    assert len(calls) == 2
    app.analytics.close()
    assert run_events(db)[-1]["error_type"] == "ValueError"


def test_main_loop_gives_up_on_repeated_errors(app: PlayerApp):
    def always_broken(task):
        raise ValueError("broken task")

    app.start()
    app.task_mgr.add(always_broken, "always-broken")
    with pytest.raises(KioskFailed) as error:
        app.run_kiosk()
    app.task_mgr.remove("always-broken")
    assert "ValueError" in str(error.value)


def test_unwritable_analytics_still_plays(tmp_path: Path, mini):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    player = PlayerApp(offscreen=True, analytics_path=blocker / "log.sqlite3")
    try:
        assert not player.analytics.enabled
        assert player.analytics_notice
        player.play(mini, "en")
        advance_to_choices(player)
        assert player.flow.play.offered_ids() == ["accept", "refuse"]
    finally:
        player.destroy()


# --- the screens around play ------------------------------------------------------


def test_title_language_menu_flow(app: PlayerApp, tmp_path: Path, monkeypatch):
    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios" / "_shared", folder / "_shared")
    shutil.copy(MINI, folder / "mini.yaml")
    (folder / "broken.yaml").write_text("format: 1\nid: broken\n", encoding="utf-8")
    monkeypatch.setattr(scenario_loader, "SCENARIOS_DIR", folder)

    app.start()
    assert app.flow.state == "Title"
    app.router.dispatch(actions.OTHER)
    assert app.flow.state == "Language"
    app.router.dispatch(actions.PICK, 2)
    assert app.lang == "en"
    assert app.flow.state == "Menu"
    assert [scenario.id for scenario in app.flow.screen.scenarios] == ["mini_gift"]
    app.router.dispatch(actions.PICK, 1)
    assert app.flow.state == "Play"


def test_input_keys_map_to_actions():
    assert key_action("space") == (actions.CONFIRM, 0)
    assert key_action("enter") == (actions.CONFIRM, 0)
    assert key_action("3") == (actions.PICK, 3)
    assert key_action("numpad7") == (actions.PICK, 7)
    assert key_action("escape") == (actions.BACK, 0)
    assert key_action("mouse1") == (actions.TAP, 0)
    assert key_action("q") == (actions.OTHER, 0)
    assert key_action("shift") is None
    assert key_action("space-up") is None


# --- line breaking -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "真实案例：睢宁县粮食储备局国资科那位副科长，2017到2020年每个春节都收五百到一千元的卡，"
        "加起来305500元，超过了二十万元、刑期从三年起算的那条线。2021年1月，他被判处有期徒刑。",
        "他说：“就是过节的礼数，谁也没受损失。”然后把“心意”放在桌上，（没有）多说。"
        * 3,
    ],
)
def test_wrap_keeps_punctuation_rules(app: PlayerApp, text: str):
    wrapped = wrap(text, 0.058, 1.6)
    rows = wrapped.split("\n")
    assert len(rows) > 2
    assert "".join(rows) == text
    for row in rows[1:]:
        assert row[0] not in NO_LINE_START, row
    for row in rows[:-1]:
        assert row[-1] not in NO_LINE_END, row


def test_wrap_breaks_english_between_words(app: PlayerApp):
    text = "The commission hands the case and the money to the procuratorate, " * 3
    rows = wrap(text.strip(), 0.058, 1.6).split("\n")
    assert len(rows) > 2
    words = text.split()
    assert " ".join(rows).split() == words


# --- gamepad -----------------------------------------------------------------


@pytest.fixture
def gamepad(app: PlayerApp, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    pressed: list[tuple[str, int]] = []
    poller = GamepadPoller(app, lambda action, number: pressed.append((action, number)))
    assert poller.start()
    yield poller, pressed
    poller.stop()


def test_gamepad_polling_without_device(app: PlayerApp, gamepad):
    poller, pressed = gamepad
    for _ in range(3):
        app.task_mgr.step()
    assert poller.sticks == {}
    assert pressed == []


def test_gamepad_events_become_actions(gamepad):
    poller, pressed = gamepad
    pygame = poller.pygame
    events = [
        pygame.event.Event(pygame.JOYHATMOTION, instance_id=0, hat=0, value=(0, -1)),
        pygame.event.Event(pygame.JOYHATMOTION, instance_id=0, hat=0, value=(0, 1)),
        pygame.event.Event(pygame.JOYBUTTONDOWN, instance_id=0, button=0),
        pygame.event.Event(pygame.JOYBUTTONDOWN, instance_id=0, button=3),
    ]
    for event in events:
        poller._handle(event)
    assert pressed == [(actions.NEXT, 0), (actions.PREV, 0), (actions.CONFIRM, 0)]


def test_gamepad_stick_moves_once_per_push(gamepad):
    poller, pressed = gamepad
    pygame = poller.pygame
    for value in (0.2, 0.7, 0.9, 0.8, 0.1, -0.95):
        poller._handle(
            pygame.event.Event(pygame.JOYAXISMOTION, instance_id=0, axis=1, value=value)
        )
    assert pressed == [(actions.NEXT, 0), (actions.PREV, 0)]


# --- cards and the menu --------------------------------------------------------


def test_long_card_is_paginated(app: PlayerApp):
    paragraph = "留置期间，监察机关会通知家属和所在单位，留置一日折抵刑期一日。" * 6
    closed: list[bool] = []
    card = Card(
        app.aspect2d, "zh", "标题", [paragraph] * 4, lambda: closed.append(True)
    )
    try:
        assert len(card.pages) > 1
        for _ in range(len(card.pages) - 1):
            card.handle(actions.CONFIRM, 0)
            assert not closed
        assert card.is_last_page
        card.handle(actions.PREV, 0)
        assert not card.is_last_page
        card.handle(actions.NEXT, 0)
        card.handle(actions.CONFIRM, 0)
        assert closed == [True]
    finally:
        card.destroy()


def test_menu_pages_through_many_scenarios(app: PlayerApp, mini):
    chosen: list[str] = []
    scenarios = [mini] * 7
    menu = MenuScreen(
        app.aspect2d, scenarios, "en", lambda s: chosen.append(s.id), -1.7, 1.7
    )
    try:
        assert menu.pages == 3
        assert len(menu.focus.buttons) == 4  # three scenarios and the page button
        menu.handle(actions.PICK, 4)
        assert menu.page == 1
        menu.handle(actions.PICK, 1)
        assert chosen == ["mini_gift"]
    finally:
        menu.destroy()


def test_repeated_runs_leave_nothing_behind(app: PlayerApp, mini):
    def play_once() -> None:
        app.flow.demand("Play", mini)
        advance_to_choices(app)
        app.router.dispatch(actions.PICK, 2)
        step_until(app, phase_is(app, ui_play.ENDING))
        app.router.dispatch(actions.CONFIRM)
        while app.flow.state == "Epilogue":
            app.router.dispatch(actions.CONFIRM)
        assert app.flow.state == "Menu"

    app.lang = "zh"
    play_once()
    widgets = len(DirectGuiWidget.guiDict)
    nodes = app.render.count_num_descendants() + app.aspect2d.count_num_descendants()
    for _ in range(5):
        play_once()
    assert len(DirectGuiWidget.guiDict) == widgets
    assert (
        app.render.count_num_descendants() + app.aspect2d.count_num_descendants()
        == nodes
    )


def test_rung_skip_card_gives_reason(app: PlayerApp, tmp_path: Path):
    core = Path(__file__).parent / "data" / "core_mini.yaml"
    text = core.read_text(encoding="utf-8").replace(
        "rung -> reminder_talk", "rung -> case_filed"
    )
    text = text.replace(
        "start: n1\n",
        "start: n1\nskips:\n  - from: none\n    to: case_filed\n    why: "
        "{zh: 数额已达犯罪标准。, en: The amount is over the criminal line.}\n",
    )
    path = tmp_path / "skip.yaml"
    path.write_text(text, encoding="utf-8")
    shutil.copytree(core.parents[2] / "scenarios" / "_shared", tmp_path / "_shared")
    scenario = load_scenario(path, shared_dir=tmp_path / "_shared")

    app.play(scenario, "en")
    advance_to_choices(app)
    app.router.dispatch(actions.PICK, 1)
    step_until(app, phase_is(app, ui_play.CARD))
    play = app.flow.play
    texts = " ".join(
        path.node().get_text()
        for path in play.card.root.find_all_matches("**/+TextNode")
    )
    assert "Case filed" in texts
    assert "The amount is over the criminal line." in texts
