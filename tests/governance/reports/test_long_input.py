"""Every report kind builds whatever the input (issue 17.2): the longest text the API and forms accept, in
words and as one unbroken string, in every field a report prints. Cells too tall for a page continue in the
appendix; nothing is lost, and no build fails with reportlab's LayoutError."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from assessments.models import Answer, Assessment
from governance.checks import engine
from governance.checks import services as check_services
from governance.foundation.inputs import TEXT_MAX_LENGTH
from governance.inventory.models import (
    DataSource,
    DataSourceUse,
    MLModel,
    ModelVersion,
    MonitoringSnapshot,
)
from governance.reports.builders import check_run, dossier, organisation, team
from governance.risks.models import Mitigation, Risk, RiskAcceptance
from governance.teams.models import Team

from .conftest import pdf_text, rated_risk

FEATURE_NAME_LENGTH = 1_900  # a monitoring snapshot's feature name, posted by any contributor


def filler(length: int, marker: str, *, unbroken: bool) -> str:
    """Text of exactly `length` characters ending with a marker: words, or one unbroken string."""
    body = ("x" * length) if unbroken else ("governance " * (length // 11 + 1))
    return body[: length - len(marker)] + marker


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def longest(demo):
    """The demo organisation with every printed field of card-fraud at its longest, in words or unbroken."""

    def make(unbroken: bool) -> dict:
        model = MLModel.objects.get(name="card-fraud")
        markers = {}

        def text(length: int, key: str) -> str:
            markers[key] = f"END{key.upper()}"
            return filler(length, markers[key], unbroken=unbroken)

        MLModel.objects.filter(pk=model.pk).update(
            name=text(200, "name"),
            **{
                field: text(TEXT_MAX_LENGTH, field)
                for field in ("purpose", "intended_use", "limitations", "ethical_considerations")
            },
        )
        Team.objects.filter(pk=model.team_id).update(name=text(100, "team"))
        version = model.versions.order_by("-registered_at", "-id").first()
        ModelVersion.objects.filter(pk=version.pk).update(
            artifact_uri=text(500, "artifact"), code_reference=text(300, "code")
        )
        use = DataSourceUse.objects.filter(model=model).first()
        DataSource.objects.filter(pk=use.data_source_id).update(name=text(200, "source"))
        DataSourceUse.objects.filter(pk=use.pk).update(purpose=text(100, "use_purpose"))
        risk = Risk.objects.filter(model=model).exclude(status=Risk.Status.CLOSED).first()
        Risk.objects.filter(pk=risk.pk).update(title=text(200, "risk"))
        Mitigation.objects.create(
            risk=risk, description=text(TEXT_MAX_LENGTH, "mitigation"), owner=model.owner
        )
        today = timezone.localdate()
        RiskAcceptance.objects.create(
            risk=risk,
            approver=model.owner,
            justification=text(TEXT_MAX_LENGTH, "justification"),
            accepted_on=today,
            expires_on=today + datetime.timedelta(days=90),
        )
        MonitoringSnapshot.objects.create(
            version=version,
            metric_name="auc",
            live_quality=0.8,
            feature_drift={text(FEATURE_NAME_LENGTH, "feature"): 0.9},
            taken_at=timezone.now(),
            recorded_by=model.owner,
        )
        assessment = Assessment.objects.filter(team_id=model.team_id, status="submitted").first()
        Answer.objects.filter(assessment=assessment).update(evidence=text(2000, "evidence"))
        run = check_services.check_run_create(actor=None, scope="all", trigger="schedule", enqueue=False)
        engine.run_execute_inline(run_id=run.pk)
        return {"model": MLModel.objects.get(pk=model.pk), "run": run, "markers": markers}

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("unbroken", [False, True], ids=["words", "unbroken"])
def test_every_kind_builds_with_the_longest_accepted_input(longest, unbroken):
    data = longest(unbroken)
    model, markers = data["model"], data["markers"]
    now = timezone.now()
    built = {
        "dossier": dossier.build(model_id=model.pk, report_id=1, author="x", generated_at=now),
        "team": team.build(team_id=model.team_id, report_id=2, author="x", generated_at=now),
        "organisation": organisation.build(report_id=3, author="x", generated_at=now),
        "check_run": check_run.build(run_id=data["run"].pk, report_id=4, author="x", generated_at=now),
    }
    texts = {kind: squeeze(pdf_text(pdf.data)) for kind, pdf in built.items()}
    # Nothing is lost: every long field is printed to its end (in its table, or in full in the appendix).
    expected = {
        "dossier": [
            *("name", "purpose", "limitations", "ethical_considerations", "artifact", "code", "source"),
            *("use_purpose", "risk", "mitigation", "justification", "feature"),
        ],
        "team": ["team", "evidence"],
        "organisation": ["name", "team"],
        "check_run": ["feature"],
    }
    for kind, keys in expected.items():
        for key in keys:
            assert markers[key] in texts[kind], (kind, key)
    assert "Appendix:longentriesinfull" in texts["dossier"]
    assert "continuedinnote1oftheappendix" in texts["dossier"]
    assert "Appendix:longentriesinfull" in texts["check_run"]


@pytest.mark.django_db
def test_a_long_cell_keeps_its_beginning_in_the_table_and_points_to_its_note(team, maintainer):
    from tests.factories import MLModelFactory

    model = MLModelFactory(team=team, owner=maintainer, name="long-mitigation")
    risk = rated_risk(model, maintainer)
    description = "Add a standby region. " * 900 + "LASTWORDS"
    Mitigation.objects.create(risk=risk, description=description, owner=maintainer)
    pdf = dossier.build(model_id=model.pk, report_id=5, author="x", generated_at=timezone.now())
    text = pdf_text(pdf.data)
    frame = re.compile(r"^(Model audit dossier: long-mitigation|Report #5|Page \d+ of \d+)$")
    flat = " ".join(" ".join(line for line in text.splitlines() if not frame.match(line.strip())).split())
    table_part, appendix = flat.split("Appendix: long entries in full", 1)
    assert "Add a standby region." in table_part and "(continued in note 1 of the appendix)" in table_part
    assert "LASTWORDS" not in table_part
    assert "Note 1: Mitigation, row “Outage at peak hours”" in appendix
    assert appendix.count("Add a standby region.") == 900 and "LASTWORDS" in appendix
