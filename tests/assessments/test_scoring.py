"""The scoring rules of DESIGN section 5 on hand-worked cases. Pure functions: no database."""

import pytest

from assessments import scoring
from assessments.models import Answer
from assessments.scoring import DimensionSpec, QuestionSpec

# One dimension with three level-1 questions (a, b, c) and two level-2 questions (d, e).
DIM = DimensionSpec(
    key="data",
    name="Data",
    questions=(
        QuestionSpec("a", 1),
        QuestionSpec("b", 1),
        QuestionSpec("c", 1),
        QuestionSpec("d", 2),
        QuestionSpec("e", 2),
    ),
)


def one(answers):
    [dim] = scoring.score_levels([DIM], answers).dimensions
    return dim


def test_answer_values_match_the_models():
    assert {v.value for v in Answer.Value} == {
        scoring.YES,
        scoring.PARTIAL,
        scoring.NO,
        scoring.NOT_APPLICABLE,
        scoring.NOT_DONE,
        scoring.MANUAL,
        scoring.AUTOMATED,
    }


@pytest.mark.parametrize(
    ("answers", "level", "score", "next_steps"),
    [
        # Everything yes: level 2, score capped at 2, nothing to do.
        ({"a": "yes", "b": "yes", "c": "yes", "d": "yes", "e": "yes"}, 2, 2.0, ()),
        # Level 1 complete; level 2 has one yes and one partial: 1 + (1 + 0.5) / 2.
        ({"a": "yes", "b": "yes", "c": "yes", "d": "yes", "e": "partial"}, 1, 1.75, ("e",)),
        # A partial at level 1 holds the level at 0; credit (1 + 0.5 + 0) / 3; level 2 yeses do not count.
        ({"a": "yes", "b": "partial", "c": "no", "d": "yes", "e": "yes"}, 0, 0.5, ("b", "c")),
        # Not applicable drops out: level 1 is a and c; level 2 is d alone, answered no.
        ({"a": "yes", "b": "na", "c": "yes", "d": "no", "e": "na"}, 1, 1.0, ("d",)),
        # No applicable level-1 question: level 1 holds vacuously; level 2 credit 1/2.
        ({"a": "na", "b": "na", "c": "na", "d": "yes", "e": "no"}, 1, 1.5, ("e",)),
        # Unanswered counts as not yes and earns nothing: 2/3 on level 1.
        ({"a": "yes", "b": "yes"}, 0, 2 / 3, ("c",)),
        # Nothing answered at all.
        ({}, 0, 0.0, ("a", "b", "c")),
    ],
)
def test_dimension_level_score_and_next_steps(answers, level, score, next_steps):
    dim = one(answers)
    assert dim.level == level
    assert dim.score == pytest.approx(score)
    assert dim.next_steps == next_steps


def test_a_dimension_with_nothing_applicable_is_left_out_of_the_overall_result():
    all_na = dict.fromkeys("abcde", "na")
    dim = one(all_na)
    assert (dim.level, dim.score, dim.applicable, dim.not_applicable) == (None, None, 0, 5)
    other = DimensionSpec(key="ops", name="Ops", questions=(QuestionSpec("x", 1), QuestionSpec("y", 2)))
    result = scoring.score_levels([DIM, other], {**all_na, "x": "yes", "y": "partial"})
    assert (result.overall_level, result.overall_score) == (1, 1.5)
    assert [d.key for d in result.next_steps] == ["ops"]
    nothing = scoring.score_levels([DIM], all_na)
    assert (nothing.overall_level, nothing.overall_score, nothing.next_steps) == (None, None, ())


def test_overall_level_is_the_minimum_and_score_the_mean_with_weakest_dimension_first():
    strong = DimensionSpec("strong", "Strong", (QuestionSpec("s1", 1), QuestionSpec("s2", 2)))
    weak = DimensionSpec(
        "weak", "Weak", (QuestionSpec("w1", 1), QuestionSpec("w2", 1), QuestionSpec("w3", 2))
    )
    done = DimensionSpec("done", "Done", (QuestionSpec("z1", 1), QuestionSpec("z2", 2)))
    answers = {"s1": "yes", "s2": "partial", "w1": "yes", "w2": "no", "z1": "yes", "z2": "yes"}
    result = scoring.score_levels([strong, weak, done], answers)
    assert [(d.level, d.score) for d in result.dimensions] == [(1, 1.5), (0, 0.5), (2, 2.0)]
    assert result.overall_level == 0
    assert result.overall_score == pytest.approx((1.5 + 0.5 + 2.0) / 3)
    assert [(d.key, d.next_steps) for d in result.next_steps] == [("weak", ("w2",)), ("strong", ("s2",))]


def test_ties_keep_the_framework_order():
    first = DimensionSpec("first", "First", (QuestionSpec(1, 1),))
    second = DimensionSpec("second", "Second", (QuestionSpec(2, 1),))
    result = scoring.score_levels([first, second], {1: "no", 2: "no"})
    assert [d.key for d in result.next_steps] == ["first", "second"]


def test_a_levels_question_must_name_level_1_or_2():
    bad = DimensionSpec("x", "X", (QuestionSpec("q", None),))
    with pytest.raises(ValueError, match="names level None"):
        scoring.score_levels([bad], {})
    with pytest.raises(ValueError, match="Unknown framework kind"):
        scoring.score("stars", [bad], {})


def sections(*sums):
    """Four sections of seven tests; each tuple is (automated, manual) counts."""
    dims, answers = [], {}
    for s, (automated, manual) in enumerate(sums):
        questions = tuple(QuestionSpec(f"{s}-{i}") for i in range(7))
        dims.append(DimensionSpec(f"s{s}", f"Section {s}", questions))
        for i, q in enumerate(questions):
            if i < automated:
                answers[q.key] = scoring.AUTOMATED
            elif i < automated + manual:
                answers[q.key] = scoring.MANUAL
            else:
                answers[q.key] = scoring.NOT_DONE
    return dims, answers


def test_ml_test_score_sums_sections_and_takes_the_lowest():
    dims, answers = sections((2, 2), (7, 0), (1, 1), (3, 0))
    result = scoring.score_test(dims, answers)
    assert [d.score for d in result.dimensions] == [3.0, 7.0, 1.5, 3.0]
    assert result.overall_score == 1.5
    assert result.band.label == "(1, 2]"
    assert result.overall_level is None
    # The weakest section first; within it, tests not done before tests done manually.
    assert [d.key for d in result.next_steps] == ["s2", "s0", "s3"]
    assert result.next_steps[0].next_steps == ("2-2", "2-3", "2-4", "2-5", "2-6", "2-1")


def test_unanswered_tests_count_as_not_done():
    dims, answers = sections((7, 0), (7, 0), (7, 0), (7, 0))
    del answers["3-6"]
    result = scoring.score_test(dims, answers)
    assert result.overall_score == 6.0 and result.band.label == "> 5"
    assert result.dimensions[3].answered == 6


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (0, "0"),
        (0.5, "(0, 1]"),
        (1, "(0, 1]"),
        (1.5, "(1, 2]"),
        (2, "(1, 2]"),
        (2.5, "(2, 3]"),
        (3, "(2, 3]"),
        (3.5, "(3, 5]"),
        (5, "(3, 5]"),
        (5.5, "> 5"),
        (7, "> 5"),
    ],
)
def test_bands_follow_breck_et_al(score, label):
    assert scoring.band_for(score).label == label


def test_a_negative_score_has_no_band():
    with pytest.raises(ValueError):
        scoring.band_for(-0.5)


def test_comparison_per_dimension():
    before = [
        {"key": "data", "name": "Data", "level": 0, "score": 0.5},
        {"key": "ops", "name": "Ops", "level": 1, "score": 1.5},
        {"key": "gov", "name": "Gov", "level": 1, "score": 1.25},
        {"key": "mon", "name": "Mon", "level": None, "score": None},
    ]
    after = [
        {"key": "data", "name": "Data", "level": 1, "score": 1.0},
        {"key": "ops", "name": "Ops", "level": 1, "score": 1.25},
        {"key": "gov", "name": "Gov", "level": 1, "score": 1.25},
        {"key": "mon", "name": "Mon", "level": 0, "score": 0.5},
        {"key": "new", "name": "New", "level": 0, "score": 0.0},
    ]
    changes = {c.key: c for c in scoring.compare(before, after)}
    assert {k: c.change for k, c in changes.items()} == {
        "data": "improved",
        "ops": "regressed",
        "gov": "unchanged",
        "mon": "not rated",
        "new": "new",
    }
    assert (changes["data"].previous_level, changes["data"].level) == (0, 1)


def test_snapshot_is_what_a_submitted_assessment_keeps():
    result = scoring.score_levels([DIM], {"a": "yes", "b": "yes", "c": "yes", "d": "partial"})
    assert result.snapshot() == {
        "dimensions": [{"key": "data", "name": "Data", "level": 1, "score": 1.25}],
        "band": None,
    }


def test_not_applicable_can_lower_the_overall_score_below_no_when_it_empties_a_dimension():
    """The documented edge of "as if not asked": the emptied dimension leaves the mean."""
    lone = DimensionSpec("lone", "Lone", (QuestionSpec("q", 2),))
    other = DimensionSpec("other", "Other", (QuestionSpec("r", 1),))
    with_no = scoring.score_levels([lone, other], {"q": "no", "r": "no"})
    with_na = scoring.score_levels([lone, other], {"q": "na", "r": "no"})
    assert with_no.dimensions[0].level == 1  # no level-1 question to fail: level 1 holds vacuously
    assert (with_no.overall_level, with_no.overall_score) == (0, 0.5)
    assert (with_na.overall_level, with_na.overall_score) == (0, 0.0)
