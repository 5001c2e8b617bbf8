"""Properties of the scoring rules over generated questionnaires and answers (hypothesis).

"Not applicable neither helps nor hurts" is taken to mean, precisely: answering a question "not applicable"
gives exactly the result of the same questionnaire without that question. Two consequences are tested too:
within a dimension that keeps another applicable question, "not applicable" scores between "no" and "yes";
and the overall level lies between them as well. The overall score does not always: when the question was its
dimension's only applicable one, that dimension leaves the mean, which may then fall below what a "no" would
have given (a "no" to a lone level-2 question still earns level 1). That is the rule, stated in the test.
"""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assessments import scoring
from assessments.scoring import DimensionSpec, QuestionSpec

UNANSWERED = None
ORDER = [UNANSWERED, scoring.NO, scoring.PARTIAL, scoring.YES]  # each step up is at least as good
LEVEL_VALUES = [*ORDER, scoring.NOT_APPLICABLE]


@st.composite
def questionnaires(draw, values=LEVEL_VALUES, with_levels=True):
    dims, answers, key = [], {}, 0
    for d in range(draw(st.integers(1, 6))):
        questions = []
        for _ in range(draw(st.integers(0 if with_levels else 1, 6))):
            key += 1
            questions.append(QuestionSpec(key, draw(st.sampled_from([1, 2])) if with_levels else None))
            value = draw(st.sampled_from(values))
            if value is not None:
                answers[key] = value
        dims.append(DimensionSpec(f"d{d}", f"Dimension {d}", tuple(questions)))
    return tuple(dims), answers


def all_keys(dims):
    return [q.key for d in dims for q in d.questions]


def essence(result):
    """What a result says, leaving out the counts of answered and not-applicable questions."""
    return (
        [(d.key, d.level, d.score, d.next_steps) for d in result.dimensions],
        result.overall_level,
        result.overall_score,
        [d.key for d in result.next_steps],
    )


@given(questionnaires())
def test_a_level_is_always_0_to_2_and_the_score_follows_it(case):
    dims, answers = case
    for spec, dim in zip(dims, scoring.score_levels(dims, answers).dimensions, strict=True):
        applicable = [q for q in spec.questions if answers.get(q.key) != scoring.NOT_APPLICABLE]
        if not applicable:
            assert dim.level is None and dim.score is None
            continue
        assert dim.level in (0, 1, 2)
        assert dim.level <= dim.score <= 2
        assert dim.score < dim.level + 1 or dim.level == 2


@given(questionnaires())
def test_the_level_is_the_highest_level_whose_questions_are_all_yes(case):
    dims, answers = case
    for spec, dim in zip(dims, scoring.score_levels(dims, answers).dimensions, strict=True):
        applicable = [q for q in spec.questions if answers.get(q.key) != scoring.NOT_APPLICABLE]
        if applicable:
            met = [
                L for L in (0, 1, 2) if all(answers.get(q.key) == "yes" for q in applicable if q.level <= L)
            ]
            assert dim.level == max(met)


@given(questionnaires())
def test_overall_level_is_the_minimum_and_score_the_mean_over_rated_dimensions(case):
    dims, answers = case
    result = scoring.score_levels(dims, answers)
    rated = [d for d in result.dimensions if d.level is not None]
    if not rated:
        assert result.overall_level is None and result.overall_score is None
        return
    assert result.overall_level == min(d.level for d in rated)
    assert abs(result.overall_score - sum(d.score for d in rated) / len(rated)) < 1e-9
    scores = [d.score for d in result.next_steps]
    assert scores == sorted(scores)  # weakest dimension first


@given(questionnaires(), st.data())
def test_raising_an_answer_never_lowers_a_level_or_a_score(case, data):
    dims, answers = case
    keys = [k for k in all_keys(dims) if answers.get(k) != scoring.NOT_APPLICABLE]
    assume(keys)
    key = data.draw(st.sampled_from(keys))
    before_value = answers.get(key)
    after_value = data.draw(st.sampled_from(ORDER[ORDER.index(before_value) :]))
    raised = {k: v for k, v in answers.items() if k != key}
    if after_value is not None:
        raised[key] = after_value
    before, after = scoring.score_levels(dims, answers), scoring.score_levels(dims, raised)
    for old, new in zip(before.dimensions, after.dimensions, strict=True):
        if old.level is not None:
            assert new.level >= old.level and new.score >= old.score
    if before.overall_level is not None:
        assert after.overall_level >= before.overall_level
        assert after.overall_score >= before.overall_score


@given(questionnaires(), st.data())
def test_no_to_yes_never_lowers_anything(case, data):
    dims, answers = case
    noes = [k for k in all_keys(dims) if answers.get(k) == scoring.NO]
    assume(noes)
    key = data.draw(st.sampled_from(noes))
    before, after = scoring.score_levels(dims, answers), scoring.score_levels(dims, {**answers, key: "yes"})
    for old, new in zip(before.dimensions, after.dimensions, strict=True):
        assert (old.level is None) == (new.level is None)  # a no and a yes are both applicable
        if old.level is not None:
            assert new.level >= old.level and new.score >= old.score
    assert after.overall_level >= before.overall_level and after.overall_score >= before.overall_score


@given(questionnaires(), st.data())
def test_not_applicable_is_the_same_as_not_asked(case, data):
    dims, answers = case
    keys = all_keys(dims)
    assume(keys)
    key = data.draw(st.sampled_from(keys))
    marked = scoring.score_levels(dims, {**answers, key: scoring.NOT_APPLICABLE})
    without = tuple(DimensionSpec(d.key, d.name, tuple(q for q in d.questions if q.key != key)) for d in dims)
    removed = scoring.score_levels(without, {k: v for k, v in answers.items() if k != key})
    assert essence(marked) == essence(removed)


@given(questionnaires(), st.data())
def test_not_applicable_scores_between_no_and_yes(case, data):
    dims, answers = case
    keys = all_keys(dims)
    assume(keys)
    key = data.draw(st.sampled_from(keys))
    no, na, yes = (scoring.score_levels(dims, {**answers, key: v}) for v in ("no", "na", "yes"))
    index = next(i for i, d in enumerate(dims) if any(q.key == key for q in d.questions))
    dim_no, dim_na, dim_yes = no.dimensions[index], na.dimensions[index], yes.dimensions[index]
    if dim_na.level is not None:  # the dimension keeps another applicable question
        assert dim_no.level <= dim_na.level <= dim_yes.level
        assert dim_no.score <= dim_na.score <= dim_yes.score
        assert no.overall_score <= na.overall_score
    if na.overall_level is not None:
        assert no.overall_level <= na.overall_level <= yes.overall_level
        assert na.overall_score <= yes.overall_score


@given(questionnaires(values=[None, scoring.NOT_DONE, scoring.MANUAL, scoring.AUTOMATED], with_levels=False))
def test_ml_test_score_final_is_the_lowest_section_and_banded(case):
    dims, answers = case
    result = scoring.score_test(dims, answers)
    for spec, section in zip(dims, result.dimensions, strict=True):
        assert 0 <= section.score <= len(spec.questions)
        assert section.score * 2 == int(section.score * 2)  # multiples of 0.5
    assert result.overall_score == min(s.score for s in result.dimensions)
    assert result.band == scoring.band_for(result.overall_score)


@settings(max_examples=200)
@given(
    questionnaires(values=[None, scoring.NOT_DONE, scoring.MANUAL, scoring.AUTOMATED], with_levels=False),
    st.data(),
)
def test_ml_test_score_never_drops_when_a_test_improves(case, data):
    dims, answers = case
    order = [None, scoring.NOT_DONE, scoring.MANUAL, scoring.AUTOMATED]
    key = data.draw(st.sampled_from(all_keys(dims)))
    better = data.draw(st.sampled_from(order[order.index(answers.get(key)) :]))
    raised = {k: v for k, v in answers.items() if k != key} | ({key: better} if better else {})
    before, after = scoring.score_test(dims, answers), scoring.score_test(dims, raised)
    assert after.overall_score >= before.overall_score
    assert all(n.score >= o.score for o, n in zip(before.dimensions, after.dimensions, strict=True))
