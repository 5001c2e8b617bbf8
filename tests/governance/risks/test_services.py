"""Register rules: residual never above inherent, separation of duties, acceptance expiry, review cadence."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance.risks import services
from governance.risks.models import Risk, RiskAcceptance
from tests.factories import MLModelFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def model(team, contributor):
    return MLModelFactory(team=team, owner=contributor, stage="production")


def rated(actor, model, owner, il=4, ii=4, rl=3, ri=3, **extra):
    return services.risk_create(
        actor=actor,
        model=model,
        title="Wrong predictions",
        category="wrong_prediction",
        owner=owner,
        inherent_likelihood=il,
        inherent_impact=ii,
        residual_likelihood=rl,
        residual_impact=ri,
        **extra,
    )


def test_rating_derives_levels_scores_and_first_review(model, contributor):
    risk = rated(contributor, model, contributor)
    assert (risk.status, risk.inherent_level, risk.inherent_score) == ("active", 2, 16)
    assert (risk.residual_level, risk.residual_score) == (1, 9)  # 3x3 is Medium: reviewed every 180 days
    assert risk.next_review_due == TODAY + datetime.timedelta(days=180)
    assert risk.history.get().history_user == contributor


def test_unrated_risk_stays_a_draft(model, contributor):
    risk = services.risk_create(
        actor=contributor, model=model, title="Outage", category="availability", owner=contributor
    )
    assert risk.status == "draft" and risk.residual_level is None and risk.next_review_due is None


@pytest.mark.parametrize(("rl", "ri", "field"), [(5, 3, "residual_likelihood"), (3, 5, "residual_impact")])
def test_residual_may_not_exceed_inherent(model, contributor, rl, ri, field):
    with pytest.raises(ValidationError) as exc:
        rated(contributor, model, contributor, il=4, ii=4, rl=rl, ri=ri)
    assert field in exc.value.message_dict
    assert not Risk.objects.exists()


def test_partial_rating_and_out_of_matrix_rating_are_refused(model, contributor):
    with pytest.raises(ValidationError, match="together"):
        services.risk_create(
            actor=contributor,
            model=model,
            title="Outage",
            category="availability",
            owner=contributor,
            inherent_likelihood=3,
        )
    with pytest.raises(ValidationError) as exc:
        rated(contributor, model, contributor, il=6, ii=4, rl=3, ri=3)
    assert "Rate from 1 to 5" in exc.value.message_dict["inherent_likelihood"][0]


def test_viewer_and_outsider_cannot_add_risks(model, viewer, outsider, contributor):
    for actor in (viewer, outsider):
        with pytest.raises(PermissionDenied):
            rated(actor, model, contributor)


def test_owner_must_edit_the_team(model, contributor, viewer):
    with pytest.raises(ValidationError) as exc:
        rated(contributor, model, viewer)
    assert "owner" in exc.value.message_dict


def test_review_sets_next_due_from_residual_interval(model, contributor):
    risk = rated(contributor, model, contributor, il=5, ii=5, rl=4, ri=5)  # residual Critical: every 30 days
    review = services.risk_review_record(
        actor=contributor, risk=risk, reviewed_on=TODAY - datetime.timedelta(days=40)
    )
    risk.refresh_from_db()
    assert review.next_review_due == TODAY - datetime.timedelta(days=10) == risk.next_review_due
    assert risk.last_reviewed_on == TODAY - datetime.timedelta(days=40)
    assert risk.is_overdue(TODAY)
    services.risk_review_record(actor=contributor, risk=risk)
    risk.refresh_from_db()
    assert risk.next_review_due == TODAY + datetime.timedelta(days=30) and not risk.is_overdue(TODAY)


def test_review_in_the_future_or_of_a_draft_is_refused(model, contributor):
    risk = rated(contributor, model, contributor)
    with pytest.raises(ValidationError):
        services.risk_review_record(
            actor=contributor, risk=risk, reviewed_on=TODAY + datetime.timedelta(days=1)
        )
    draft = services.risk_create(
        actor=contributor, model=model, title="Outage", category="availability", owner=contributor
    )
    with pytest.raises(ValidationError, match="rate it first"):
        services.risk_review_record(actor=contributor, risk=draft)


class TestAcceptance:
    def test_owner_cannot_accept_their_own_risk(self, model, maintainer):
        risk = rated(maintainer, model, maintainer)
        with pytest.raises(ValidationError, match="cannot accept their own risk"):
            services.acceptance_record(
                actor=maintainer,
                risk=risk,
                justification="It is fine, really.",
                expires_on=TODAY + datetime.timedelta(days=90),
            )
        assert not RiskAcceptance.objects.exists()

    def test_contributor_cannot_accept(self, model, contributor, maintainer):
        risk = rated(contributor, model, maintainer)
        with pytest.raises(PermissionDenied):
            services.acceptance_record(
                actor=contributor,
                risk=risk,
                justification="Looks acceptable to me.",
                expires_on=TODAY + datetime.timedelta(days=90),
            )

    def test_maintainer_or_admin_accepts_and_it_expires(self, model, contributor, maintainer, gov_admin):
        risk = rated(contributor, model, contributor)
        acceptance = services.acceptance_record(
            actor=maintainer,
            risk=risk,
            justification="Fallback rules cover it.",
            expires_on=TODAY + datetime.timedelta(days=90),
        )
        risk.refresh_from_db()
        assert risk.treatment == "accept" and acceptance.approver == maintainer
        assert acceptance.is_active(TODAY) and not acceptance.is_active(TODAY + datetime.timedelta(days=90))
        old = services.acceptance_record(
            actor=gov_admin,
            risk=risk,
            justification="Accepted last year by the board.",
            accepted_on=TODAY - datetime.timedelta(days=300),  # backdated at most a year (issue 17 item 6)
            expires_on=TODAY - datetime.timedelta(days=35),
        )
        assert not old.is_active(TODAY)

    def test_expiry_must_follow_acceptance(self, model, contributor, maintainer):
        risk = rated(contributor, model, contributor)
        with pytest.raises(ValidationError) as exc:
            services.acceptance_record(
                actor=maintainer, risk=risk, justification="Fallback rules cover it.", expires_on=TODAY
            )
        assert "expires_on" in exc.value.message_dict


def test_standard_risks_are_added_once_as_drafts(model, contributor):
    added = services.risks_add_standard(actor=contributor, model=model)
    assert {r.category for r in added} == {c for c, _ in services.STANDARD_RISKS}
    assert all(r.status == "draft" and r.owner == model.owner for r in added)
    assert services.risks_add_standard(actor=contributor, model=model) == []


def test_close_keeps_the_risk_and_freezes_it(model, contributor):
    risk = rated(contributor, model, contributor)
    services.risk_close(actor=contributor, risk=risk, reason="Model replaced")
    risk.refresh_from_db()
    assert risk.status == "closed" and risk.closed_reason == "Model replaced"
    with pytest.raises(ValidationError, match="closed"):
        services.risk_update(actor=contributor, risk=risk, title="Renamed")


def test_update_rerates_bringing_the_review_forward_but_never_later(model, contributor):
    risk = rated(contributor, model, contributor)
    due = risk.next_review_due  # Medium: 180 days
    risk = services.risk_update(actor=contributor, risk=risk, residual_likelihood=1, residual_impact=1)
    assert risk.residual_level == 0 and risk.residual_score == 1 and risk.next_review_due == due
    # Issue 16: re-rating to High (90 days) tightens the review; it used to keep the 180-day date.
    risk = services.risk_update(actor=contributor, risk=risk, residual_likelihood=4, residual_impact=4)
    assert risk.residual_level == 2 and risk.next_review_due == TODAY + datetime.timedelta(days=90)
    with pytest.raises(ValidationError, match="keeps its ratings"):
        services.risk_update(
            actor=contributor,
            risk=risk,
            inherent_likelihood=None,
            inherent_impact=None,
            residual_likelihood=None,
            residual_impact=None,
        )


def test_standard_risks_have_korean_and_are_titled_in_the_requesters_language(model, contributor):
    from django.utils import translation

    assert set(services.STANDARD_RISKS_KO) == {c for c, _ in services.STANDARD_RISKS}
    with translation.override("ko"):
        added = services.risks_add_standard(actor=contributor, model=model)
    titles = {r.category: r.title for r in added}
    assert titles["availability"] == "모델을 일정 기간 사용할 수 없음"
    assert all(title == services.STANDARD_RISKS_KO[c] for c, title in titles.items())
