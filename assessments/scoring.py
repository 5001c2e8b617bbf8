"""Scoring rules of DESIGN section 5, as pure functions over plain data: no ORM, no Django.

Google levels, per dimension: the level is the highest L in 0..2 such that every applicable question at a
level up to L is answered yes; the score is the level plus the credit on the next level's applicable questions
over their count (yes 1, partial 0.5), capped at 2. The overall level is the minimum over dimensions, the
overall score their mean; next steps are the next level's unmet questions, weakest dimension first.
Dimensions named in ``beside`` (governance, which is not one of Google's criteria) are scored alike but kept
out of the overall level and score: they are reported beside the headline. Assessments submitted before that
rule keep their stored results (docs/decisions.md).

Choices made where the rule is silent (docs/decisions.md explains them):
- An unanswered question counts as not yes and earns no credit: a capability nobody claimed is not credited.
- "Not applicable" means exactly "not asked": the result equals that of the questionnaire without the
  question. A dimension with no applicable question at all has no level (None) and is left out of the
  overall level, the overall score and the next steps.
- Below level 2 the next level always has an applicable question (if it had none, the rule would already
  have climbed past it), so the credit fraction is always defined; at level 2 the score is 2.

ML Test Score: not done 0, manual 0.5, automated 1; a section's score is its sum; the final score is the
lowest section sum, reported with its band.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

YES, PARTIAL, NO, NOT_APPLICABLE = "yes", "partial", "no", "na"
NOT_DONE, MANUAL, AUTOMATED = "not_done", "manual", "automated"
LEVELS, TEST_SCORE = "levels", "test_score"
MAX_LEVEL = 2
# The headline rule a result was scored by, kept in its snapshot: "technical" leaves the dimensions beside the
# headline out of it; a snapshot without the key was scored over every dimension (before issue 16).
TECHNICAL_HEADLINE = "technical"
BESIDE_HEADLINE = frozenset({"governance"})

LEVEL_CREDIT = {YES: Fraction(1), PARTIAL: Fraction(1, 2)}
TEST_CREDIT = {MANUAL: Fraction(1, 2), AUTOMATED: Fraction(1)}


Key = str | int  # a question's key: the scoring only compares keys, callers choose what they are


@dataclass(frozen=True)
class QuestionSpec:
    key: Key
    level: int | None = None


@dataclass(frozen=True)
class DimensionSpec:
    key: str
    name: str
    questions: tuple[QuestionSpec, ...]


@dataclass(frozen=True)
class DimensionScore:
    key: str
    name: str
    level: int | None  # None: no applicable question (levels), or a test-score section
    score: float | None  # None: no applicable question
    applicable: int
    not_applicable: int
    answered: int
    next_steps: tuple[Key, ...]  # question keys to work on next, in questionnaire order


@dataclass(frozen=True)
class Band:
    label: str
    description: str
    description_ko: str = ""  # shown through governance.foundation.i18n.localized


@dataclass(frozen=True)
class Result:
    kind: str
    dimensions: tuple[DimensionScore, ...]  # in framework order
    overall_level: int | None
    overall_score: float | None
    band: Band | None  # ML Test Score only
    next_steps: tuple[DimensionScore, ...]  # dimensions with something to do, weakest first
    beside: tuple[DimensionScore, ...] = ()  # scored, but reported beside the headline, not in it

    def snapshot(self) -> dict:
        """The JSON kept on a submitted assessment."""
        snapshot: dict = {
            "dimensions": [
                {"key": d.key, "name": d.name, "level": d.level, "score": d.score} for d in self.dimensions
            ],
            "band": self.band.label if self.band else None,
        }
        if self.beside:
            snapshot["headline"] = TECHNICAL_HEADLINE
            snapshot["beside"] = [d.key for d in self.beside]
        return snapshot


# Bands of the ML Test Score (Breck et al. 2017, Table V), in our words.
BANDS = (
    (
        Fraction(0),
        Band(
            "0",
            "More a research project than a production system.",
            "운영 시스템이라기보다는 연구 프로젝트에 가깝습니다.",
        ),
    ),
    (
        Fraction(1),
        Band(
            "(0, 1]",
            "Not untested, but serious holes in reliability are likely.",
            "테스트가 전혀 없지는 않지만 신뢰성에 심각한 허점이 있을 가능성이 큽니다.",
        ),
    ),
    (
        Fraction(2),
        Band(
            "(1, 2]",
            "A first pass at production readiness; more investment is needed.",
            "운영 준비를 위한 첫걸음을 뗐으나 더 많은 투자가 필요합니다.",
        ),
    ),
    (
        Fraction(3),
        Band(
            "(2, 3]",
            "Reasonably tested; more of the tests and procedures could be automated.",
            "적절히 테스트되어 있으며, 더 많은 테스트와 절차를 자동화할 수 있습니다.",
        ),
    ),
    (
        Fraction(5),
        Band(
            "(3, 5]",
            "Strong automated testing and monitoring, fit for mission-critical use.",
            "자동화된 테스트와 모니터링이 탄탄하여 핵심 업무에 사용하기에 적합합니다.",
        ),
    ),
)
TOP_BAND = Band(
    "> 5", "Exceptional automated testing and monitoring.", "자동화된 테스트와 모니터링이 매우 뛰어납니다."
)


def band_for(score: float | Fraction) -> Band:
    if score < 0:
        raise ValueError(f"An ML Test Score is never negative: {score}.")
    for upper, band in BANDS:
        if score <= upper:
            return band
    return TOP_BAND


def score(
    kind: str,
    dimensions: Sequence[DimensionSpec],
    answers: Mapping[Key, str],
    *,
    beside: frozenset[str] = frozenset(),
) -> Result:
    """Score a questionnaire; answers map question keys to values, unanswered questions are absent."""
    if kind == LEVELS:
        return score_levels(dimensions, answers, beside=beside)
    if kind == TEST_SCORE:
        return score_test(dimensions, answers)
    raise ValueError(f"Unknown framework kind {kind!r}.")


def dimension_level(questions: Sequence[QuestionSpec], answers: Mapping[Key, str]) -> int | None:
    applicable = [q for q in questions if answers.get(q.key) != NOT_APPLICABLE]
    if not applicable:
        return None
    level = 0
    for candidate in range(1, MAX_LEVEL + 1):
        # Each candidate adds constraints, so the first failure ends the climb.
        if any(answers.get(q.key) != YES for q in applicable if q.level <= candidate):
            break
        level = candidate
    return level


def _levels_dimension(
    dim: DimensionSpec, answers: Mapping[Key, str]
) -> tuple[DimensionScore, Fraction | None]:
    for q in dim.questions:
        if q.level not in (1, 2):
            raise ValueError(f"Question {q.key!r} names level {q.level!r}; levels questions name 1 or 2.")
    applicable = [q for q in dim.questions if answers.get(q.key) != NOT_APPLICABLE]
    level = dimension_level(dim.questions, answers)
    exact: Fraction | None = None
    steps: tuple[Key, ...] = ()
    if level is not None:
        if level == MAX_LEVEL:
            exact = Fraction(MAX_LEVEL)
        else:
            upcoming = [q for q in applicable if q.level == level + 1]
            credit = sum(
                (LEVEL_CREDIT.get(answers.get(q.key, ""), Fraction(0)) for q in upcoming), Fraction(0)
            )
            exact = min(Fraction(MAX_LEVEL), level + (credit / len(upcoming) if upcoming else Fraction(0)))
            steps = tuple(q.key for q in upcoming if answers.get(q.key) != YES)
    return (
        DimensionScore(
            key=dim.key,
            name=dim.name,
            level=level,
            score=None if exact is None else float(exact),
            applicable=len(applicable),
            not_applicable=len(dim.questions) - len(applicable),
            answered=sum(1 for q in dim.questions if q.key in answers),
            next_steps=steps,
        ),
        exact,
    )


def score_levels(
    dimensions: Sequence[DimensionSpec], answers: Mapping[Key, str], *, beside: frozenset[str] = frozenset()
) -> Result:
    scored = [_levels_dimension(dim, answers) for dim in dimensions]
    all_rated = [(d, exact) for d, exact in scored if exact is not None]
    rated = [(d, exact) for d, exact in all_rated if d.key not in beside]
    overall_level = min((d.level for d, _ in rated), default=None)
    overall_score = float(sum((e for _, e in rated), Fraction(0)) / len(rated)) if rated else None
    order = {d.key: i for i, d in enumerate(dimensions)}
    weakest_first = sorted(
        (d for d, _ in all_rated if d.next_steps), key=lambda d: (d.score, d.level, order[d.key])
    )
    return Result(
        kind=LEVELS,
        dimensions=tuple(d for d, _ in scored),
        overall_level=overall_level,
        overall_score=overall_score,
        band=None,
        next_steps=tuple(weakest_first),
        beside=tuple(d for d, _ in scored if d.key in beside),
    )


def score_test(sections: Sequence[DimensionSpec], answers: Mapping[Key, str]) -> Result:
    if not sections:
        raise ValueError("An ML Test Score needs at least one section.")
    scored = []
    for section in sections:
        total = sum(
            (TEST_CREDIT.get(answers.get(q.key, ""), Fraction(0)) for q in section.questions), Fraction(0)
        )
        scored.append(
            (
                DimensionScore(
                    key=section.key,
                    name=section.name,
                    level=None,
                    score=float(total),
                    applicable=len(section.questions),
                    not_applicable=0,
                    answered=sum(1 for q in section.questions if q.key in answers),
                    # Not done (or unanswered) first, then manual: the cheapest points come first.
                    next_steps=tuple(
                        q.key
                        for q in sorted(section.questions, key=lambda q: answers.get(q.key) == MANUAL)
                        if answers.get(q.key) != AUTOMATED
                    ),
                ),
                total,
            )
        )
    final = min(total for _, total in scored)
    order = {s.key: i for i, s in enumerate(sections)}
    return Result(
        kind=TEST_SCORE,
        dimensions=tuple(d for d, _ in scored),
        overall_level=None,
        overall_score=float(final),
        band=band_for(final),
        next_steps=tuple(
            sorted((d for d, _ in scored if d.next_steps), key=lambda d: (d.score, order[d.key]))
        ),
    )


# Comparison with an earlier result ---------------------------------------------------------------------

IMPROVED, REGRESSED, UNCHANGED, NEW, NOT_RATED = "improved", "regressed", "unchanged", "new", "not rated"


@dataclass(frozen=True)
class DimensionChange:
    key: str
    name: str
    previous_level: int | None
    previous_score: float | None
    level: int | None
    score: float | None
    change: str


def compare(previous: Sequence[Mapping], current: Sequence[Mapping]) -> tuple[DimensionChange, ...]:
    """Per dimension of `current` (matched by key): improved, regressed or unchanged, judged on the score.

    Both sides are snapshots ({"key", "name", "level", "score"}); a dimension the previous assessment did not
    have is "new", one without a score on either side (nothing applicable) is "not rated".
    """
    before = {d["key"]: d for d in previous}
    changes = []
    for d in current:
        old = before.get(d["key"])
        if old is None:
            change = NEW
        elif old.get("score") is None or d.get("score") is None:
            change = NOT_RATED
        else:
            delta = round(d["score"] - old["score"], 6)
            change = IMPROVED if delta > 0 else REGRESSED if delta < 0 else UNCHANGED
        changes.append(
            DimensionChange(
                key=d["key"],
                name=d["name"],
                previous_level=old.get("level") if old else None,
                previous_score=old.get("score") if old else None,
                level=d.get("level"),
                score=d.get("score"),
                change=change,
            )
        )
    return tuple(changes)
