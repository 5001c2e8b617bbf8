import pytest

from tests.factories import MLModelFactory

SPAM = {"role": "provider", "annex_i_product": False}
CREDIT = {
    "role": "provider",
    "annex_i_product": False,
    "annex_iii": {"value": ["5b"], "note": "loans", "evidence": "https://wiki.example/credit"},
}


def eu_answers(**extra):
    from governance.regulation.content import eu_ai_act_v1

    answers = {key: False for key, *_ in eu_ai_act_v1.PROHIBITED}
    answers |= {key: False for key, *_ in eu_ai_act_v1.TRANSPARENCY}
    answers |= {"role": "provider", "annex_i_product": False}
    return answers | extra


@pytest.fixture
def model(team, contributor):
    return MLModelFactory(team=team, owner=contributor, stage="development", ai_act_tier="minimal")
