"""Inventory writes: rights, validation, atomicity and the history they leave."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance.inventory import services
from governance.inventory.models import ConsentRecord, DataSourceUse, MLModel, ModelVersion
from tests.factories import (
    ConsentRecordFactory,
    DataSourceFactory,
    MembershipFactory,
    MLModelFactory,
    ModelVersionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def register(actor, team, owner, **extra):
    return services.model_register(
        actor=actor,
        team=team,
        name=extra.pop("name", "churn-v2"),
        owner=owner,
        purpose="Predicts churn.",
        **extra,
    )


class TestModelRegister:
    def test_contributor_registers_with_history_naming_them(self, team, contributor):
        model = register(contributor, team, contributor, stage="development")
        assert model.pk and model.team == team and model.owner == contributor
        record = model.history.get()
        assert record.history_type == "+" and record.history_user == contributor

    def test_viewer_and_outsider_may_not_register(self, team, viewer, outsider, contributor):
        for actor in (viewer, outsider):
            with pytest.raises(PermissionDenied):
                register(actor, team, contributor)
        assert not MLModel.objects.exists()

    def test_owner_must_be_an_editing_member_of_the_team(self, team, contributor, viewer, outsider):
        for owner in (viewer, outsider):
            with pytest.raises(ValidationError) as exc:
                register(contributor, team, owner)
            assert "owner" in exc.value.message_dict
        assert not MLModel.objects.exists()

    def test_inactive_owner_is_refused(self, team, contributor, maintainer):
        maintainer.is_active = False
        maintainer.save()
        with pytest.raises(ValidationError, match="active user"):
            register(contributor, team, maintainer)

    def test_duplicate_name_in_team_is_a_validation_error(self, team, contributor):
        register(contributor, team, contributor)
        with pytest.raises(ValidationError, match="already has a model with that name"):
            register(contributor, team, contributor)
        assert MLModel.objects.count() == 1

    def test_over_long_name_is_refused(self, team, contributor):
        with pytest.raises(ValidationError) as exc:
            register(contributor, team, contributor, name="x" * 201)
        assert "name" in exc.value.message_dict

    def test_cannot_start_retired(self, team, contributor):
        with pytest.raises(ValidationError, match="cannot start retired"):
            register(contributor, team, contributor, stage="retired")

    def test_unknown_field_is_refused(self, team, contributor):
        with pytest.raises(ValidationError, match="Unknown model fields: colour"):
            register(contributor, team, contributor, colour="red")

    def test_governance_admin_registers_for_any_team(self, team, gov_admin, maintainer):
        assert register(gov_admin, team, maintainer).owner == maintainer


class TestModelUpdateAndTransfer:
    def test_update_records_changed_fields(self, team, contributor):
        model = register(contributor, team, contributor)
        services.model_update(actor=contributor, model=model, stage="development", limitations="Adults only.")
        model.refresh_from_db()
        assert model.stage == "development"
        latest = model.history.first()
        assert latest.history_type == "~" and latest.history_user == contributor

    def test_update_that_changes_nothing_writes_no_history(self, team, contributor):
        model = register(contributor, team, contributor)
        services.model_update(actor=contributor, model=model, name=model.name)
        assert model.history.count() == 1

    def test_team_and_owner_cannot_change_through_update(self, team, other_team, contributor):
        model = register(contributor, team, contributor)
        with pytest.raises(ValidationError, match="cannot be changed here: team"):
            services.model_update(actor=contributor, model=model, team=other_team)

    def test_retired_model_is_frozen_for_non_admins(self, team, contributor, gov_admin):
        model = register(contributor, team, contributor)
        services.model_update(actor=contributor, model=model, stage="retired")
        with pytest.raises(ValidationError, match="retired"):
            services.model_update(actor=contributor, model=model, limitations="late edit")
        services.model_update(actor=gov_admin, model=model, limitations="admin correction")

    def test_transfer_needs_a_maintainer(self, team, contributor, maintainer):
        model = register(contributor, team, contributor)
        with pytest.raises(PermissionDenied):
            services.model_transfer_ownership(actor=contributor, model=model, new_owner=maintainer)
        services.model_transfer_ownership(
            actor=maintainer, model=model, new_owner=maintainer, reason="Carl left"
        )
        model.refresh_from_db()
        assert model.owner == maintainer
        assert "Ownership transferred" in model.history.first().history_change_reason

    def test_transfer_to_viewer_or_same_owner_is_refused(self, team, contributor, maintainer, viewer):
        model = register(contributor, team, contributor)
        with pytest.raises(ValidationError):
            services.model_transfer_ownership(actor=maintainer, model=model, new_owner=viewer)
        with pytest.raises(ValidationError, match="already owns"):
            services.model_transfer_ownership(actor=maintainer, model=model, new_owner=contributor)
        model.refresh_from_db()
        assert model.owner == contributor


class TestVersions:
    def test_register_version(self, team, contributor):
        model = MLModelFactory(team=team, owner=contributor)
        version = services.version_register(
            actor=contributor, model=model, label=" 1.0.0 ", hyperparameters={"depth": 3}, status="validated"
        )
        assert version.label == "1.0.0" and version.registered_by == contributor
        assert version.deployed_at is None

    @pytest.mark.parametrize("stage", ["staging", "production"])
    def test_stage_beyond_development_and_deployed_status_are_never_typed_in(self, team, contributor, stage):
        """Issue 18: they follow from the environments versions hold; forms and the API share this rule."""
        model = register(contributor, team, contributor)
        with pytest.raises(ValidationError, match="ask for a promotion"):
            services.model_update(actor=contributor, model=model, stage=stage)
        with pytest.raises(ValidationError, match="ask for a promotion"):
            services.version_register(actor=contributor, model=model, label="9.0.0", status="deployed")
        version = services.version_register(actor=contributor, model=model, label="9.0.1")
        with pytest.raises(ValidationError, match="ask for a promotion"):
            services.version_update(actor=contributor, version=version, status="deployed")
        model.refresh_from_db()
        version.refresh_from_db()
        assert model.stage == "proposed" and version.status == "registered"

    def test_duplicate_label_is_refused_and_writes_nothing(self, team, contributor):
        model = MLModelFactory(team=team, owner=contributor)
        services.version_register(actor=contributor, model=model, label="1.0.0")
        with pytest.raises(ValidationError) as exc:
            services.version_register(actor=contributor, model=model, label="1.0.0")
        assert "already has a version labelled '1.0.0'" in exc.value.message_dict["label"][0]
        assert ModelVersion.objects.filter(model=model).count() == 1

    def test_same_label_on_another_model_is_fine(self, team, contributor):
        a, b = MLModelFactory(team=team, owner=contributor), MLModelFactory(team=team, owner=contributor)
        services.version_register(actor=contributor, model=a, label="1.0.0")
        services.version_register(actor=contributor, model=b, label="1.0.0")

    def test_retired_model_takes_no_new_version(self, team, contributor):
        model = MLModelFactory(team=team, owner=contributor, stage="retired")
        with pytest.raises(ValidationError, match="retired and takes no new versions"):
            services.version_register(actor=contributor, model=model, label="2.0.0")

    def test_training_window_must_be_ordered(self, team, contributor):
        model = MLModelFactory(team=team, owner=contributor)
        with pytest.raises(ValidationError) as exc:
            services.version_register(
                actor=contributor,
                model=model,
                label="1.0.0",
                training_window_start=datetime.date(2026, 5, 1),
                training_window_end=datetime.date(2026, 1, 1),
            )
        assert "training_window_end" in exc.value.message_dict
        assert not ModelVersion.objects.exists()

    def test_viewer_cannot_register(self, team, viewer):
        model = MLModelFactory(team=team)
        with pytest.raises(PermissionDenied):
            services.version_register(actor=viewer, model=model, label="1.0.0")

    def test_update_keeps_label(self, team, contributor):
        version = ModelVersionFactory(model=MLModelFactory(team=team, owner=contributor), label="1.0.0")
        with pytest.raises(ValidationError, match="label"):
            services.version_update(actor=contributor, version=version, label="9.9.9")
        services.version_update(actor=contributor, version=version, status="validated")
        version.refresh_from_db()
        assert version.status == "validated" and version.label == "1.0.0"


class TestDataSourcesAndConsent:
    def test_create_source_with_steward_from_team(self, team, contributor, maintainer):
        source = services.data_source_create(
            actor=contributor,
            team=team,
            name="crm-events",
            steward=maintainer,
            legal_basis="consent",
            contains_personal_data=True,
        )
        assert source.history.get().history_user == contributor

    def test_personal_data_cannot_claim_no_basis_needed(self, team, contributor):
        with pytest.raises(ValidationError) as exc:
            services.data_source_create(
                actor=contributor,
                team=team,
                name="crm",
                steward=contributor,
                contains_personal_data=True,
                legal_basis="not_required",
            )
        assert "legal_basis" in exc.value.message_dict

    def test_unknown_legal_basis_is_refused(self, team, contributor):
        with pytest.raises(ValidationError) as exc:
            services.data_source_create(
                actor=contributor, team=team, name="crm", steward=contributor, legal_basis="because"
            )
        assert "legal_basis" in exc.value.message_dict

    def test_consent_must_expire_after_it_was_obtained(self, team, maintainer):
        source = DataSourceFactory(team=team, steward=maintainer)
        with pytest.raises(ValidationError) as exc:
            services.consent_record(
                actor=maintainer,
                data_source=source,
                reference="c",
                purpose="churn",
                obtained_on=datetime.date(2026, 5, 1),
                expires_on=datetime.date(2026, 4, 1),
            )
        assert "expires_on" in exc.value.message_dict
        assert not ConsentRecord.objects.exists()

    def test_only_steward_maintainer_or_admin_record_consent(self, team, contributor, maintainer, gov_admin):
        steward = UserFactory()
        MembershipFactory(user=steward, team=team, role="contributor")
        source = DataSourceFactory(team=team, steward=steward)
        args = {"data_source": source, "purpose": "churn", "obtained_on": datetime.date(2026, 1, 1)}
        with pytest.raises(PermissionDenied):
            services.consent_record(actor=contributor, reference="a", **args)
        for i, actor in enumerate((steward, maintainer, gov_admin)):
            services.consent_record(actor=actor, reference=f"ok-{i}", **args)
        assert source.consents.count() == 3

    def test_duplicate_reference_is_refused(self, team, maintainer):
        source = DataSourceFactory(team=team, steward=maintainer)
        args = {
            "actor": maintainer,
            "data_source": source,
            "purpose": "p1",
            "obtained_on": datetime.date(2026, 1, 1),
        }
        services.consent_record(reference="marketing-2024", **args)
        with pytest.raises(ValidationError, match="already has a consent record with that reference"):
            services.consent_record(reference="marketing-2024", **args)

    def test_withdraw_keeps_the_record_and_names_who(self, team, maintainer):
        consent = ConsentRecordFactory(data_source=DataSourceFactory(team=team, steward=maintainer))
        services.consent_withdraw(actor=maintainer, consent=consent, reason="DSR-1")
        consent.refresh_from_db()
        assert consent.withdrawn_by == maintainer and consent.withdrawn_at <= timezone.now()
        assert consent.withdrawal_reason == "DSR-1" and consent.state == "withdrawn"
        assert [h.history_change_reason for h in consent.history.all()][:1] == ["Withdrawn"]
        with pytest.raises(ValidationError, match="already withdrawn"):
            services.consent_withdraw(actor=maintainer, consent=consent, reason="again")

    def test_withdraw_needs_a_reason(self, team, maintainer):
        consent = ConsentRecordFactory(data_source=DataSourceFactory(team=team, steward=maintainer))
        with pytest.raises(ValidationError):
            services.consent_withdraw(actor=maintainer, consent=consent, reason="  ")
        consent.refresh_from_db()
        assert consent.withdrawn_at is None


class TestDataUse:
    def test_link_source_to_model_and_refuse_duplicates(self, team, contributor):
        model = MLModelFactory(team=team, owner=contributor)
        source = DataSourceFactory()
        services.data_use_add(
            actor=contributor, model=model, data_source=source, role="training", purpose="churn"
        )
        with pytest.raises(ValidationError, match="already uses that data source"):
            services.data_use_add(
                actor=contributor, model=model, data_source=source, role="training", purpose="x"
            )
        assert DataSourceUse.objects.count() == 1

    def test_version_of_another_model_is_refused(self, team, contributor):
        model = MLModelFactory(team=team, owner=contributor)
        foreign = ModelVersionFactory(model=MLModelFactory(team=team))
        with pytest.raises(ValidationError) as exc:
            services.data_use_add(
                actor=contributor,
                model=model,
                version=foreign,
                data_source=DataSourceFactory(),
                role="training",
                purpose="churn",
            )
        assert "version" in exc.value.message_dict
