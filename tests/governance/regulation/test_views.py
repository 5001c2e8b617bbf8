import pytest
from django.urls import reverse

from governance.regulation.models import Attestation, Classification

from .conftest import eu_answers

pytestmark = pytest.mark.django_db


def _post_answers(answers):
    data = {}
    for key, value in answers.items():
        if value is True:
            data[key] = "yes"
        elif value is False:
            data[key] = "no"
        else:
            data[key] = value
    return data


def test_contributor_classifies_through_the_form_and_sees_the_obligations(client, model, contributor):
    client.force_login(contributor)
    url = reverse("regulation:classify", args=[model.pk, "eu_ai_act"])
    assert client.get(url).status_code == 200
    response = client.post(url, _post_answers(eu_answers(annex_iii=["4a"])) | {"annex_iii__note": "CVs"})
    assert response.status_code == 302
    classification = Classification.objects.get(model=model)
    assert classification.category == "high" and classification.answers["annex_iii"]["note"] == "CVs"
    page = client.get(reverse("regulation:model", args=[model.pk]))
    assert page.status_code == 200
    assert b"Art. 9" in page.content and b"Annex III 4(a)" in page.content


def test_bad_answers_are_a_form_error_not_a_500(client, model, contributor):
    client.force_login(contributor)
    url = reverse("regulation:classify", args=[model.pk, "eu_ai_act"])
    response = client.post(url, {"role": "provider", "annex_iii": ["4a"], "ex_narrow_procedural": "yes"})
    assert response.status_code == 400
    assert not Classification.objects.exists()
    assert client.get(reverse("regulation:classify", args=[model.pk, "nope"])).status_code == 404


def test_outsider_gets_404_and_viewer_may_not_classify_or_attest(client, model, outsider, viewer):
    client.force_login(outsider)
    assert client.get(reverse("regulation:model", args=[model.pk])).status_code == 404
    client.force_login(viewer)
    assert client.get(reverse("regulation:model", args=[model.pk])).status_code == 200
    assert client.get(reverse("regulation:classify", args=[model.pk, "eu_ai_act"])).status_code == 403
    response = client.post(
        reverse("regulation:attest", args=[model.pk]),
        {"obligation": "eu_art73", "status": "satisfied", "note": "A long enough note."},
    )
    assert response.status_code == 403
    assert not Attestation.objects.exists()


def test_attest_and_withdraw_with_confirmation(client, model, contributor):
    client.force_login(contributor)
    client.post(
        reverse("regulation:attest", args=[model.pk]),
        {"obligation": "eu_art73", "status": "satisfied", "note": "Procedure INC-7 in force."},
    )
    attestation = Attestation.objects.get()
    client.post(reverse("regulation:withdraw", args=[attestation.pk]))
    attestation.refresh_from_db()
    assert attestation.withdrawn_at is None  # no confirmation ticked
    client.post(reverse("regulation:withdraw", args=[attestation.pk]), {"confirm": "yes"})
    attestation.refresh_from_db()
    assert attestation.withdrawn_at is not None


def test_organisation_page_counts_by_tier(client, model, contributor, auditor, django_assert_max_num_queries):
    client.force_login(contributor)
    client.post(reverse("regulation:classify", args=[model.pk, "eu_ai_act"]), _post_answers(eu_answers()))
    client.force_login(auditor)
    response = client.get(reverse("regulation:organisation"))
    assert response.status_code == 200
    assert b"minimal: 1" in response.content


def test_annex_iv_dossier_is_built_from_the_records_with_gaps_stated(
    model, contributor, django_assert_max_num_queries
):
    import io

    from django.utils import timezone
    from pypdf import PdfReader

    from governance.regulation import services
    from governance.reports.builders import annex_iv

    services.classification_answer(
        actor=contributor, model=model, framework="eu_ai_act", answers=eu_answers(annex_iii=["4a"])
    )
    with django_assert_max_num_queries(40):
        rendered = annex_iv.build(model_id=model.pk, report_id=None, author="t", generated_at=timezone.now())
    pdf = rendered.data
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    for section in range(1, 10):
        assert f"{section}. " in text and f"Annex IV point {section}" in text
    assert "Annex III 4(a)" in text
    assert "Not in the records: the declaration of conformity" in text
    assert "Not in the records: no human-oversight contact is named." in text
    assert model.purpose in text


def test_annex_iv_report_is_requested_through_the_reports_service(model, contributor):
    from governance.reports.models import Report
    from governance.reports.services import report_request

    report = report_request(actor=contributor, kind="annex_iv", model=model, enqueue=False)
    assert report.kind == Report.Kind.TECHNICAL_DOCUMENTATION and report.model_id == model.pk
