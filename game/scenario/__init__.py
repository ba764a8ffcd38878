"""Scenario files: loading, the immutable model and diagnostics for authors."""

from .diagnostics import Diagnostic, DiagnosticList, Span
from .loader import (
    SCENARIOS_DIR,
    ScenarioError,
    ScenarioLoadError,
    ScenarioNotFound,
    check_scenario,
    find_scenario,
    list_scenarios,
    load_scenario,
)
from .model import Scenario

__all__ = [
    "SCENARIOS_DIR",
    "Diagnostic",
    "DiagnosticList",
    "Scenario",
    "ScenarioError",
    "ScenarioLoadError",
    "ScenarioNotFound",
    "Span",
    "check_scenario",
    "find_scenario",
    "list_scenarios",
    "load_scenario",
]
