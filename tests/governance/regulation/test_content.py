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


def checksum(questionnaire) -> str:
    questions = [asdict(q) for q in questionnaire.questions]
    body = json.dumps([questions, [asdict(c) for c in questionnaire.categories]], sort_keys=True)
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
