"""Accountability and documentation checks: a passing and a failing case each."""

import pytest

from governance.checks.models import Outcome
from governance.checks.registry import Category, all_checks

from .conftest import deploy, judge, make_model

pytestmark = pytest.mark.django_db


def test_catalogue_has_every_design_check_with_its_declaration():
    checks = all_checks()
    assert len(checks) >= 18
    assert {c.category for c in checks} == set(Category.values)
    assert len({c.key for c in checks}) == len(checks)
    assert all(c.title and c.remediation and c.severity for c in checks)


def test_active_owner(team, owner, contributor):
    kept = make_model(team, owner, "credit-scoring")
    left = make_model(team, contributor, "churn-v2")
    contributor.is_active = False
    contributor.save()
    found = judge("accountability.active_owner", [kept, left])
    assert found["credit-scoring"].outcome == Outcome.PASS
    assert found["churn-v2"].outcome == Outcome.FAIL
    assert "owner 'carl.contributor' of model 'churn-v2' is deactivated" in found["churn-v2"].detail


def test_team_maintained(team, other_team, owner, outsider, contributor):
    ok = make_model(team, owner, "credit-scoring")
    orphan = make_model(other_team, outsider, "card-fraud")
    outsider.is_active = False
    outsider.save()
    found = judge("accountability.team_maintained", [ok, orphan])
    assert found["credit-scoring"].outcome == Outcome.PASS
    assert found["card-fraud"].outcome == Outcome.FAIL
    assert "team 'Fraud' of model 'card-fraud' has no active maintainer" in found["card-fraud"].detail


def test_oversight_contact(team, owner):
    named = make_model(team, owner, "sepsis-alert", tier="high", human_oversight_contact=owner)
    unnamed = make_model(team, owner, "triage-assist", tier="high")
    minimal = make_model(team, owner, "bed-demand", tier="minimal")
    found = judge("accountability.oversight_contact", [named, unnamed, minimal])
    assert found["sepsis-alert"].outcome == Outcome.PASS
    assert found["triage-assist"].outcome == Outcome.FAIL
    assert "'triage-assist' names no human-oversight contact" in found["triage-assist"].detail
    assert found["bed-demand"].outcome == Outcome.NOT_APPLICABLE


def test_model_card(team, owner):
    full = make_model(team, owner, "credit-scoring")
    thin = make_model(team, owner, "limit-setting", card=False, intended_use="Limits.")
    draft = make_model(team, owner, "affordability", stage="development", card=False)
    found = judge("documentation.model_card", [full, thin, draft])
    assert found["credit-scoring"].outcome == Outcome.PASS
    assert found["limit-setting"].outcome == Outcome.FAIL
    assert (
        "'limit-setting' lacks limitations, training data, evaluation metrics"
        in found["limit-setting"].detail
    )
    assert found["affordability"].outcome == Outcome.WARN


def test_version_lineage(team, owner):
    traced = make_model(team, owner, "credit-scoring")
    deploy(traced)
    untraced = make_model(team, owner, "limit-setting")
    version = deploy(untraced, label="2.1.0")
    version.code_reference = ""
    version.save()
    none = make_model(team, owner, "early-arrears")
    found = judge("documentation.version_lineage", [traced, untraced, none])
    assert found["credit-scoring"].outcome == Outcome.PASS
    assert found["limit-setting"].outcome == Outcome.WARN
    assert "version '2.1.0' of 'limit-setting' records no code reference" in found["limit-setting"].detail
    assert found["early-arrears"].outcome == Outcome.FAIL
