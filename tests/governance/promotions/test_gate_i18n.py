"""The gate's rule titles and reasons read in the viewer's language (issue 25).

A result keeps its English title and reason (a stored evaluation, the API's JSON); pages show `title_text`,
the title the rule registry names for that key, and `reason_text`, the reason's message, translated."""

from __future__ import annotations

import pytest
from django.utils import translation

from governance.promotions.gate import RULE_TITLES, RULES, RuleResult, gate_evaluate
from governance.promotions.models import GateRuleSet


def test_every_rule_has_a_title_in_korean_and_in_english():
    assert set(RULE_TITLES) == {key for key, _title, _function in RULES} and len(RULE_TITLES) >= 8
    for key, english in RULE_TITLES.items():
        result = RuleResult(key=key, title=english, passed=False, reason="", link="")
        with translation.override("en"):
            assert result.title_text == english
        with translation.override("ko"):
            assert result.title_text != english and not result.title_text.isascii(), key


def test_a_stored_result_shows_its_title_in_the_viewer_s_language():
    """An evaluation stored in English (its JSON), shown again under Korean: the key finds the title."""
    stored = {
        "key": "tier_allowed",
        "title": RULE_TITLES["tier_allowed"],
        "passed": True,
        "reason": "",
        "link": "",
        "waivable": False,
        "waived_until": None,
    }
    with translation.override("ko"):
        assert RuleResult(**stored).title_text == translation.gettext(RULE_TITLES["tier_allowed"])
        assert RuleResult(**stored).title_text != stored["title"]


def test_a_rule_no_longer_registered_shows_its_stored_title():
    with translation.override("ko"):
        assert RuleResult(key="gone", title="An old rule", passed=True, reason="", link="").title_text == (
            "An old rule"
        )


@pytest.mark.django_db
def test_every_reason_reads_in_the_viewer_s_language_and_stays_english_as_stored(version, production):
    """Judged under Korean: the stored `reason` (and the API's JSON) is English, `reason_text` is Korean."""
    GateRuleSet.objects.filter(tier="minimal").update(
        check_max_age_days=7,
        untreated_severity="high",
        require_consent=True,
        require_active_people=True,
        model_card_fields=["limitations"],
        min_mlops_level=1,
        require_fairness_evaluation=True,
    )
    with translation.override("ko"):
        gate = gate_evaluate(version=version, environment=production)
        shown = {r.key: (r.reason, r.reason_text) for r in gate.rules}
        stored = {r["key"]: r["reason"] for r in gate.as_dict()["rules"]}
    assert len(shown) >= 7, shown
    for key, (english, korean) in shown.items():
        assert english == stored[key] and english.isascii(), (key, english)
        assert korean != english and not korean.isascii(), (key, korean)
    with translation.override("en"):
        assert all(
            r.reason_text == r.reason for r in gate_evaluate(version=version, environment=production).rules
        )
