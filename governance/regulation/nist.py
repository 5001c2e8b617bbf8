"""NIST AI RMF 1.0 (NIST AI 100-1, January 2023) tags: the function and category each check, standard risk
category and obligation evidences, and the trustworthiness characteristics (Section 3) it bears on.

Coverage says, per model and for the organisation, which RMF categories something in the product measures,
and which nothing covers."""

from __future__ import annotations

from dataclasses import dataclass

from .obligations import OBLIGATIONS

FUNCTIONS = ("GOVERN", "MAP", "MEASURE", "MANAGE")

CHARACTERISTICS = {
    "valid_reliable": "Valid and reliable",
    "safe": "Safe",
    "secure_resilient": "Secure and resilient",
    "accountable_transparent": "Accountable and transparent",
    "explainable_interpretable": "Explainable and interpretable",
    "privacy_enhanced": "Privacy-enhanced",
    "fair": "Fair, with harmful bias managed",
}

# Every subcategory of the AI RMF 1.0 core (Tables 1-4), so coverage can name what nothing covers.
SUBCATEGORIES = (
    *(f"GOVERN 1.{i}" for i in range(1, 8)),
    "GOVERN 2.1",
    "GOVERN 2.2",
    "GOVERN 2.3",
    "GOVERN 3.1",
    "GOVERN 3.2",
    "GOVERN 4.1",
    "GOVERN 4.2",
    "GOVERN 4.3",
    "GOVERN 5.1",
    "GOVERN 5.2",
    "GOVERN 6.1",
    "GOVERN 6.2",
    *(f"MAP 1.{i}" for i in range(1, 7)),
    "MAP 2.1",
    "MAP 2.2",
    "MAP 2.3",
    *(f"MAP 3.{i}" for i in range(1, 6)),
    "MAP 4.1",
    "MAP 4.2",
    "MAP 5.1",
    "MAP 5.2",
    *(f"MEASURE 1.{i}" for i in range(1, 4)),
    *(f"MEASURE 2.{i}" for i in range(1, 14)),
    *(f"MEASURE 3.{i}" for i in range(1, 4)),
    *(f"MEASURE 4.{i}" for i in range(1, 4)),
    *(f"MANAGE 1.{i}" for i in range(1, 5)),
    *(f"MANAGE 2.{i}" for i in range(1, 5)),
    "MANAGE 3.1",
    "MANAGE 3.2",
    *(f"MANAGE 4.{i}" for i in range(1, 4)),
)


@dataclass(frozen=True)
class Tags:
    subcategories: tuple[str, ...]
    characteristics: tuple[str, ...]


CHECK_TAGS: dict[str, Tags] = {
    "accountability.active_owner": Tags(("GOVERN 2.1",), ("accountable_transparent",)),
    "accountability.team_maintained": Tags(("GOVERN 2.1", "GOVERN 2.3"), ("accountable_transparent",)),
    "accountability.oversight_contact": Tags(("GOVERN 3.2", "MAP 3.5"), ("safe", "accountable_transparent")),
    "accountability.not_prohibited": Tags(("GOVERN 1.1", "MAP 1.1"), ("safe",)),
    "accountability.in_policy": Tags(("GOVERN 1.3", "MANAGE 1.1"), ("accountable_transparent",)),
    "documentation.model_card": Tags(("MAP 2.2", "MAP 2.1"), ("accountable_transparent",)),
    "documentation.high_tier_card": Tags(("MAP 2.2", "GOVERN 1.4"), ("accountable_transparent",)),
    "documentation.version_lineage": Tags(("GOVERN 1.6", "MEASURE 2.8"), ("accountable_transparent",)),
    "data.legal_basis": Tags(("MAP 4.1", "GOVERN 1.1"), ("privacy_enhanced",)),
    "data.consent_valid": Tags(("MEASURE 2.10", "MAP 4.1"), ("privacy_enhanced",)),
    "data.consent_expiring": Tags(("MEASURE 2.10", "MANAGE 4.1"), ("privacy_enhanced",)),
    "data.retention": Tags(("MEASURE 2.10", "GOVERN 1.1"), ("privacy_enhanced",)),
    "data.training_sources": Tags(("MAP 2.3", "MEASURE 2.1"), ("accountable_transparent", "valid_reliable")),
    "risk.rated": Tags(("MAP 5.1", "MEASURE 1.1"), ("safe",)),
    "risk.review_overdue": Tags(("GOVERN 1.5", "MEASURE 3.1"), ("safe",)),
    "risk.high_treated": Tags(("MANAGE 1.2", "MANAGE 1.3"), ("safe",)),
    "maturity.assessment_recent": Tags(("GOVERN 1.5", "GOVERN 4.1"), ("valid_reliable",)),
    "maturity.high_tier_level": Tags(("GOVERN 1.2", "MANAGE 2.2"), ("valid_reliable",)),
    "fairness.selection_rate_ratio": Tags(("MEASURE 2.11",), ("fair",)),
    "fairness.equalized_odds": Tags(("MEASURE 2.11",), ("fair",)),
    "fairness.live": Tags(("MEASURE 2.11", "MEASURE 2.4"), ("fair",)),
    "quality.drift": Tags(("MEASURE 2.4", "MANAGE 4.1"), ("valid_reliable",)),
    "quality.live_degradation": Tags(("MEASURE 2.4", "MEASURE 2.5"), ("valid_reliable",)),
    "quality.monitoring_fresh": Tags(("MEASURE 2.4", "MANAGE 4.1"), ("valid_reliable",)),
    "regulation.classified": Tags(("GOVERN 1.1", "MAP 1.1"), ("accountable_transparent",)),
}
UNTAGGED = Tags((), ())

RISK_TAGS: dict[str, Tags] = {
    "availability": Tags(("MEASURE 2.4", "MANAGE 2.4"), ("valid_reliable", "secure_resilient")),
    "wrong_prediction": Tags(("MEASURE 2.5", "MEASURE 2.3"), ("valid_reliable",)),
    "performance_decay": Tags(("MEASURE 2.4", "MANAGE 4.1"), ("valid_reliable",)),
    "fairness_decay": Tags(("MEASURE 2.11", "MANAGE 4.1"), ("fair",)),
    "skills_loss": Tags(("GOVERN 2.2", "MANAGE 2.2"), ("accountable_transparent",)),
    "privacy": Tags(("MEASURE 2.10", "MAP 4.1"), ("privacy_enhanced",)),
    "security": Tags(("MEASURE 2.7", "MANAGE 2.4"), ("secure_resilient",)),
    "compliance": Tags(("GOVERN 1.1", "MAP 1.1"), ("accountable_transparent",)),
    "other": Tags(("MAP 5.1",), ()),
}

OBLIGATION_TAGS: dict[str, Tags] = {o.key: Tags(o.nist, o.characteristics) for o in OBLIGATIONS}


def check_tags(key: str) -> Tags:
    return CHECK_TAGS.get(key, UNTAGGED)


@dataclass
class Coverage:
    covered: dict[str, list[str]]  # subcategory -> what covers it ("check:...", "risk:...", "obligation:...")
    uncovered: list[str]

    def by_function(self) -> dict[str, tuple[int, int]]:
        """(covered, total) subcategories per function."""
        counts = {}
        for function in FUNCTIONS:
            all_of = [s for s in SUBCATEGORIES if s.split()[0] == function]
            counts[function] = (sum(1 for s in all_of if s in self.covered), len(all_of))
        return counts


def coverage(*, check_keys: set[str], risk_categories: set[str], obligation_keys: set[str]) -> Coverage:
    covered: dict[str, list[str]] = {}
    for key in sorted(check_keys):
        for sub in check_tags(key).subcategories:
            covered.setdefault(sub, []).append(f"check {key}")
    for category in sorted(risk_categories):
        for sub in RISK_TAGS.get(category, UNTAGGED).subcategories:
            covered.setdefault(sub, []).append(f"risk category {category}")
    for key in sorted(obligation_keys):
        for sub in OBLIGATION_TAGS[key].subcategories:
            covered.setdefault(sub, []).append(f"obligation {key}")
    return Coverage(covered, [s for s in SUBCATEGORIES if s not in covered])
