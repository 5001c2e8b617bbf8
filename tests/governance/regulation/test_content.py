"""A released questionnaire never changes (answers were given to its wording and its rule): its checksum is
pinned here. A change means a new version module, and a new checksum line."""

import hashlib
import inspect
import json
from dataclasses import asdict

from governance.regulation import content
from governance.regulation.obligations import OBLIGATIONS

PINNED = {
    ("eu_ai_act", 1): "6d6f2508717f43ce",
    ("kr_ai_basic_act", 1): "a5531851bd1fb709",
}


def _english(value):
    """Without the Korean beside each text (issue 25): a translation does not change what was asked."""
    if isinstance(value, dict):
        return {k: _english(v) for k, v in value.items() if not k.endswith("_ko")}
    if isinstance(value, list | tuple):
        return [_english(v) for v in value]
    return value


def checksum(questionnaire) -> str:
    questions = [_english(asdict(q)) for q in questionnaire.questions]
    body = json.dumps([questions, [_english(asdict(c)) for c in questionnaire.categories]], sort_keys=True)
    rule = inspect.getsource(questionnaire.derive)
    return hashlib.sha256((body + rule).encode()).hexdigest()[:16]


def test_released_questionnaires_are_frozen():
    found = {(q.framework, q.version): checksum(q) for q in content.released()}
    assert found == PINNED


def test_every_question_cites_its_article_and_every_obligation_its_article_and_nist_tags():
    for questionnaire in content.released():
        for question in questionnaire.questions:
            assert question.citation, question.key
            for choice in question.choices:
                assert choice.citation, (question.key, choice.value)
    for obligation in OBLIGATIONS:
        assert obligation.citation and obligation.applies_from and obligation.nist, obligation.key


def test_every_check_and_standard_risk_category_is_tagged():
    from governance.checks.registry import all_checks
    from governance.regulation.nist import CHECK_TAGS, RISK_TAGS, SUBCATEGORIES
    from governance.risks.models import Risk

    assert {c.key for c in all_checks()} <= set(CHECK_TAGS)
    assert set(Risk.Category.values) <= set(RISK_TAGS)
    tags = [t for table in (CHECK_TAGS, RISK_TAGS) for tags in table.values() for t in tags.subcategories]
    tags += [t for o in OBLIGATIONS for t in o.nist]
    assert set(tags) <= set(SUBCATEGORIES)
    assert "MEASURE 2.11" in CHECK_TAGS["fairness.selection_rate_ratio"].subcategories


def test_coverage_names_what_nothing_covers():
    from governance.regulation.nist import coverage

    found = coverage(check_keys={"fairness.equalized_odds"}, risk_categories=set(), obligation_keys=set())
    assert found.covered == {"MEASURE 2.11": ["check fairness.equalized_odds"]}
    assert "MEASURE 2.11" not in found.uncovered and "GOVERN 1.1" in found.uncovered
    assert found.by_function()["MEASURE"][0] == 1
