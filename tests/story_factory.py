"""Write large, seeded random scenarios for the story tools' tests."""

from __future__ import annotations

import random

SCENES = ("office", "banquet_room", "home", "talk_room", "courtroom")
RUNGS = (
    "none",
    "reminder_talk",
    "light_sanction",
    "heavy_sanction",
    "case_filed",
    "retention",
    "prosecution",
    "trial",
    "verdict",
)
KINDS = ("kept_integrity", "turned_back", "disciplined", "prosecuted")

HEADER = """format: 1
id: {id}
version: 1
title: {{zh: 生成的故事, en: Generated story}}
summary: {{zh: 测试用, en: For tests}}
role: {{zh: 科员, en: Clerk}}
cases:
  - {{id: c1, summary: {{zh: 案例, en: A case}}, source: "generated"}}
speakers:
  narrator: {{name: {{zh: 旁白, en: Narrator}}}}
variables:
  gifts: {{type: int, initial: 0}}
start: n0000
"""


def big_scenario(nodes: int = 500, seed: int = 7, scenario_id: str = "big") -> str:
    """Return YAML for a scenario with `nodes` nodes in layers of about ten.

    The start node is alone in the first layer, the next two hold three and six
    nodes, and every node is reached from the layer before it. Every node has an
    unconditional choice, so no run gets stuck; some choices are conditional and a
    few lead back to an earlier node.
    Scenes follow the story: offices early, courtrooms late.
    """
    rng = random.Random(seed)
    width = 10
    names = [f"n{index:04d}" for index in range(nodes)]
    levels = [names[:1], names[1:4], names[4:10]] + [
        names[start : start + width] for start in range(10, nodes, width)
    ]
    endings = [f"e{index:02d}" for index in range(max(4, nodes // 25))]
    choices: dict[str, list[str]] = {name: [] for name in names}
    for upper, lower in zip(levels, levels[1:], strict=False):
        for name in lower:
            choices[rng.choice(upper)].append(name)
    out = [HEADER.format(id=scenario_id), "nodes:\n"]
    for level, members in enumerate(levels):
        progress = level / max(1, len(levels) - 1)
        rung = RUNGS[min(len(RUNGS) - 1, int(progress * len(RUNGS)))]
        for name in members:
            targets = choices[name]
            later = [n for lv in levels[level + 1 : level + 4] for n in lv]
            while len(targets) < rng.choice((2, 2, 3)):
                if not later or rng.random() < 0.05:
                    targets.append(rng.choice(endings))
                else:
                    targets.append(rng.choice(later[: width * 2]))
            if level > 2 and rng.random() < 0.03:
                targets.append(rng.choice(levels[rng.randrange(1, level)]))
            out.append(_node(rng, name, progress, rung, targets))
    out.append("endings:\n")
    for number, name in enumerate(endings):
        out.append(
            f"  {name}:\n"
            f"    kind: {KINDS[number % len(KINDS)]}\n"
            f"    scene: {SCENES[number % len(SCENES)]}\n"
            f"    title: {{zh: 结局{number}, en: Ending {number}}}\n"
            "    lines: [{id: a, speaker: narrator, text: {zh: 完, en: The end}}]\n"
            "    epilogue: [{zh: 真实案例, en: The real case}]\n"
            "    legal_basis: []\n"
        )
    return "".join(out)


def _node(
    rng: random.Random, name: str, progress: float, rung: str, targets: list[str]
) -> str:
    scene_index = min(len(SCENES) - 1, int(progress * len(SCENES) + rng.random() * 1.5))
    out = [f"  {name}:\n    scene: {SCENES[scene_index]}\n"]
    if rng.random() < 0.3 and rung != "none":
        out.append(f'    enter: ["rung -> {rung}"]\n')
    out.append(
        "    lines:\n"
        f"      - {{id: a, speaker: narrator, text: {{zh: {name}的台词, "
        f"en: The line of {name}}}}}\n"
        "    choices:\n"
    )
    for number, target in enumerate(targets):
        when = ', when: "gifts > 100"' if number == 2 else ""
        effect = ', effects: ["gifts += 50"]' if number == 0 else ""
        out.append(
            f"      - {{id: c{number}, text: {{zh: 选{number}, en: Pick {number}}}, "
            f"go: {target}{when}{effect}}}\n"
        )
    return "".join(out)


def chain_scenario(nodes: int = 600, scenario_id: str = "chain") -> str:
    """Return YAML for a chain of `nodes` steps that all share two endings.

    Each step offers going on to the next step, refusing (the shared ending
    'e_refused', however far away) and, every tenth step, starting over from the
    first step. The last step goes on to 'e_done'. Scenes take turns.
    """
    names = [f"n{index:04d}" for index in range(nodes)]
    out = [HEADER.format(id=scenario_id), "nodes:\n"]
    for index, name in enumerate(names):
        after = names[index + 1] if index + 1 < nodes else "e_done"
        out.append(
            f"  {name}:\n    scene: {SCENES[index % len(SCENES)]}\n"
            "    lines:\n"
            f"      - {{id: a, speaker: narrator, text: {{zh: 第{index}步, "
            f"en: Step {index}}}}}\n"
            "    choices:\n"
            f"      - {{id: go_on, text: {{zh: 继续, en: Go on}}, go: {after}}}\n"
            "      - {id: refuse, text: {zh: 拒绝, en: Refuse}, go: e_refused}\n"
        )
        if index % 10 == 9:
            out.append(
                "      - {id: again, text: {zh: 重来, en: Start over}, "
                f"go: {names[0]}}}\n"
            )
    out.append("endings:\n")
    for number, name in enumerate(("e_refused", "e_done")):
        out.append(
            f"  {name}:\n"
            f"    kind: {KINDS[number]}\n"
            "    scene: office\n"
            f"    title: {{zh: 结局{number}, en: Ending {number}}}\n"
            "    lines: [{id: a, speaker: narrator, text: {zh: 完, en: The end}}]\n"
            "    epilogue: [{zh: 真实案例, en: The real case}]\n"
            "    legal_basis: []\n"
        )
    return "".join(out)


STUCK = """format: 1
id: stuck
version: 1
title: {zh: 卡住的故事, en: A stuck story}
summary: {zh: 测试用, en: For tests}
role: {zh: 科员, en: Clerk}
cases: [{id: c1, summary: {zh: 案例, en: A case}, source: "test"}]
speakers: {narrator: {name: {zh: 旁白, en: Narrator}}}
variables:
  gifts: {type: int, initial: 0}
start: n1
nodes:
  n1:
    scene: office
    lines: [{id: a, speaker: narrator, text: {zh: 收吗, en: Take it?}}]
    choices:
      - {id: take, text: {zh: 收, en: Take}, go: n2, effects: ["gifts += 1"]}
      - {id: refuse, text: {zh: 不收, en: Refuse}, go: e1}
  n2:
    scene: office
    lines: [{id: a, speaker: narrator, text: {zh: 然后, en: Then}}]
    choices:
      - {id: only, text: {zh: 唯一, en: The only one}, go: e1, when: "gifts > 1"}
endings:
  e1:
    kind: kept_integrity
    scene: office
    title: {zh: 终, en: The end}
    lines: [{id: a, speaker: narrator, text: {zh: 完, en: Done}}]
    epilogue: [{zh: 案例, en: The case}]
    legal_basis: []
"""
"""A scenario where taking the gift leads to 'n2', which then offers no choice."""

LOOP = STUCK.replace(
    """      - {id: only, text: {zh: 唯一, en: The only one}, go: e1, when: "gifts > 1"}
""",
    """      - {id: wait, text: {zh: 等等, en: Wait}, go: n3}
  n3:
    scene: office
    lines: [{id: a, speaker: narrator, text: {zh: 再等, en: Wait more}}]
    choices:
      - {id: back, text: {zh: 回去, en: Go back}, go: n2}
""",
).replace("id: stuck", "id: loop")
"""Taking the gift leads to 'n2' and 'n3', which only lead to each other (CC507)."""
