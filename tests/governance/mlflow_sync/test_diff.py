"""The listing diff's pure parts: fingerprints, the three-way rule, and the tag and metric policy."""

from __future__ import annotations

from governance.mlflow_sync import diff
from governance.mlflow_sync.upstream import UpstreamModel, UpstreamVersion


def test_fingerprint_ignores_key_order_and_sees_every_change():
    a = UpstreamModel(name="m", tags={"a": "1", "b": "2"}, aliases={"x": "1"})
    b = UpstreamModel(name="m", tags={"b": "2", "a": "1"}, aliases={"x": "1"})
    assert diff.model_fingerprint(a) == diff.model_fingerprint(b)
    b.aliases["x"] = "2"  # an alias move does not touch MLflow's timestamps; it must touch the fingerprint
    assert diff.model_fingerprint(a) != diff.model_fingerprint(b)
    v = UpstreamVersion(version="1", metrics={"auc": 0.9})
    w = UpstreamVersion(version="1", metrics={"auc": 0.91})
    assert diff.version_fingerprint(v) != diff.version_fingerprint(w)


def test_three_way_applies_upstream_changes_where_nothing_was_edited_here():
    plan = diff.three_way(
        imported={"a": "1", "b": "1", "c": "1"},
        local={"a": "1", "b": "1", "c": "1", "mine": "x"},
        upstream={"a": "2", "c": "1", "new": "n"},
    )
    assert plan.set == {"a": "2", "new": "n"}
    assert plan.remove == ["b"]
    assert plan.conflicts == []


def test_three_way_reports_a_local_edit_instead_of_overwriting_it():
    plan = diff.three_way(imported={"a": "1", "b": "1"}, local={"a": "edited", "b": "1"}, upstream={"a": "2"})
    assert plan.conflicts == [("a", "edited", "2")]
    assert "a" not in plan.set
    assert plan.remove == ["b"]


def test_three_way_leaves_a_local_edit_alone_while_upstream_does_not_change():
    plan = diff.three_way(imported={"a": "1"}, local={"a": "edited"}, upstream={"a": "1"})
    assert not plan.changes and not plan.conflicts


def test_three_way_conflicts_with_a_key_added_here_and_upstream():
    plan = diff.three_way(imported={}, local={"k": "here"}, upstream={"k": "there"})
    assert plan.conflicts == [("k", "here", "there")]


def test_three_way_removal_here_then_change_upstream_is_a_conflict():
    plan = diff.three_way(imported={"k": "1"}, local={}, upstream={"k": "2"})
    assert plan.conflicts == [("k", None, "2")]


def test_tag_policy_cuts_long_values_skips_odd_ones_and_says_so():
    cleaned = diff.clean_tags(
        {"ok": "v", "long": "x" * 900, "bell": "a\x07b", "k" * 300: "v", "governance.gate": "passed"},
        where="model m",
        skip_prefix=diff.WRITE_BACK_PREFIX,
    )
    assert set(cleaned.values) == {"ok", "long"}
    assert len(cleaned.values["long"]) == 500 and cleaned.values["long"].endswith("…")
    assert len(cleaned.notes) == 3


def test_metric_policy_skips_non_finite_and_cuts_long_names():
    cleaned = diff.clean_metrics({"auc": 0.9, "nan": float("nan"), "m" * 80: 1.0}, where="v1")
    assert cleaned.values["auc"] == 0.9 and "nan" not in cleaned.values
    assert any(len(k) == 50 for k in cleaned.values)
    assert len(cleaned.notes) == 2
