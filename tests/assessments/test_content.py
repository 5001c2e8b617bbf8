"""The two released frameworks: their content, the migration that loads them, and the idempotent loader."""

import dataclasses
import hashlib
import importlib
import json

import pytest
from django.apps import apps

from assessments.content import DimensionContent, FrameworkContent, QuestionContent, released
from assessments.content import google_levels_v1 as google
from assessments.content import ml_test_score_v1 as mlts
from assessments.content.loader import load_framework, load_released
from assessments.models import Answer, Assessment, Dimension, Framework, Question

# A released version is frozen: answers were given to its wording. Change a question by releasing a new
# version (module and migration); only then add its checksum here.
FROZEN = {
    ("google-mlops-levels", 1): "a664ee3942124534d0c4cbba12cb352449a96a6d9b4ed196d89b27464e85a624",
    ("google-mlops-levels", 2): "39f28b8332e576101bfc1955acfb3de9933531c0645512674166264fc884fbc2",
    ("ml-test-score", 1): "5f4e59b55ae820a5d7f9a84cd644b301f4c7e069fbdec2a724baf9eb2b3c7dc4",
}


# Fields added to the content classes after a version was released, with their defaults: left out of the
# checksum while they hold the default, so an older version's checksum does not change when a field is added.
LATER_FIELDS = {"extension": False}


def _without_later_defaults(value):
    # The Korean beside each English text (issue 25) translates it without changing what it asks: outside the
    # checksum, which pins the English a version was answered to.
    if isinstance(value, dict):
        return {
            k: _without_later_defaults(v)
            for k, v in value.items()
            if not (k in LATER_FIELDS and v == LATER_FIELDS[k]) and not k.endswith("_ko")
        }
    if isinstance(value, list | tuple):
        return [_without_later_defaults(v) for v in value]
    return value


def checksum(content: FrameworkContent) -> str:
    data = _without_later_defaults(dataclasses.asdict(content))
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@pytest.mark.parametrize("content", released(), ids=lambda c: c.key)
def test_released_versions_are_frozen(content):
    assert checksum(content) == FROZEN[(content.key, content.version)]


@pytest.mark.parametrize("content", released(), ids=lambda c: c.key)
def test_keys_are_unique_and_every_question_is_complete(content):
    keys = [q.key for d in content.dimensions for q in d.questions]
    assert len(keys) == len(set(keys))
    assert len({d.key for d in content.dimensions}) == len(content.dimensions)
    for q in (q for d in content.dimensions for q in d.questions):
        assert q.text.strip() and q.guidance.strip() and q.evidence_hint.strip(), q.key
        assert len(q.evidence_hint) <= 300


def test_google_levels_has_the_six_dimensions_of_design_section_6():
    assert google.FRAMEWORK.kind == "levels"
    assert [d.name for d in google.FRAMEWORK.dimensions] == [
        "Data",
        "Experimentation",
        "Training pipeline",
        "Deployment",
        "Monitoring",
        "Governance",
    ]
    for dim in google.FRAMEWORK.dimensions:
        levels = [q.level for q in dim.questions]
        assert set(levels) == {1, 2}, dim.key  # every dimension can reach both levels
        assert levels == sorted(levels), dim.key  # level 1 questions first
        assert all(q.text.endswith("?") for q in dim.questions)


def test_ml_test_score_has_breck_et_als_28_tests_in_4_sections_of_7():
    assert mlts.FRAMEWORK.kind == "test_score"
    assert [d.key for d in mlts.FRAMEWORK.dimensions] == ["data", "model", "infrastructure", "monitoring"]
    assert all(len(d.questions) == 7 for d in mlts.FRAMEWORK.dimensions)
    names = [q.text for d in mlts.FRAMEWORK.dimensions for q in d.questions]
    for name in (
        "Feature expectations are captured in a schema.",
        "The data pipeline has appropriate privacy controls.",
        "Offline and online metrics correlate.",
        "The model is tested for considerations of inclusion.",
        "Training is reproducible.",
        "Models are canaried before serving.",
        "Training and serving are not skewed.",
        "Prediction quality has not regressed.",
    ):
        assert name in names
    assert all(q.level is None for d in mlts.FRAMEWORK.dimensions for q in d.questions)


@pytest.mark.django_db
def test_the_migration_loaded_every_released_version_as_written():
    latest = {c.key: c.version for c in released()}  # released() is oldest first
    for content in released():
        framework = Framework.objects.get(key=content.key, version=content.version)
        assert framework.kind == content.kind
        assert framework.is_active == (content.version == latest[content.key])  # v2 superseded v1
        dims = list(framework.dimensions.order_by("order"))
        assert [d.key for d in dims] == [d.key for d in content.dimensions]
        for dim, dim_content in zip(dims, content.dimensions, strict=True):
            stored = list(dim.questions.order_by("order").values_list("key", "level", "text", "is_extension"))
            assert stored == [(q.key, q.level, q.text, q.extension) for q in dim_content.questions]


@pytest.mark.django_db
def test_the_migration_and_the_loader_add_nothing_a_second_time():
    counts = (Framework.objects.count(), Dimension.objects.count(), Question.objects.count())
    for name in ("0002_load_frameworks", "0005_load_google_levels_v2"):
        importlib.import_module(f"assessments.migrations.{name}").load(apps, None)
    assert load_released() == 0
    assert (
        (Framework.objects.count(), Dimension.objects.count(), Question.objects.count())
        == counts
        == (3, 16, 110)
    )


@pytest.mark.django_db
def test_the_loader_fills_a_flushed_database():
    Question.objects.all().delete()
    Dimension.objects.all().delete()
    Framework.objects.all().delete()
    assert load_released() == 3 + 16 + 110
    assert load_released() == 0


@pytest.mark.django_db
def test_a_new_version_supersedes_the_old_one_without_touching_its_answers(team, contributor, levels):
    from assessments import services

    draft = services.assessment_start(actor=contributor, team=team, framework=levels)
    question = Question.objects.filter(dimension__framework=levels).first()
    services.answer_save(actor=contributor, assessment=draft, question=question, value="yes")
    v2 = FrameworkContent(
        key=levels.key,
        version=levels.version + 1,
        kind="levels",
        name="Google MLOps levels",
        description="Reworded.",
        source="test",
        dimensions=(
            DimensionContent(
                key="data",
                name="Data",
                description="",
                questions=(
                    QuestionContent(key="new", level=1, text="New?", guidance="g", evidence_hint="e"),
                ),
            ),
        ),
    )
    assert load_framework(v2, Framework=Framework, Dimension=Dimension, Question=Question) == 3
    levels.refresh_from_db()
    assert (
        not levels.is_active and Framework.objects.get(key=levels.key, version=levels.version + 1).is_active
    )
    answer = Answer.objects.get(assessment=draft)
    assert answer.question == question and answer.value == "yes"
    assert Assessment.objects.get(pk=draft.pk).framework == levels


def test_google_levels_v2_places_questions_where_googles_text_does_and_labels_extensions():
    from assessments.content import google_levels_v2 as v2

    questions = {q.key: q for d in v2.FRAMEWORK.dimensions for q in d.questions}
    for key in (
        "deploy-progressive",
        "data-incidents-trigger",
        "mon-triggers-retraining",
        "data-features-defined-once",
        "deploy-serving-compatible",
        "exp-orchestrated",
    ):
        assert questions[key].level == 1, key
    for key in ("deploy-load-tested", "deploy-staged", "train-components-artifacts"):
        assert questions[key].level == 2, key
    assert "deploy-serving-tested" not in questions
    governance = next(d for d in v2.FRAMEWORK.dimensions if d.key == "governance")
    assert all(q.extension for q in governance.questions)
    assert not questions["data-prep-as-code"].extension and questions["mon-central"].extension
    # Unchanged questions keep v1's wording: answers to them mean the same thing in both versions.
    v1_questions = {q.key: q for d in google.FRAMEWORK.dimensions for q in d.questions}
    assert questions["exp-tracked"].text == v1_questions["exp-tracked"].text
    for dim in v2.FRAMEWORK.dimensions:
        levels = [q.level for q in dim.questions]
        assert levels == sorted(levels), dim.key
