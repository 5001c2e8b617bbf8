"""Bench commands share docs/benchmarks.md: each rewrites only its own marked section."""

from __future__ import annotations

from governance.foundation.bench_docs import marked_sections, write_marked_section

A = "<!-- a:start -->\nold a\n<!-- a:end -->\n"
B = "<!-- b:start -->\nb\n<!-- b:end -->\n"


def test_replaces_only_its_own_section(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text(f"# Benchmarks\n\ntable\n\n{A}\n{B}")
    write_marked_section(path, "a", "<!-- a:start -->\nnew a\n<!-- a:end -->")
    assert path.read_text() == f"# Benchmarks\n\ntable\n\n<!-- a:start -->\nnew a\n<!-- a:end -->\n\n{B}"


def test_appends_a_missing_section_and_creates_the_file(tmp_path):
    path = tmp_path / "benchmarks.md"
    write_marked_section(path, "b", B)
    write_marked_section(path, "a", A)
    assert path.read_text() == f"# Benchmarks\n\n{B}\n{A}"


def test_marked_sections_are_what_a_whole_file_rewrite_keeps():
    text = f"# Benchmarks\n\n{A}text between\n{B}"
    assert marked_sections(text) == [A, B]
    assert marked_sections("no markers\n<!-- a:start -->\nunterminated") == []
