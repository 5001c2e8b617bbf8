"""The change reasons the product writes are shown translated: each one the code writes is listed (issue 25).

The code is read, not a hand list: every string given as `reason=` to a call and every `_change_reason = ...`
in the project's modules (demo and scale data aside: their reasons are content). A fixed reason must be in
foundation.reasons.FIXED; a composed one (an f-string) must match one of its patterns, shown in Korean."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings
from django.utils import translation

from governance.foundation.reasons import FIXED, reason_text

ROOTS = ("governance", "assessments")
CONTENT = ("seed_demo.py", "demo.py", "scale.py")  # demo and load-test data: their reasons are content
NOT_HISTORY = {"reject"}  # calls whose `reason=` is not a history reason (a prediction set's rejection)


def _written_reasons() -> list[tuple[str, ast.expr]]:
    found = []
    for root in ROOTS:
        for path in (Path(settings.BASE_DIR) / root).rglob("*.py"):
            if "migrations" in path.parts or path.name in CONTENT:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Call):
                    name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                    found += [
                        (f"{path.name}:{node.lineno}", kw.value)
                        for kw in node.keywords
                        if kw.arg == "reason" and name not in NOT_HISTORY
                    ]
                elif isinstance(node, ast.Assign) and any(
                    getattr(t, "attr", "") == "_change_reason" for t in node.targets
                ):
                    found.append((f"{path.name}:{node.lineno}", node.value))
    return found


def _sample(node: ast.expr) -> str | None:
    """The text a reason expression writes, names filled with samples; None when not composed here."""
    if isinstance(node, ast.Subscript):  # f"..."[:100]
        return _sample(node.value)
    if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "strip":
        return _sample(node.func.value)
    if isinstance(node, ast.IfExp):
        return _sample(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(value.value)
            else:
                name = getattr(value.value, "id", "")
                parts.append({"reason": "Approved", "was": " (was 6)"}.get(name, "7"))
        return "".join(parts)
    return None  # a variable passed on (a service's own `reason` argument): checked where it is written


def test_every_reason_the_code_writes_reads_in_korean():
    written = [(where, _sample(node)) for where, node in _written_reasons()]
    written += [
        (where, _sample(node.orelse)) for where, node in _written_reasons() if isinstance(node, ast.IfExp)
    ]
    samples = [(where, text) for where, text in written if text]
    assert len(samples) >= 30, samples
    untranslated = []
    for where, text in samples:
        with translation.override("ko"):
            korean = reason_text(text)
        if korean == text:
            untranslated.append(f"{where}: {text!r}")
    assert untranslated == [], "reasons shown in English to a Korean reader:\n" + "\n".join(untranslated)


def test_a_reason_a_person_typed_is_shown_as_typed_and_english_stays_english():
    with translation.override("ko"):
        assert reason_text("Budget review with the CRO") == "Budget review with the CRO"
        assert reason_text("") == ""
    with translation.override("en"):
        assert all(reason_text(english) == english for english in FIXED)
        assert reason_text("Holds Production") == "Holds Production"


def test_a_composed_reason_keeps_its_names():
    with translation.override("ko"):
        shown = reason_text("Promotion: v3 to Production (was v2)")
    assert "v3" in shown and "Production" in shown and "v2" in shown and "Promotion" not in shown
