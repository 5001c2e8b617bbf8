"""Markup typed into user text stays text: escaped in every page that shows it, literal in every PDF."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import services as assessment_services
from assessments.content.loader import load_released
from assessments.models import Framework
from assessments.selectors import framework_spec
from governance.checks import engine
from governance.checks import services as check_services
from governance.checks.models import CheckRun
from governance.inventory import services as inventory
from governance.inventory.models import DataSource, MLModel
from governance.promotions.models import Environment
from governance.promotions.services import deployment_move
from governance.reports.builders import check_run, dossier, organisation, team
from governance.risks import services as risk_services
from governance.risks.models import Risk
from tests.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
RAW = ("<script>alert(1)", "<img src=x onerror", '"><img')
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")


@pytest.fixture
def hostile(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_released()
    admin = UserFactory(username="esc.admin")
    admin.groups.add(Group.objects.get(name="governance admin"))
    squad = TeamFactory(name=f"Squad {BREAKOUT}", slug="squad")
    owner = UserFactory(username="esc.owner", first_name=SCRIPT, last_name="Owner")
    MembershipFactory(user=owner, team=squad, role="maintainer")
    model = inventory.model_register(
        actor=owner, team=squad, name=f"{SCRIPT} scorer", owner=owner, purpose=f"Purpose {BREAKOUT}",
        stage=MLModel.Stage.DEVELOPMENT, limitations=f"Limits {SCRIPT}",
    )  # fmt: skip
    version = inventory.version_register(actor=owner, model=model, label="1.0")
    with transaction.atomic():  # production only through the gate's service (issue 18)
        deployment_move(actor=owner, version=version, environment=Environment.objects.get(slug="production"),
                        request=None, reason=f"Release {SCRIPT}")  # fmt: skip
    model.refresh_from_db()
    source = inventory.data_source_create(
        actor=owner, team=squad, name=f"Source {BREAKOUT}", steward=owner, contains_personal_data=True,
        legal_basis=DataSource.LegalBasis.CONSENT, description=f"About {SCRIPT}",
    )  # fmt: skip
    inventory.data_use_add(actor=owner, model=model, data_source=source, role="training",
                           purpose=f"Use {SCRIPT}")  # fmt: skip
    risk = risk_services.risk_create(
        actor=owner, model=model, title=f"Risk {SCRIPT}", category=Risk.Category.PRIVACY, owner=owner,
        description=f"Because {BREAKOUT}", inherent_likelihood=4, inherent_impact=4,
        residual_likelihood=3, residual_impact=3,
    )  # fmt: skip
    framework = Framework.objects.get(key="google-mlops-levels", is_active=True)
    assessment = assessment_services.assessment_start(actor=owner, team=squad, framework=framework)
    question = framework_spec(framework=framework).dimensions[0].question_list[0]
    assessment_services.answers_save(
        actor=owner, assessment=assessment,
        answers=[assessment_services.AnswerInput(question.pk, "yes", f"Evidence {BREAKOUT} {SCRIPT}")],
    )  # fmt: skip
    assessment_services.assessment_submit(actor=owner, assessment=assessment)
    run = check_services.check_run_create(actor=owner, scope=CheckRun.Scope.TEAM, team=squad, enqueue=False)
    engine.run_execute_inline(run_id=run.pk)
    return {"admin": admin, "team": squad, "model": model, "source": source, "risk": risk,
            "assessment": assessment, "run": run}  # fmt: skip


def _pages(h) -> dict[str, str]:
    return {
        "dashboard": reverse("portal:dashboard"),
        "model list": reverse("inventory:model_list"),
        "model search": reverse("inventory:model_list") + "?q=scorer",
        "model detail": reverse("inventory:model_detail", kwargs={"pk": h["model"].pk}),
        "data source list": reverse("inventory:data_source_list"),
        "data source detail": reverse("inventory:data_source_detail", kwargs={"pk": h["source"].pk}),
        "risk register": reverse("risks:register"),
        "risk detail": reverse("risks:detail", kwargs={"pk": h["risk"].pk}),
        "team page": reverse("portal:team_detail", kwargs={"pk": h["team"].pk}),
        "team list": reverse("portal:team_list"),
        "assessment": reverse("assessments:detail", kwargs={"pk": h["assessment"].pk}),
        "check run": reverse("checks:run_detail", kwargs={"pk": h["run"].pk}),
        "model edit": reverse("inventory:model_edit", kwargs={"pk": h["model"].pk}),
        "risk edit": reverse("risks:edit", kwargs={"pk": h["risk"].pk}),
    }


def test_markup_is_escaped_in_every_page(client, hostile):
    client.force_login(hostile["admin"])
    shown = {}
    for label, url in _pages(hostile).items():
        response = client.get(url)
        assert response.status_code == 200, label
        page = response.content.decode()
        for raw in RAW:
            assert raw not in page, f"{label}: unescaped {raw!r}"
        shown[label] = [escaped for escaped in ESCAPED if escaped in page]
    # The pages that list or show the records display the text (escaped), rather than dropping it.
    showing = ("model list", "model search", "model detail", "data source list", "data source detail",
               "risk register", "risk detail", "team page", "check run", "model edit",
               "risk edit")  # fmt: skip
    for label in showing:
        assert shown[label], f"{label}: the hostile text is not shown at all"
    assert ESCAPED[0] in " ".join(shown["model detail"]) and ESCAPED[1] in " ".join(shown["model detail"])


def _text(data: bytes) -> str:
    """The PDF's text without any whitespace: narrow table cells wrap long names at arbitrary points."""
    return "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_markup_prints_literally_in_every_report(hostile):
    now = timezone.now()
    builds = {
        "dossier": dossier.build(
            model_id=hostile["model"].pk, report_id=None, author=SCRIPT, generated_at=now
        ),
        "team": team.build(team_id=hostile["team"].pk, report_id=None, author="x", generated_at=now),
        "organisation": organisation.build(report_id=None, author="x", generated_at=now),
        "check run": check_run.build(run_id=hostile["run"].pk, report_id=None, author="x", generated_at=now),
    }
    expected = {
        "dossier": [f"{SCRIPT} scorer", f"Purpose {BREAKOUT}", f"Risk {SCRIPT}", f"Source {BREAKOUT}"],
        "team": [f"Squad {BREAKOUT}", f"Evidence {BREAKOUT} {SCRIPT}"],
        "organisation": [f"{SCRIPT} scorer", f"Squad {BREAKOUT}"],
        "check run": [f"{SCRIPT} scorer", f"Squad {BREAKOUT}"],
    }
    for kind, rendered in builds.items():
        text = _text(rendered.data)
        for literal in expected[kind]:
            assert "".join(literal.split()) in text, f"{kind}: {literal!r} not printed as text"
