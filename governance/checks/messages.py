"""Finding texts in two languages, rendered in the reader's language when shown.

A check writes a finding once, at run time, for readers of any language. So beside the English `detail` it
stores the message's key and parameters (CheckResult.detail_message), and a page, the API or a PDF renders
the text again from this catalogue in the active language. Rows without a message (written before issue 25,
or a key since removed) show their stored English.

Parameters are names, numbers and dates inserted as they are, or one of these, rendered in the same language:
  {"msg": key, "params": {...}}       a nested message
  {"join": [nested, ...], "sep": [english, korean]}   nested messages joined ("; " when no sep)
  {"choice": "stage"|"tier", "value": code}   a model's stage or EU AI Act tier label, in lower case
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils import translation

from governance.foundation.i18n import is_korean

_TEXTS: dict[str, tuple[str, str]] = {}


@dataclass(frozen=True)
class Message:
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"msg": self.key, "params": {k: _json(v) for k, v in self.params.items()}}

    def english(self) -> str:
        return _render(self.as_json(), korean=False) or ""

    def stored(self) -> tuple[str, dict[str, Any]]:
        """(English text, JSON form) for a result row, building the JSON once (a run writes many)."""
        data = self.as_json()
        return _render(data, korean=False) or "", data

    def __str__(self) -> str:
        """In the active language: a Message passed to a template reads like a translated string."""
        return render(self.as_json()) or ""


def _json(value: Any) -> Any:
    if isinstance(value, Message):
        return value.as_json()
    if isinstance(value, list | tuple):
        return {"join": [_json(v) for v in value]}
    return value


class Texts:
    """One catalogue module's messages: `T = Texts("risk", {"no_rated": (english, korean)})`, then
    `T("no_rated", name=...)` is a Message. Templates use str.format names: "model '{name}'"."""

    def __init__(self, prefix: str, texts: dict[str, tuple[str, str]]) -> None:
        self.prefix = prefix
        for key, pair in texts.items():
            full = f"{prefix}.{key}"
            if full in _TEXTS and _TEXTS[full] != pair:
                raise ValueError(f"Two finding texts share the key {full!r}")
            _TEXTS[full] = pair

    def __call__(self, key: str, **params: Any) -> Message:
        full = f"{self.prefix}.{key}"
        if full not in _TEXTS:
            raise KeyError(f"No finding text {full!r}")
        return Message(full, params)


def joined(items: list[Any], english: str, korean: str) -> dict[str, Any]:
    """A parameter listing messages with a separator per language (a list alone joins with '; ')."""
    return {"join": [_json(v) for v in items], "sep": [english, korean]}


def choice(kind: str, value: str) -> dict[str, str]:
    """A parameter shown as the model's stage or tier label in the reader's language."""
    return {"choice": kind, "value": value}


def texts() -> dict[str, tuple[str, str]]:
    """Every registered finding text, {key: (english, korean)} (for the completeness test)."""
    return dict(_TEXTS)


def render(message: dict[str, Any] | None, *, language: str | None = None) -> str | None:
    """The message in `language` (default: the active one), or None when it cannot be rendered."""
    return _render(message, is_korean(language))


def _render(message: dict[str, Any] | None, korean: bool) -> str | None:
    if not message or message.get("msg") not in _TEXTS:
        return None
    english, korean_text = _TEXTS[message["msg"]]
    template = korean_text if korean and korean_text else english
    params = {k: _value(v, korean) for k, v in (message.get("params") or {}).items()}
    try:
        return template.format_map(params)
    except (KeyError, IndexError, ValueError):
        return None


def _value(value: Any, korean: bool) -> Any:
    if isinstance(value, dict):
        if "msg" in value:
            return _render(value, korean) or ""
        if "join" in value:
            sep = value.get("sep") or ["; ", "; "]
            return sep[1 if korean else 0].join(str(_value(v, korean)) for v in value["join"])
        if "choice" in value:
            return _choice_label(value["choice"], value.get("value", ""), korean)
    return value


@cache
def _choice_labels(kind: str) -> dict[str, Any]:
    """{code: label} of a model choice; the labels stay lazy, so each render reads its own language."""
    from governance.inventory.models import MLModel

    choices = {"stage": MLModel.Stage, "tier": MLModel.AIActTier}.get(kind)
    return dict(choices.choices) if choices else {}


@cache
def _english_labels(kind: str) -> dict[str, str]:
    """The same labels in English, once: a run writes every finding's English text."""
    with translation.override("en"):
        return {code: str(label).lower() for code, label in _choice_labels(kind).items()}


def _choice_label(kind: str, code: str, korean: bool) -> str:
    if not korean:
        return _english_labels(kind).get(code, code)
    label = _choice_labels(kind).get(code)
    if label is None:
        return code
    if is_korean():
        return str(label).lower()
    with translation.override("ko"):
        return str(label).lower()
