"""Reads: visibility per team and the readable history."""

import pytest

from governance.inventory import selectors, services
from tests.factories import ConsentRecordFactory, DataSourceFactory, MLModelFactory

pytestmark = pytest.mark.django_db


def test_visibility_follows_membership_and_site_groups(
    team, other_team, contributor, outsider, auditor, gov_admin
):
    mine = MLModelFactory(team=team, owner=contributor)
    theirs = MLModelFactory(team=other_team, owner=outsider)
    assert set(selectors.models_visible_to(user=contributor)) == {mine}
    assert set(selectors.models_visible_to(user=outsider)) == {theirs}
    assert set(selectors.models_visible_to(user=auditor)) == {mine, theirs}
    assert set(selectors.models_visible_to(user=gov_admin)) == {mine, theirs}


def test_inactive_user_sees_nothing(team, contributor):
    MLModelFactory(team=team, owner=contributor)
    contributor.is_active = False
    assert not selectors.models_visible_to(user=contributor).exists()


def test_model_history_shows_who_changed_what(team, contributor, maintainer):
    model = services.model_register(
        actor=contributor, team=team, name="churn-v2", owner=contributor, purpose="p"
    )
    services.model_update(actor=contributor, model=model, stage="development")
    services.model_transfer_ownership(actor=maintainer, model=model, new_owner=maintainer)
    services.version_register(actor=contributor, model=model, label="1.0.0")
    entries = selectors.model_history(model=model)
    assert [(e.kind, e.action, e.who) for e in entries] == [
        ("Version", "created", "carl.contributor"),
        ("Model", "changed", "maria.maintainer"),
        ("Model", "changed", "carl.contributor"),
        ("Model", "created", "carl.contributor"),
    ]
    transfer, stage = entries[1], entries[2]
    owner_change = next(c for c in transfer.changes if c.field == "owner")
    assert owner_change.old == contributor.get_full_name() and owner_change.new == maintainer.get_full_name()
    assert [(c.field, c.old, c.new) for c in stage.changes] == [("stage", "Proposed", "Development")]


def test_data_source_history_includes_consent_withdrawal(team, maintainer, django_assert_max_num_queries):
    source = DataSourceFactory(team=team, steward=maintainer)
    consent = ConsentRecordFactory(data_source=source, reference="marketing-2024")
    services.consent_withdraw(actor=maintainer, consent=consent, reason="DSR-9")
    with django_assert_max_num_queries(5):
        entries = selectors.data_source_history(source=source)
    withdrawal = entries[0]
    assert (withdrawal.kind, withdrawal.subject, withdrawal.reason) == (
        "Consent",
        "marketing-2024",
        "Withdrawn",
    )
    assert any(c.field == "withdrawn by" and c.new == maintainer.get_full_name() for c in withdrawal.changes)
