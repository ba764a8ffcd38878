"""The fixed words of the story tools in Chinese and English.

Scenario texts come from the scenario file in both languages. Everything else that a
tool prints or draws, such as set names, ending kinds, the story graph's legend and
the controls of its HTML page, is kept here so that `--lang` switches all of it.
"""

from __future__ import annotations

# Set names by scene id, as (zh, en).
SCENE_NAMES = {
    "office": ("办公室", "Office"),
    "banquet_room": ("宴会厅", "Banquet room"),
    "home": ("家中", "Home"),
    "talk_room": ("谈话室", "Talk room"),
    "retention_room": ("留置室", "Retention room"),
    "procuratorate": ("检察院", "Procuratorate"),
    "courtroom": ("法庭", "Courtroom"),
    "prison_visit": ("监狱会见室", "Prison visiting room"),
}
# Ending kinds, as (zh, en).
KIND_NAMES = {
    "kept_integrity": ("守住底线", "kept integrity"),
    "turned_back": ("及时回头", "turned back"),
    "disciplined": ("受到处分", "disciplined"),
    "surrendered_leniency": ("主动投案，从宽处理", "surrendered, treated leniently"),
    "prosecuted": ("被追究刑事责任", "prosecuted"),
}

GRAPH_LABELS = {
    "en": {
        "html_lang": "en",
        "ending": "ending: {kind}",
        "note": 'dashed arrow, "id?": conditional choice; blue arrow: goes back; '
        '"→ id": an arrow to a step far away',
        "scene": "scene: {scene}",
        "rung": "rung: {index} {name}",
        "when": "when: {source}",
        "effect": "effect: {source}",
        "arrivals_one": "← {source}",
        "arrivals_many": "← {count} steps",
        "arrivals_tip": "far arrows to {target} come from {count} step(s): {sources}",
        "more": "and {count} more",
        "search": "find a node id",
        "zoom_in": "zoom in",
        "zoom_out": "zoom out",
        "fit": "Fit",
        "help": "wheel: zoom, drag: pan, Enter: next match, click a tag: go there",
        "info": "Point at a node to read its first line.",
        "steps": "{n} steps",
        "one_match": "1 match",
        "matches": "{n} matches",
    },
    "zh": {
        "html_lang": "zh-Hans",
        "ending": "结局：{kind}",
        "note": "虚线箭头、“id?”：有条件的选项；蓝色箭头：回到前面；"
        "“→ id”：通向远处步骤的箭头",
        "scene": "场景：{scene}",
        "rung": "阶梯：{index} {name}",
        "when": "条件：{source}",
        "effect": "效果：{source}",
        "arrivals_one": "← {source}",
        "arrivals_many": "← {count} 个步骤",
        "arrivals_tip": "通向 {target} 的远程箭头来自 {count} 个步骤：{sources}",
        "more": "等另外 {count} 个",
        "search": "查找节点 id",
        "zoom_in": "放大",
        "zoom_out": "缩小",
        "fit": "全图",
        "help": "滚轮：缩放，拖动：平移，回车：下一个结果，点击标签：跳转",
        "info": "指向一个节点，可看到它的第一句台词。",
        "steps": "共 {n} 个步骤",
        "one_match": "找到 1 个",
        "matches": "找到 {n} 个",
    },
}


def pick(pair: tuple[str, str], lang: str) -> str:
    """Return the Chinese or the English word of a (zh, en) pair."""
    return pair[0] if lang == "zh" else pair[1]


def scene_name(scene: str, lang: str) -> str:
    """Return the set name of a scene id, or the id when the set is unknown."""
    return pick(SCENE_NAMES.get(scene, (scene, scene)), lang)


def kind_name(kind: str, lang: str) -> str:
    """Return the name of an ending kind, or the kind with spaces when unknown."""
    plain = kind.replace("_", " ")
    return pick(KIND_NAMES.get(kind, (plain, plain)), lang)
