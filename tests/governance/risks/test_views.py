"""Register pages: heat maps count the right cells, rules show as form errors, roles are enforced."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.risks import selectors, services
from governance.risks.models import Risk, RiskMatrix
from tests.factories import MLModelFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def model(team, contributor):
    return MLModelFactory(team=team, owner=contributor, stage="production", name="churn-v2")


def add(actor, model, il, ii, rl, ri, title="Risk"):
    return services.risk_create(
        actor=actor,
        model=model,
        title=title,
        category="other",
        owner=model.owner,
        inherent_likelihood=il,
        inherent_impact=ii,
        residual_likelihood=rl,
        residual_impact=ri,
    )


def cell(heat, likelihood, impact):
    return next(
        c for _, cells in heat.rows for c in cells if (c.likelihood, c.impact) == (likelihood, impact)
    )


def test_heat_map_counts_each_cell_in_one_query(model, contributor, django_assert_num_queries):
    add(contributor, model, 4, 4, 3, 3)
    add(contributor, model, 4, 4, 3, 3)
    add(contributor, model, 5, 5, 2, 4)
    matrix = RiskMatrix.objects.get(is_default=True)
    with django_assert_num_queries(1):
        residual = selectors.heat_map(risks=Risk.objects.all(), matrix=matrix, basis="residual")
    inherent = selectors.heat_map(risks=Risk.objects.all(), matrix=matrix, basis="inherent")
    assert cell(residual, 3, 3).count == 2 and cell(residual, 2, 4).count == 1 and residual.total == 3
    assert cell(inherent, 4, 4).count == 2 and cell(inherent, 5, 5).count == 1
    assert cell(residual, 3, 3).level.name == "Medium" and cell(inherent, 5, 5).level.name == "Critical"
    assert residual.rows[0][0] == "Almost certain"  # highest likelihood first


def test_register_shows_heat_maps_and_cell_links_filter(client, model, contributor):
    add(contributor, model, 4, 4, 3, 3, title="Drift")
    add(contributor, model, 5, 5, 2, 4, title="Outage")
    client.force_login(contributor)
    page = client.get(reverse("risks:register")).content.decode()
    assert 'data-likelihood="3" data-impact="3" data-count="1"' in page
    filtered = client.get(
        reverse("risks:register"), {"basis": "residual", "likelihood": 2, "impact": 4}
    ).content.decode()
    assert "Outage" in filtered and "Drift" not in filtered


def test_heat_map_links_only_cells_with_risks_and_keep_the_filters_encoded(client, model, contributor):
    """Zero cells are text, not 25 tab stops to empty lists; the other filters ride along URL-encoded and
    the matrix is named once."""
    import html
    import re

    add(contributor, model, 4, 4, 3, 3, title="Drift & decay")
    matrix = RiskMatrix.objects.get(is_default=True)
    client.force_login(contributor)
    page = client.get(reverse("risks:register"), {"q": "Drift & decay", "matrix": matrix.pk}).content.decode()
    residual = page[
        page.index('id="heat-residual-cap"') : page.index("</table>", page.index("heat-residual"))
    ]
    links = [html.unescape(h) for h in re.findall(r'<a style="color: inherit" href="([^"]+)"', residual)]
    assert len(links) == 1, links  # one cell holds a risk
    query = links[0].split("?", 1)[1]
    assert "q=Drift+%26+decay" in query and query.count("matrix=") == 1, query
    assert "likelihood=3&impact=3" in query
    assert client.get(links[0]).context["page"].paginator.count == 1


def test_register_filters_overdue(client, model, contributor):
    risk = add(contributor, model, 5, 5, 4, 5, title="Critical one")
    add(contributor, model, 2, 2, 1, 1, title="Low one")
    services.risk_review_record(actor=contributor, risk=risk, reviewed_on=TODAY - datetime.timedelta(days=45))
    client.force_login(contributor)
    page = client.get(reverse("risks:register"), {"overdue": "true"}).content.decode()
    assert "Critical one" in page and "Low one" not in page and "Overdue since" in page
    detail = client.get(reverse("risks:detail", args=[risk.pk])).content.decode()
    assert "Review overdue" in detail


def test_register_hides_other_teams(client, model, contributor, outsider):
    add(contributor, model, 4, 4, 3, 3, title="Secret risk")
    client.force_login(outsider)
    assert "Secret risk" not in client.get(reverse("risks:register")).content.decode()
    assert client.get(reverse("risks:detail", args=[Risk.objects.get().pk])).status_code == 404  # as missing


@pytest.mark.parametrize("rows", [2, 20])
def test_register_queries_do_not_grow(client, model, contributor, rows):
    for i in range(rows):
        add(contributor, model, 4, 4, 3, 3, title=f"risk {i}")
    client.force_login(contributor)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("risks:register")).status_code == 200
    # 14: +1 for the residual-level filter's names from the matrices (issue 16), +1 for the header's
    # "Waiting for me" count (issue 18), one query whatever the rows.
    assert len(ctx.captured_queries) <= 14, [q["sql"][:100] for q in ctx.captured_queries]


def test_residual_rule_is_a_form_error(client, model, contributor):
    client.force_login(contributor)
    response = client.post(
        reverse("risks:create"),
        {
            "model": model.pk,
            "title": "Decay",
            "category": "performance_decay",
            "owner": contributor.pk,
            "treatment": "mitigate",
            "inherent_likelihood": 2,
            "inherent_impact": 2,
            "residual_likelihood": 4,
            "residual_impact": 2,
        },
    )
    assert response.status_code == 200
    assert "Residual likelihood may not exceed" in " ".join(
        response.context["form"].errors["residual_likelihood"]
    )
    assert not Risk.objects.exists()


def test_owner_accepting_own_risk_is_a_form_error(client, model, maintainer):
    risk = add(maintainer, model, 4, 4, 3, 3)
    risk.owner = maintainer
    risk.save()
    client.force_login(maintainer)
    response = client.post(
        reverse("risks:accept", args=[risk.pk]),
        {
            "justification": "We can live with it for now.",
            "expires_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 200 and "cannot accept their own risk" in response.content.decode()


def test_viewer_cannot_add_or_review(client, model, viewer, contributor):
    risk = add(contributor, model, 4, 4, 3, 3)
    client.force_login(viewer)
    assert client.get(reverse("risks:create")).status_code == 403
    assert (
        client.post(reverse("risks:review", args=[risk.pk]), {"reviewed_on": TODAY.isoformat()}).status_code
        == 403
    )
    risk.refresh_from_db()
    assert risk.last_reviewed_on is None


def test_model_page_offers_standard_risks(client, model, contributor):
    client.force_login(contributor)
    page = client.get(reverse("inventory:model_detail", args=[model.pk])).content.decode()
    assert "Add the standard risks (5)" in page
    client.post(reverse("risks:add_standard", args=[model.pk]))
    assert model.risks.filter(status="draft").count() == 5
    page = client.get(reverse("inventory:model_detail", args=[model.pk])).content.decode()
    assert "Add the standard risks" not in page and "Fairness across groups decays over time" in page


def test_register_summary_counts_active_drafts_and_overdue_in_one_query(
    model, contributor, django_assert_num_queries
):
    late = add(contributor, model, 4, 4, 3, 3, title="Late")
    add(contributor, model, 4, 4, 3, 3, title="On time")
    closed_late = add(contributor, model, 4, 4, 3, 3, title="Closed")
    services.risk_create(actor=contributor, model=model, title="Draft", category="other", owner=model.owner)
    past = TODAY - datetime.timedelta(days=1)
    Risk.objects.filter(pk__in=[late.pk, closed_late.pk]).update(next_review_due=past)
    Risk.objects.filter(pk=closed_late.pk).update(status=Risk.Status.CLOSED)
    with django_assert_num_queries(1):
        summary = selectors.register_summary(risks=Risk.objects.all(), today=TODAY)
    assert summary == {"active": 2, "draft": 1, "overdue": 1}  # a closed risk is never overdue
