"""Benchmark commands share docs/benchmarks.md: each owns a section between `<!-- name:start -->` and
`<!-- name:end -->` markers and rewrites only that, so one bench run never erases another's figures."""

from __future__ import annotations

import re
from pathlib import Path

_SECTION = re.compile(r"<!-- (?P<name>[\w-]+):start -->.*?<!-- (?P=name):end -->\n?", re.S)


def write_marked_section(path: Path, name: str, section: str) -> None:
    """Replace the named section (markers included in `section`), or append it when absent."""
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(
        re.escape(f"<!-- {name}:start -->") + ".*?" + re.escape(f"<!-- {name}:end -->") + "\n?", re.S
    )
    section = section if section.endswith("\n") else section + "\n"
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def marked_sections(text: str) -> list[str]:
    """Every marked section of a text, in order: what a command rewriting the whole file must keep."""
    return [m.group(0) if m.group(0).endswith("\n") else m.group(0) + "\n" for m in _SECTION.finditer(text)]
