"""Read the forms of a rendered page as a browser would, to post them back with valid or hostile values."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # text, number, date, datetime, choice, checkbox, hidden
    value: str = ""
    max_length: int | None = None
    required: bool = False
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)

    def add(self, item: Field) -> None:
        if item.name in self.fields and item.kind in ("choice", "checkbox"):
            known = self.fields[item.name]
            known.options.extend(item.options)  # radio buttons: one input per option
            known.value = known.value or item.value
            return
        self.fields[item.name] = item


INPUT_KINDS = {"number": "number", "date": "date", "datetime-local": "datetime", "checkbox": "checkbox",
               "hidden": "hidden", "radio": "choice"}  # fmt: skip
NOT_FIELDS = {"submit", "button", "reset", "image", "file"}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: Field | None = None
        self._option: str | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(method=a.get("method", "get").lower(), action=a.get("action", "")))
            return
        if not self.forms or "name" not in a:
            if tag == "option" and self._select is not None:
                self._option_start(a)
            return
        form, name = self.forms[-1], a["name"]
        max_length = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in NOT_FIELDS:
                return
            mapped = INPUT_KINDS.get(kind, "text")
            value = a.get("value", "")
            checked = "checked" in a
            if mapped == "choice":
                form.add(
                    Field(name, "choice", value if checked else "", options=[value], required="required" in a)
                )
            elif mapped == "checkbox":
                form.add(Field(name, "checkbox", value or "on", required="required" in a))
            else:
                form.add(Field(name, mapped, value, max_length, "required" in a))
        elif tag == "textarea":
            self._textarea = Field(name, "text", "", max_length, "required" in a)
            form.add(self._textarea)
        elif tag == "select":
            self._select = Field(name, "choice", "", required="required" in a, multiple="multiple" in a)
            form.add(self._select)

    def _option_start(self, a: dict[str, str]) -> None:
        value = a.get("value", "")
        self._select.options.append(value)
        if "selected" in a:
            self._select.value = value

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            if self._textarea is not None:
                self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_of(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def post_form(html: str, path: str) -> Form:
    """The page's POST form that posts to `path` (or to the page itself)."""
    candidates = [f for f in forms_of(html) if f.method == "post" and f.action in ("", path)]
    fielded = [f for f in candidates if set(f.fields) - {"csrfmiddlewaretoken"}]
    assert fielded, f"no POST form for {path} on the page"
    return fielded[0]
