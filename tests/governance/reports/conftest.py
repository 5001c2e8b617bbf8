from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from pypdf import PdfReader


@pytest.fixture
def demo(reference_data):
    """The demo organisation (models, consents, risks, assessments, a finished check run)."""
    with open(os.devnull, "w") as sink:
        call_command("seed_demo", stdout=sink)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Report files go to a throw-away folder, not var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


def rated_risk(model, owner, title: str = "Outage at peak hours"):
    """A risk on the model, rated through the service (levels, scores and review date derived)."""
    from governance.risks import services as risk_services

    rating = {"inherent_likelihood": 3, "inherent_impact": 3, "residual_likelihood": 2, "residual_impact": 2}
    return risk_services.risk_create(
        actor=owner, model=model, title=title, category="availability", owner=owner, **rating
    )


def footer_pages(data: bytes) -> list[str]:
    """The "Page x of y" stamp of every page, in order."""
    import re

    reader = pdf_reader(data)
    return [re.search(r"Page \d+ of \d+", page.extract_text()).group(0) for page in reader.pages]
