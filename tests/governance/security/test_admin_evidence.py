"""Issue 17 item 4: the Django admin cannot rewrite evidence, through its change pages or its history.

Every attack goes through the real admin pages with the test client as a staff superuser: a change form
posted with the evidence fields altered, and django-simple-history's "Revert" (a POST to the history form
of an older version), which on the old code saved the old version whole, read-only fields included.
"""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from governance.checks import services as check_services
from governance.checks.models import CheckResult
from governance.foundation.admin_rules import HistoryAdmin
from governance.inventory import services as inventory
from governance.inventory.models import (
    ConsentRecord,
    DataSource,
    DataSourceUse,
    Evaluation,
    ModelVersion,
    MonitoringSnapshot,
)
from governance.risks import services as risk_services
from governance.risks.models import Risk, RiskAcceptance
from tests.factories import MLModelFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def records(team, maintainer, contributor):
    today = timezone.localdate()
    model = MLModelFactory(team=team, owner=contributor)
    version = inventory.version_register(actor=maintainer, model=model, label="1.0")
    source = inventory.data_source_create(
        actor=maintainer, team=team, name="Loan applications", steward=maintainer,
        contains_personal_data=True, legal_basis=DataSource.LegalBasis.CONSENT,
    )  # fmt: skip
    consent = inventory.consent_record(
        actor=maintainer, data_source=source, reference="loans-2026", purpose="credit scoring",
        obtained_on=today - datetime.timedelta(days=30),
    )  # fmt: skip
    consent = inventory.consent_withdraw(actor=maintainer, consent=consent, reason="Request #4411")
    use = inventory.data_use_add(
        actor=maintainer, model=model, data_source=source, role="training", purpose="credit scoring"
    )
    evaluation = inventory.evaluation_record(
        actor=maintainer, version=version, quality=0.8, group_metrics={"sex": {"f": {"selection_rate": 0.3}}}
    )
    snapshot = inventory.snapshot_record(actor=maintainer, version=version, feature_drift={"age": 0.05})
    risk = risk_services.risk_create(
        actor=maintainer, model=model, title="Drift unnoticed", category=Risk.Category.PERFORMANCE_DECAY,
        owner=contributor, inherent_likelihood=3, inherent_impact=3, residual_likelihood=2, residual_impact=2,
    )  # fmt: skip
    acceptance = risk_services.acceptance_record(
        actor=maintainer, risk=risk, justification="Within appetite for now.",
        expires_on=today + datetime.timedelta(days=90),
    )  # fmt: skip
    run = check_services.check_run_create(actor=maintainer, scope="model", model=model, enqueue=False)
    return {
        "version": version, "consent": consent, "use": use, "evaluation": evaluation, "snapshot": snapshot,
        "risk": risk, "acceptance": acceptance, "run": run,
    }  # fmt: skip


def form_data(form: forms.BaseForm) -> dict[str, str]:
    """The POST a browser sends for an unchanged admin form (split date-times included)."""
    data: dict[str, str] = {}
    for bound in form:
        value, widget = bound.value(), bound.field.widget
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for i, (part_widget, part) in enumerate(zip(widget.widgets, parts, strict=True)):
                data[f"{bound.html_name}_{i}"] = part_widget.format_value(part) or ""
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        else:
            shown = widget.format_value(value)
            if isinstance(shown, list):  # choice widgets
                shown = shown[0] if shown else ""
            data[bound.html_name] = "" if shown is None else str(shown)
    return data


def change(client, obj, **attack: str):
    """Open the object's admin change page and post it back with the `attack` fields set."""
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200, url
    data = form_data(page.context["adminform"].form) if "adminform" in page.context else {}
    return client.post(url, {**data, **attack})


def revert(client, obj, history_id: int):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_simple_history", args=[obj.pk, history_id])
    return client.post(url, {})


def test_a_consents_withdrawal_and_recorder_cannot_be_changed_on_its_admin_page(client, root, records):
    consent = records["consent"]
    withdrawn = (
        consent.withdrawn_at,
        consent.withdrawn_by_id,
        consent.withdrawal_reason,
        consent.recorded_by_id,
    )
    response = change(
        client, consent,
        withdrawn_at_0="", withdrawn_at_1="", withdrawn_by="", withdrawal_reason="",
        recorded_by=str(root.pk), scope="Edited scope",  # an ordinary field stays editable
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:500]
    consent.refresh_from_db()
    assert consent.scope == "Edited scope"
    assert (
        consent.withdrawn_at,
        consent.withdrawn_by_id,
        consent.withdrawal_reason,
        consent.recorded_by_id,
    ) == (withdrawn)
    assert consent.state == ConsentRecord.State.WITHDRAWN


def test_who_registered_a_version_or_added_a_use_cannot_be_changed(client, root, records):
    version, use = records["version"], records["use"]
    registrar, creator = version.registered_by_id, use.created_by_id
    assert change(client, version, registered_by=str(root.pk), code_reference="git:abc").status_code == 302
    assert change(client, use, created_by=str(root.pk)).status_code == 302
    version.refresh_from_db()
    use.refresh_from_db()
    assert version.code_reference == "git:abc" and version.registered_by_id == registrar
    assert use.created_by_id == creator


def test_revert_in_the_history_cannot_undo_a_withdrawal(client, root, records):
    consent = records["consent"]
    given = consent.history.earliest("history_date")  # the version before the withdrawal
    page = client.get(
        reverse("admin:inventory_consentrecord_simple_history", args=[consent.pk, given.history_id])
    )
    assert page.status_code == 200 and b"Revert" not in page.content  # still readable, no button
    assert revert(client, consent, given.history_id).status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.state == ConsentRecord.State.WITHDRAWN


def test_revert_cannot_rewrite_a_record_whose_change_page_is_read_only(client, root, records, maintainer):
    """Risks are read-only in the admin, yet the old history form saved an old version over one."""
    risk = risk_services.risk_update(
        actor=maintainer, risk=records["risk"], title="Drift unnoticed for weeks"
    )
    first = risk.history.earliest("history_date")
    assert revert(client, risk, first.history_id).status_code == 403
    risk.refresh_from_db()
    assert risk.title == "Drift unnoticed for weeks"


def test_every_admin_page_with_history_refuses_to_revert():
    with_history = [ma for ma in admin.site._registry.values() if isinstance(ma, SimpleHistoryAdmin)]
    assert len(with_history) >= 10
    not_guarded = [type(ma).__name__ for ma in with_history if not isinstance(ma, HistoryAdmin)]
    assert not not_guarded, f"admin pages that can revert history: {not_guarded}"


@pytest.mark.parametrize("name", ["evaluation", "snapshot"])
def test_evaluations_and_snapshots_are_immutable_with_history(client, root, records, name):
    record = records[name]
    meta = record._meta
    assert record.history.count() == 1 and record.history.get().history_user_id == record.recorded_by_id
    page = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content  # shown read-only
    before = {f.attname: getattr(record, f.attname) for f in meta.concrete_fields}
    edit = {"metric_name": "tampered", "quality": "0.99", "live_quality": "0.99", "recorded_by": str(root.pk)}
    assert client.post(page.wsgi_request.path, edit).status_code == 403
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
    record.refresh_from_db()
    assert {f.attname: getattr(record, f.attname) for f in meta.concrete_fields} == before
    record.metric_name = "tampered"  # the model refuses too, whatever the caller
    with pytest.raises(Exception, match="cannot be changed; post a new one"):
        record.save()


def test_evaluations_and_snapshots_cannot_be_changed_through_the_api(client, maintainer, records):
    client.force_login(maintainer)
    version = records["version"]
    for path in (f"/api/v1/versions/{version.pk}/evaluations/", f"/api/v1/versions/{version.pk}/snapshots/"):
        for method in ("put", "patch", "delete"):
            response = getattr(client, method)(path, {"quality": 0.99}, content_type="application/json")
            assert response.status_code == 405, (method, path)
    assert Evaluation.objects.get().quality == 0.8 and MonitoringSnapshot.objects.count() == 1


def test_acceptance_approvers_and_check_results_cannot_be_changed(client, root, records):
    risk, acceptance = records["risk"], records["acceptance"]
    page = client.get(reverse("admin:risks_risk_change", args=[risk.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    response = client.post(
        reverse("admin:risks_risk_change", args=[risk.pk]), {"acceptances-0-approver": root.pk}
    )
    assert response.status_code == 403
    assert RiskAcceptance.objects.get(pk=acceptance.pk).approver_id == acceptance.approver_id
    result = CheckResult.objects.filter(run=records["run"]).first()
    if result is not None:
        url = reverse("admin:checks_checkresult_change", args=[result.pk])
        assert client.post(url, {"outcome": "pass"}).status_code == 403
    assert client.get(reverse("admin:checks_checkresult_add")).status_code == 403


def test_a_record_added_in_the_admin_names_the_admin_as_its_recorder(client, root, records, maintainer):
    source = records["consent"].data_source
    url = reverse("admin:inventory_consentrecord_add")
    page = client.get(url)
    data = form_data(page.context["adminform"].form)
    data.update(data_source=str(source.pk), reference="loans-2027", purpose="credit scoring",
                obtained_on=timezone.localdate().isoformat(), recorded_by=str(maintainer.pk))  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    added = ConsentRecord.objects.get(reference="loans-2027")
    assert added.recorded_by == root and added.withdrawn_at is None
    assert not DataSourceUse.objects.exclude(pk=records["use"].pk).exists()
    assert ModelVersion.objects.count() == 1
