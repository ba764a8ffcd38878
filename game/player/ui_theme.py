"""Colours, text sizes and the bilingual interface strings of the player."""

from __future__ import annotations

from game.scenario.model import Text

# Colours are (r, g, b, a) in 0..1.
BACKGROUND = (0.08, 0.10, 0.13, 1.0)
PANEL = (0.11, 0.14, 0.19, 1.0)
PANEL_EDGE = (0.55, 0.68, 0.78, 1.0)
TEXT = (0.95, 0.95, 0.93, 1.0)
TEXT_DIM = (0.70, 0.74, 0.78, 1.0)
ACCENT = (0.98, 0.82, 0.45, 1.0)
BUTTON = (0.18, 0.23, 0.30, 0.96)
BUTTON_FOCUS = (0.33, 0.47, 0.60, 1.0)
BUTTON_HOVER = (0.25, 0.33, 0.42, 1.0)
BUTTON_TEXT = (0.97, 0.97, 0.95, 1.0)
HUD = (0.06, 0.08, 0.11, 1.0)
HUD_CURRENT = (0.80, 0.36, 0.22, 1.0)
HUD_MARK = (0.45, 0.52, 0.58, 1.0)
SHADE = (0.0, 0.0, 0.0, 0.62)
CARD = (0.96, 0.94, 0.89, 1.0)
CARD_TEXT = (0.13, 0.13, 0.14, 1.0)
CARD_DIM = (0.38, 0.38, 0.40, 1.0)
CARD_ACCENT = (0.25, 0.36, 0.46, 1.0)
CARD_MARK = (0.72, 0.20, 0.14, 1.0)

# Text heights in aspect2d units (the window is 2 units tall).
SIZE_TITLE = 0.16
SIZE_HEADING = 0.085
SIZE_BODY = 0.058
SIZE_BUTTON = 0.054
SIZE_SMALL = 0.042
SIZE_MENU_SUMMARY = 0.047
SIZE_HUD = 0.038

# Width of the escalation ladder on the left edge, in aspect2d units.
HUD_WIDTH = 0.58
MARGIN = 0.05

UI = {
    "title_zh": Text("清风抉择", "清风抉择"),
    "title_en": Text("Clear Choice", "Clear Choice"),
    "press_start": Text("触摸或按任意键开始", "Touch or press any key to start"),
    "choose_language": Text("请选择语言", "Choose your language"),
    "lang_zh": Text("中文", "中文"),
    "lang_en": Text("English", "English"),
    "menu_heading": Text("选择一个情景", "Choose a scenario"),
    "menu_role": Text("你的身份：{role}", "Your role: {role}"),
    "menu_empty": Text(
        "现在没有可以体验的情景，请联系工作人员。",
        "No scenario is available right now. Please ask a member of staff.",
    ),
    "page": Text("第 {page} / {pages} 页", "Page {page} of {pages}"),
    "next_page": Text("下一页", "Next"),
    "first_page": Text("回到第一页", "Back to the first"),
    "menu_hint": Text(
        "点击选择，或按数字键；按 Esc 返回开始画面",
        "Tap to choose, or press a number key; Esc returns to the start screen",
    ),
    "continue_hint": Text("点击或按空格继续 ›", "Tap or press Space to continue ›"),
    "choices_hint": Text(
        "你会怎么做？点击选项或按数字键",
        "What do you do? Tap a choice or press its number",
    ),
    "ladder_title": Text("后果阶梯", "Escalation ladder"),
    "rung_heading": Text("你现在到了：{name}", "You have reached: {name}"),
    "rung_source": Text("依据：{source}", "Source: {source}"),
    "continue": Text("继续", "Continue"),
    "ending_label": Text("结局 · {kind}", "Ending · {kind}"),
    "epilogue_heading": Text(
        "真实案例中发生了什么\n{kind}：{title}",
        "What happened in the real case\n{kind}: {title}",
    ),
    "case_source": Text("案例来源：{source}", "Case source: {source}"),
    "legal_heading": Text("纪律与法律依据", "The rules that apply"),
    "back_to_menu": Text("返回情景列表", "Back to the scenarios"),
    "problem_title": Text("出现了技术问题", "A technical problem occurred"),
    "problem_body": Text(
        "很抱歉，这次体验无法继续。请联系工作人员。稍后将回到开始画面。",
        "Sorry, this session cannot go on. Please ask a member of staff. "
        "The start screen will return shortly.",
    ),
    "reloaded": Text("已重新载入情景文件", "The scenario file was reloaded"),
    "reloaded_reset": Text(
        "已重新载入情景文件；回到初始值：{names}",
        "The scenario file was reloaded; back to the initial value: {names}",
    ),
    "reload_restarted": Text(
        "已重新载入情景文件；“{step}”已不存在，从头开始",
        "The scenario file was reloaded; '{step}' is gone, so play restarted",
    ),
    "reload_failed_title": Text("情景文件有错误", "The scenario file has errors"),
    "reload_failed_summary": Text(
        "{count}，仍在播放上一版。修改并保存后会自动重新载入，也可以按 F5。",
        "{count}, so the previous version keeps playing. "
        "Save a fix to reload it, or press F5.",
    ),
    "error_count": Text("{number} 个错误", "{number} error{plural}"),
    "reload_back": Text("返回情景", "Back to the scene"),
    "previous_page": Text("上一页", "Previous"),
    "idle_title": Text("还在吗？", "Are you still there?"),
    "idle_body": Text(
        "触摸屏幕或按任意键继续", "Touch the screen or press any key to go on"
    ),
    "idle_countdown": Text(
        "{seconds} 秒后回到开始画面", "Back to the start screen in {seconds} s"
    ),
    "analytics_off": Text(
        "体验记录暂不可用，本次体验不会被记录。",
        "The visit log is unavailable, so this session is not recorded.",
    ),
}

ENDING_KINDS = {
    "kept_integrity": Text("守住底线", "Kept integrity"),
    "turned_back": Text("及时回头", "Turned back in time"),
    "disciplined": Text("受到处分", "Disciplined"),
    "surrendered_leniency": Text("主动投案，从宽处理", "Surrendered, leniency granted"),
    "prosecuted": Text("被追究刑事责任", "Prosecuted"),
}


def ui_text(key: str, lang: str, **values: object) -> str:
    """Return the interface string ``key`` in ``lang`` with ``values`` filled in."""
    return UI[key].get(lang).format(**values)
