"""Messages written once and read in many languages: a text with named placeholders, kept as JSON.

`text(_("... %(name)s ..."), name=...)` is a message whose template and parameters are read in the language
active when it is read (str()); `as_json()` keeps it (msgids and parameters) in a JSON column, and
`render_message` reads it back in the active language. A parameter is a plain value (a name, a date: shown as
it is), a gettext_lazy label (a choice's label: translated), a plural (`ngettext_lazy` with its number),
another message (`text`, `lower`) or several joined (`Joined`). Used by notification titles and the
promotion gate's reasons; check findings keep their own two-language catalogue (governance.checks.messages).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import (
    gettext,
    gettext_lazy,
    ngettext,
    ngettext_lazy,
    npgettext,
    npgettext_lazy,
    pgettext,
    pgettext_lazy,
)

_TRANSLATORS = {gettext: "gettext", ngettext: "ngettext", pgettext: "pgettext", npgettext: "npgettext"}
_CALLS = {name: function for function, name in _TRANSLATORS.items()}
_LAZY_CALLS = {
    "gettext": gettext_lazy,
    "ngettext": ngettext_lazy,
    "pgettext": pgettext_lazy,
    "npgettext": npgettext_lazy,
}


class Text:
    """A message with named placeholders, each read in the language active when the text is read."""

    def __init__(self, message: Any, params: dict[str, Any], *, lower: bool = False) -> None:
        self.message, self.params, self.lower = message, params, lower

    def __str__(self) -> str:
        value = str(self.message)
        if self.params:
            value = value % {key: str(param) for key, param in self.params.items()}
        return value.lower() if self.lower else value

    def __repr__(self) -> str:
        return f"Text({self.as_json()!r})"

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "msg": as_json(self.message),
            "params": {k: as_json(v) for k, v in self.params.items()},
        }
        return {**data, "lower": True} if self.lower else data


class Joined:
    """Parts (messages, names) joined with a separator, each read in the language active when read."""

    def __init__(self, parts: list[Any], sep: str = "; ") -> None:
        self.parts, self.sep = list(parts), sep

    def __str__(self) -> str:
        return self.sep.join(str(part) for part in self.parts)

    def as_json(self) -> dict[str, Any]:
        return {"join": [as_json(part) for part in self.parts], "sep": self.sep}


def as_json(value: Any) -> Any:
    """A message part as JSON: a lazy translation by its msgid (and number), a Text nested, else the text."""
    if isinstance(value, Text | Joined):
        return value.as_json()
    if isinstance(value, Promise):
        _unpickle, (function, args, kwargs, *_classes) = value.__reduce__()
        name = _TRANSLATORS.get(function)
        if name:
            return {"call": name, "args": list(args), "kwargs": kwargs}
        return str(value)
    return value if isinstance(value, int | float | bool) or value is None else str(value)


def render_message(data: Any) -> str:
    """A stored message (as_json) in the active language; "" when it cannot be read (callers fall back)."""
    try:
        return str(_loaded(data)) if data else ""
    except (KeyError, TypeError, ValueError):
        return ""


def loaded_message(data: Any) -> Any | None:
    """A stored message (as_json) as a message object again, read in the language active when it is read;
    None when it cannot be read (callers fall back to their stored text)."""
    try:
        message = _loaded(data, calls=_LAZY_CALLS) if data else None
        str(message)  # a broken message shows here, not later in a page
    except (KeyError, TypeError, ValueError):
        return None
    return message


def _loaded(data: Any, calls: dict[str, Any] | None = None) -> Any:
    """The message again; with `calls=_LAZY_CALLS` its translations stay lazy (read whenever str() is)."""
    calls = calls or _CALLS
    if isinstance(data, dict) and "msg" in data:
        params = {key: _loaded(value, calls) for key, value in (data.get("params") or {}).items()}
        return Text(_loaded(data["msg"], calls), params, lower=bool(data.get("lower")))
    if isinstance(data, dict) and "join" in data:
        return Joined([_loaded(part, calls) for part in data["join"]], str(data.get("sep", "; ")))
    if isinstance(data, dict):
        if data.get("call") not in calls:  # only the translation functions, never anything else named
            raise ValueError(f"Not a message: {data!r}")
        return calls[data["call"]](*data.get("args", []), **data.get("kwargs", {}))
    return data


def text(message: Any, **params: Any) -> Text:
    """A message (gettext_lazy) with its named placeholders filled, both in the language active when read."""
    return Text(message, params)


def lower(value: Any) -> Text:
    """A (lazy) label in lower case, in the language active when read."""
    return Text(value, {}, lower=True)


def english(value: Any) -> str:
    """A message (or any text) as read in English: what is stored for the API and exports.

    Read from the msgids themselves (the source language is English), without activating a language: the
    gate's out-of-policy pass renders thousands of reasons."""
    if isinstance(value, Text):
        template = english(value.message)
        if value.params:
            template = template % {key: english(param) for key, param in value.params.items()}
        return template.lower() if value.lower else template
    if isinstance(value, Joined):
        return value.sep.join(english(part) for part in value.parts)
    if isinstance(value, Promise):
        _unpickle, (function, args, kwargs, *_classes) = value.__reduce__()
        call = dict(zip(_PARAMETERS.get(function, ()), args, strict=False)) | kwargs
        if function in (gettext, pgettext):
            return call["message"]
        if function in (ngettext, npgettext):
            return call["singular"] if call["number"] == 1 else call["plural"]
        with translation.override("en"):  # another lazy text: read it under English
            return str(value)
    return str(value)


_PARAMETERS = {
    gettext: ("message",),
    pgettext: ("context", "message"),
    ngettext: ("singular", "plural", "number"),
    npgettext: ("context", "singular", "plural", "number"),
}
