"""Play a scenario many times with the real Story runtime and measure coverage.

Two modes: seeded random playthroughs, where run `r` of seed `s` always takes the same
choices, and a breadth-first enumeration of every reachable play state (step,
variables and rung), each explored once, up to a stated bound. Both report which
nodes, choices and endings were reached and every stuck state: a node where no
choice is offered. Random play also reports every loop: a run that made the most
choices allowed without reaching an ending.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from dataclasses import dataclass, field

from ..scenario.model import Scenario
from ..story import PlayState, Story

log = logging.getLogger(__name__)

DEFAULT_RUNS = 1000
DEFAULT_SEED = 1
MAX_STEPS = 500
MAX_STATES = 100_000
MAX_DEPTH = 200
LOOP_WINDOW = 50  # the last choices of a looping run, whose nodes name its loop


def rerun_command(scenario_name: str, seed: int, run: int) -> str:
    """Return how to play random run `run` of `seed` again."""
    return (
        f"seed {seed} run {run}: python3 main.py simulate {scenario_name} "
        f"--seed {seed} --runs {run + 1}"
    )


@dataclass(frozen=True)
class Stuck:
    """A state where no choice is offered, and how to get there again.

    :param run: the run number for random play (seeded with `seed`), else None.
    :param path: the choice ids taken from the start.
    """

    node_id: str
    variables: tuple[tuple[str, int | bool], ...]
    rung_id: str
    path: tuple[str, ...]
    seed: int | None = None
    run: int | None = None

    def how_to_reproduce(self, scenario_name: str) -> str:
        if self.run is not None and self.seed is not None:
            return rerun_command(scenario_name, self.seed, self.run)
        choices = ",".join(self.path)
        return f"python3 main.py play {scenario_name} --text --choices {choices}"


@dataclass
class Loop:
    """Random runs that made the most choices allowed and never reached an ending.

    Runs that went round the same nodes count as one loop.

    :param nodes: the nodes of the first such run's last LOOP_WINDOW choices (of its
        second half at most), in the order they were first seen there.
    :param node_id: where that run was stopped.
    :param run: that run's number (seeded with `seed`); `runs` lists them all.
    """

    nodes: tuple[str, ...]
    node_id: str
    seed: int
    run: int
    runs: list[int] = field(default_factory=list)

    def how_to_reproduce(self, scenario_name: str) -> str:
        return rerun_command(scenario_name, self.seed, self.run)


@dataclass
class Report:
    """The outcome of a simulation: what it reached and missed, and where it stuck."""

    scenario_id: str
    mode: str  # "random" or "exhaustive"
    nodes: list[str]
    choices: list[tuple[str, str]]
    endings: list[str]
    reached_nodes: set[str] = field(default_factory=set)
    taken_choices: set[tuple[str, str]] = field(default_factory=set)
    ending_counts: Counter = field(default_factory=Counter)
    stuck: list[Stuck] = field(default_factory=list)
    stuck_count: int = 0
    cut_runs: list[int] = field(default_factory=list)
    loops: list[Loop] = field(default_factory=list)
    runs: int = 0
    max_steps: int = MAX_STEPS
    seed: int | None = None
    states: int = 0
    complete: bool = True
    bound: str = ""

    @property
    def reached_endings(self) -> set[str]:
        return {ending for ending, count in self.ending_counts.items() if count}

    def never_reached(self) -> dict[str, list[str]]:
        return {
            "nodes": [n for n in self.nodes if n not in self.reached_nodes],
            "choices": [
                f"{n}/{c}" for n, c in self.choices if (n, c) not in self.taken_choices
            ],
            "endings": [e for e in self.endings if e not in self.reached_endings],
        }

    @property
    def findings(self) -> bool:
        """Whether a state got stuck or a run looped without reaching an ending."""
        return bool(self.stuck or self.loops)

    def coverage(self) -> dict[str, tuple[int, int]]:
        """Return (reached, total) for nodes, choices and endings."""
        return {
            "nodes": (len(self.reached_nodes & set(self.nodes)), len(self.nodes)),
            "choices": (len(self.taken_choices), len(self.choices)),
            "endings": (len(self.reached_endings), len(self.endings)),
        }


def _new_report(scenario: Scenario, mode: str) -> Report:
    return Report(
        scenario_id=scenario.id,
        mode=mode,
        nodes=list(scenario.nodes),
        choices=[(n.id, c.id) for n in scenario.nodes.values() for c in n.choices],
        endings=list(scenario.endings),
    )


def _snapshot(story: Story) -> tuple[tuple[tuple[str, int | bool], ...], str]:
    return tuple(sorted(story.variables.items())), story.rung.id


# --- Random playthroughs ------------------------------------------------------------


def run_rng(seed: int, run: int) -> random.Random:
    """Return the random generator of one run; the same seed and run repeat it."""
    return random.Random(f"clear-choice/{seed}/{run}")


def simulate_random(
    scenario: Scenario,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
    max_steps: int = MAX_STEPS,
) -> Report:
    """Play `runs` random runs; run r draws its choices from run_rng(seed, r)."""
    report = _new_report(scenario, "random")
    report.runs, report.seed, report.max_steps = runs, seed, max_steps
    stuck_at: set[str] = set()
    loops: dict[frozenset[str], Loop] = {}
    for run in range(runs):
        rng = run_rng(seed, run)
        story = Story(scenario)
        path: list[str] = []
        visited = [story.state.step_id]
        report.reached_nodes.add(story.state.step_id)
        while not story.is_over:
            offered = story.choices()
            if not offered:
                report.stuck_count += 1
                if story.state.step_id not in stuck_at:
                    stuck_at.add(story.state.step_id)
                    variables, rung = _snapshot(story)
                    report.stuck.append(
                        Stuck(
                            story.state.step_id, variables, rung, tuple(path), seed, run
                        )
                    )
                break
            if len(path) >= max_steps:
                report.cut_runs.append(run)
                _add_loop(loops, visited, seed, run)
                break
            choice = rng.choice(offered)
            report.taken_choices.add((story.state.step_id, choice.id))
            path.append(choice.id)
            story.choose(choice.id)
            visited.append(story.state.step_id)
            report.reached_nodes.add(story.state.step_id)
        if story.is_over:
            report.ending_counts[story.state.step_id] += 1
    report.loops = list(loops.values())
    report.bound = f"{runs} runs of at most {max_steps} choices"
    return report


def _add_loop(
    loops: dict[frozenset[str], Loop], visited: list[str], seed: int, run: int
) -> None:
    """Count a run that was stopped, under the nodes of its last choices."""
    # The second half of the run at most, so that the way into the loop is left out.
    recent = tuple(dict.fromkeys(visited[len(visited) // 2 :][-LOOP_WINDOW:]))
    loop = loops.setdefault(frozenset(recent), Loop(recent, visited[-1], seed, run))
    loop.runs.append(run)


def replay_run(
    scenario: Scenario, seed: int, run: int, max_steps: int = MAX_STEPS
) -> Story:
    """Play run `run` of `seed` again and return the Story where it stopped."""
    rng = run_rng(seed, run)
    story = Story(scenario)
    for _ in range(max_steps):
        offered = story.choices()
        if story.is_over or not offered:
            break
        story.choose(rng.choice(offered).id)
    return story


# --- Exhaustive enumeration ---------------------------------------------------------


def simulate_exhaustive(
    scenario: Scenario, max_states: int = MAX_STATES, max_depth: int = MAX_DEPTH
) -> Report:
    """Explore every distinct play state breadth-first, each once, within the bounds.

    A state is the current step with the variables and the rung, so paths that meet
    in the same state are explored once. The report is complete when no bound was hit.
    """
    report = _new_report(scenario, "exhaustive")
    start = Story(scenario)
    first = _key(start.state)
    # parent[state] = (previous state, choice id) on the shortest path from the start
    parent: dict[tuple, tuple[tuple, str] | None] = {first: None}
    depth = {first: 0}
    queue = [first]
    report.reached_nodes.add(start.state.step_id)
    for key in queue:
        story = Story(scenario, _state(scenario, key))
        if story.is_over:
            report.ending_counts[key[0]] += 1
            continue
        offered = story.choices()
        if not offered:
            report.stuck_count += 1
            report.stuck.append(Stuck(key[0], key[1], key[2], _path(parent, key)))
            continue
        if depth[key] >= max_depth:
            report.complete = False
            continue
        for choice in offered:
            report.taken_choices.add((key[0], choice.id))
            branch = Story(scenario, _state(scenario, key))
            branch.choose(choice.id)
            report.reached_nodes.add(branch.state.step_id)
            child = _key(branch.state)
            if child in parent:
                continue
            if len(parent) >= max_states:
                report.complete = False
                continue
            parent[child] = (key, choice.id)
            depth[child] = depth[key] + 1
            queue.append(child)
    report.states = len(parent)
    report.bound = f"at most {max_states} distinct states, {max_depth} choices deep"
    log.info("explored %d states, complete=%s", report.states, report.complete)
    return report


def _key(state: PlayState) -> tuple:
    return (state.step_id, tuple(sorted(state.variables.items())), state.rung_id)


def _state(scenario: Scenario, key: tuple) -> PlayState:
    return PlayState(
        scenario_id=scenario.id,
        content_hash=scenario.content_hash,
        step_id=key[0],
        variables=dict(key[1]),
        rung_id=key[2],
    )


def _path(parent: dict[tuple, tuple[tuple, str] | None], key: tuple) -> tuple[str, ...]:
    choices = []
    link = parent[key]
    while link is not None:
        key, choice_id = link
        choices.append(choice_id)
        link = parent[key]
    return tuple(reversed(choices))
