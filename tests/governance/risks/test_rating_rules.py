"""Issue 16: re-rating brings the review forward, inherent-only ratings, wide-character minimums, readable
history and the residual-level filter in the matrices' own names."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.foundation.textlength import text_weight
from governance.risks import selectors, services
from governance.risks.filters import RiskFilter
from governance.risks.models import Risk, RiskMatrix
from tests.factories import MLModelFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def model(team, contributor):
    return MLModelFactory(team=team, owner=contributor, stage="production", name="churn-v2")


def rate(actor, model, il, ii, rl=None, ri=None, title="Model unavailable during peak hours"):
    return services.risk_create(
        actor=actor,
        model=model,
        title=title,
        category="availability",
        owner=actor,
        inherent_likelihood=il,
        inherent_impact=ii,
        residual_likelihood=rl,
        residual_impact=ri,
    )


class TestReratingTightensTheReview:
    def test_rating_low_as_critical_brings_the_review_forward(self, model, contributor):
        risk = rate(contributor, model, 5, 5, 1, 1)  # residual Low: reviewed within 365 days
        assert risk.next_review_due == TODAY + datetime.timedelta(days=365)
        risk = services.risk_update(actor=contributor, risk=risk, residual_likelihood=5, residual_impact=5)
        assert risk.residual_level == 3
        assert risk.next_review_due == TODAY + datetime.timedelta(days=30)

    def test_the_new_interval_counts_from_the_last_review(self, model, contributor):
        risk = rate(contributor, model, 5, 5, 1, 1)
        services.risk_review_record(
            actor=contributor, risk=risk, reviewed_on=TODAY - datetime.timedelta(days=20)
        )
        risk = services.risk_update(actor=contributor, risk=risk, residual_likelihood=5, residual_impact=5)
        assert risk.next_review_due == TODAY + datetime.timedelta(days=10)  # 20 days ago + 30

    def test_re_rating_lower_never_pushes_the_date_later(self, model, contributor):
        risk = rate(contributor, model, 5, 5, 5, 5)  # Critical: 30 days
        risk = services.risk_update(actor=contributor, risk=risk, residual_likelihood=1, residual_impact=1)
        assert risk.residual_level == 0 and risk.next_review_due == TODAY + datetime.timedelta(days=30)


class TestInherentOnly:
    def test_an_inherent_rating_alone_makes_an_active_risk_with_residual_equal_to_it(
        self, model, contributor
    ):
        risk = rate(contributor, model, 4, 4)
        assert risk.status == Risk.Status.ACTIVE and risk.residual_from_inherent
        assert (risk.residual_likelihood, risk.residual_impact) == (4, 4)
        assert risk.residual_level == risk.inherent_level == 2
        assert risk.next_review_due == TODAY + datetime.timedelta(days=90)

    def test_the_copied_residual_follows_the_inherent_until_one_is_given(self, model, contributor):
        risk = rate(contributor, model, 4, 4)
        risk = services.risk_update(actor=contributor, risk=risk, inherent_likelihood=2, inherent_impact=2)
        risk.refresh_from_db()
        assert (risk.residual_likelihood, risk.residual_impact, risk.residual_from_inherent) == (2, 2, True)
        risk = services.risk_update(actor=contributor, risk=risk, residual_likelihood=1, residual_impact=2)
        risk.refresh_from_db()
        assert (risk.residual_likelihood, risk.residual_from_inherent) == (1, False)

    def test_a_residual_without_an_inherent_rating_is_refused(self, model, contributor):
        with pytest.raises(ValidationError, match="inherent"):
            rate(contributor, model, None, None, 2, 2)

    def test_pages_label_the_residual_as_the_inherent_rating(self, client, model, contributor):
        risk = rate(contributor, model, 4, 4)
        client.force_login(contributor)
        page = client.get(reverse("risks:detail", args=[risk.pk])).content.decode()
        assert "Inherent rating; no residual given yet" in page
        assert "= inherent" in client.get(reverse("risks:register")).content.decode()
        form = client.get(reverse("risks:edit", args=[risk.pk])).content.decode()
        assert 'name="residual_likelihood"' in form and '<option value="4" selected>' in form
        # Saving the edit form unchanged keeps it an inherent-only rating.
        data = {
            "title": risk.title,
            "category": risk.category,
            "owner": contributor.pk,
            "treatment": "open",
            "inherent_likelihood": 4,
            "inherent_impact": 4,
            "residual_likelihood": "",
            "residual_impact": "",
        }
        assert client.post(reverse("risks:edit", args=[risk.pk]), data).status_code == 302
        risk.refresh_from_db()
        assert risk.residual_from_inherent


class TestWideCharacterMinimums:
    def test_a_complete_korean_justification_is_accepted(self, model, maintainer, contributor):
        risk = rate(contributor, model, 4, 4, 3, 3)
        assert text_weight("본인 승인 시도") == 14 and text_weight("too short") == 9
        acceptance = services.acceptance_record(
            actor=maintainer,
            risk=risk,
            justification="본인 승인 시도",
            expires_on=TODAY + datetime.timedelta(days=30),
        )
        assert acceptance.pk
        with pytest.raises(ValidationError, match="at least 10 characters"):
            services.acceptance_record(
                actor=maintainer,
                risk=risk,
                justification="too short",
                expires_on=TODAY + datetime.timedelta(days=30),
            )

    def test_the_acceptance_form_takes_the_korean_sentence(self, client, model, maintainer, contributor):
        risk = rate(contributor, model, 4, 4, 3, 3)
        client.force_login(maintainer)
        url = reverse("risks:accept", args=[risk.pk])
        expires = (TODAY + datetime.timedelta(days=30)).isoformat()
        response = client.post(url, {"justification": "본인 승인 시도", "expires_on": expires})
        assert response.status_code == 302, response.content.decode()[:2000]


class TestReadableHistory:
    def test_history_names_records_and_levels(self, model, contributor):
        risk = rate(contributor, model, 4, 4, 1, 1)
        services.mitigation_add(actor=contributor, risk=risk, description="Autoscale", owner=contributor)
        services.risk_update(actor=contributor, risk=risk, residual_likelihood=4, residual_impact=4)
        entries = selectors.risk_history(risk=risk)
        subjects = {e.subject for e in entries}
        assert "Model unavailable during peak hours" in subjects and "Autoscale" in subjects
        changes = {c.field: (c.old, c.new) for e in entries for c in e.changes}
        assert changes["residual level"] == ("Low", "High")
        assert changes["residual likelihood"] == ("1 · Rare", "4 · Likely")
        assert not any(v.startswith("#") for e in entries for c in e.changes for v in (c.old, c.new))


def test_residual_level_filter_offers_the_matrices_level_names(db):
    RiskMatrix.objects.create(
        name="Four by three",
        likelihood_labels=["Unlikely", "Possible", "Likely", "Certain"],
        impact_labels=["Minor", "Major", "Severe"],
        levels=[
            {"name": "Green", "colour": "#2e7d32", "review_days": 365},
            {"name": "Amber", "colour": "#f9a825", "review_days": 90},
            {"name": "Red", "colour": "#b71c1c", "review_days": 30},
        ],
        grid=[[0, 0, 1], [0, 1, 1], [1, 1, 2], [1, 2, 2]],
    )
    labels = dict(RiskFilter().filters["level"].extra["choices"])
    assert labels == {"0": "Low / Green", "1": "Medium / Amber", "2": "High / Red", "3": "Critical"}
    assert "Level 5" not in labels.values()
