"""Assessments of the org-10k benchmark data set: seed_scale's "assessments" step (the command in
governance/portal runs build_assessments with the inventory's Builder, after the inventory's steps).

Every team gets one or more submitted assessments of the Google MLOps levels framework, months apart and
oldest first, so trends and comparisons have a history; some teams also have one ML Test Score. Each team
climbs towards its own final level (0, 1 or 2), so the teams' latest levels spread over all three; a few
teams' latest assessment is older than the check policy's year. Every question is answered; starters and
assessors are editors of the team.

The stored result (overall level and score, and the snapshot) is scored exactly as assessment_submit does it,
by selectors.assessment_result over the framework's spec, here from the answers in memory before they are
inserted. Rows are bulk-inserted: no services, no history.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from governance.foundation.seeding import BATCH_SIZE, pick

from .demo import LEVELS_KEY, TEST_KEY
from .models import Answer, Assessment, Framework
from .selectors import FrameworkSpec, assessment_result, framework_specs

FINAL_LEVEL_MIX = {0: 35, 1: 45, 2: 20}  # shares of the teams, exact up to rounding
STALE_SHARE = 0.12  # teams whose latest assessment is over a year old (maturity.assessment_recent fails)
TEST_SCORE_SHARE = 0.25  # of teams with two assessments or more, one of them is an ML Test Score
AHEAD_SHARE = 0.3  # a dimension one level above the team's (the weakest dimension sets the team's level)
NOT_APPLICABLE_SHARE = 0.03  # of level-2 questions: "does not apply to us"
TEST_MIX = {0: (0.10, 0.35), 1: (0.30, 0.40), 2: (0.50, 0.35)}  # final level -> (automated, manual) odds
EVIDENCE = {
    Answer.Value.PARTIAL: "Partly in place; the gaps are tracked in the team's backlog.",
    Answer.Value.NOT_APPLICABLE: "Does not apply: the team scores in batch only.",
    Answer.Value.MANUAL: "Run by hand before each release; results in the release notes.",
}
days = datetime.timedelta


def _per_team(rng: Any, n: int, teams: int) -> list[int]:
    """Exactly n in all: one a team first (when there are enough), the rest to some teams more than others."""
    if n < teams:
        chosen = set(rng.sample(range(teams), n))
        return [int(i in chosen) for i in range(teams)]
    counts = [1] * teams
    weights = [rng.uniform(0.5, 2.0) for _ in range(teams)]
    for i in rng.choices(range(teams), weights=weights, k=n - teams):
        counts[i] += 1
    return counts


def _dealt(rng: Any, mix: dict, n: int) -> list:
    """n values in the mix's proportions (up to rounding), shuffled: the shares hold whatever the seed."""
    total = sum(mix.values())
    values = [value for value, weight in mix.items() for _ in range(round(n * weight / total))][:n]
    values += [pick(rng, mix) for _ in range(n - len(values))]
    rng.shuffle(values)
    return values


def _level_values(rng: Any, spec: FrameworkSpec, level: int, progress: float) -> dict[int, str]:
    """Answers putting the team at `level`: every dimension at it or one above, one dimension exactly at it;
    `progress` (0 to 1) is how far the team is into the next level's questions."""
    dims = spec.dimensions
    dim_levels = [min(2, level + (rng.random() < AHEAD_SHARE)) for _ in dims]
    dim_levels[rng.randrange(len(dims))] = level
    next_mix = {"yes": 0.1 + 0.5 * progress, "partial": 0.3, "no": 0.7 - 0.5 * progress}
    values: dict[int, str] = {}
    for dim, reached in zip(dims, dim_levels, strict=True):
        for q in dim.question_list:
            if q.level == 2 and rng.random() < NOT_APPLICABLE_SHARE:
                values[q.pk] = "na"
            elif q.level <= reached:
                values[q.pk] = "yes"
            elif q.level == reached + 1:
                values[q.pk] = pick(rng, next_mix)
            else:
                values[q.pk] = "partial" if rng.random() < 0.15 else "no"
        upcoming = [q for q in dim.question_list if q.level == reached + 1]
        if upcoming and all(values[q.pk] in ("yes", "na") for q in upcoming):
            values[rng.choice(upcoming).pk] = "partial"  # not all yes: the dimension stays at `reached`
    return values


def _test_values(rng: Any, spec: FrameworkSpec, final_level: int, progress: float) -> dict[int, str]:
    automated, manual = TEST_MIX[final_level]
    automated *= 0.5 + 0.5 * progress
    values = {}
    for q in spec.questions.values():
        draw = rng.random()
        values[q.pk] = (
            "automated" if draw < automated else "manual" if draw < automated + manual else "not_done"
        )
    return values


def _moment(rng: Any, day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)))
    )


def _assessment(
    rng: Any, team: Any, editors: list[int], spec: FrameworkSpec, values: dict[int, str], submitted_at: Any
) -> tuple[Assessment, list[Answer]]:
    started_at = submitted_at - days(rng.randint(1, 21), hours=rng.randint(0, 8))
    starter = rng.choice(editors)
    span = int((submitted_at - started_at).total_seconds())
    answers = {
        qid: Answer(
            question_id=qid,
            value=value,
            evidence=f"https://wiki.example.org/{team.slug}/mlops/{spec.questions[qid].key}"
            if value in ("yes", "automated")
            else EVIDENCE.get(value, ""),
            answered_by_id=starter,
            answered_at=started_at + datetime.timedelta(seconds=rng.randint(0, span)),
        )
        for qid, value in values.items()
    }
    assessment = Assessment(
        team=team,
        framework=spec.framework,
        status=Assessment.Status.SUBMITTED,
        started_by_id=starter,
        started_at=started_at,
        assessor_id=rng.choice(editors),
        submitted_at=submitted_at,
    )
    # As assessment_submit: score the answers with the framework's spec, keep the level, score and snapshot.
    result = assessment_result(assessment=assessment, spec=spec, answers=answers)
    assessment.overall_level = result.overall_level
    assessment.overall_score = result.overall_score
    assessment.result = result.snapshot()
    return assessment, list(answers.values())


def build_assessments(b: Any) -> int:
    """Insert the submitted assessments with all their answers; returns the rows inserted."""
    rng, today = b.rng, b.today
    if not b.sizes.assessments or not b.teams:
        return 0
    frameworks = {
        f.key: f
        for f in Framework.objects.filter(key__in=(LEVELS_KEY, TEST_KEY), is_active=True).order_by("key")
    }
    if LEVELS_KEY not in frameworks:
        raise ValidationError(
            gettext("No active '%(LEVELS_KEY)s' framework: run `manage.py migrate` first.")
            % {"LEVELS_KEY": LEVELS_KEY}
        )
    specs = {spec.framework.key: spec for spec in framework_specs(frameworks=frameworks.values()).values()}
    built: list[tuple[Assessment, list[Answer]]] = []
    n_teams = len(b.teams)
    finals = _dealt(rng, FINAL_LEVEL_MIX, n_teams)
    stale = set(rng.sample(range(n_teams), round(n_teams * STALE_SHARE)))
    for i, (team, k) in enumerate(zip(b.teams, _per_team(rng, b.sizes.assessments, n_teams), strict=True)):
        if not k:
            continue
        editors, final = b.editors[team.pk], finals[i]
        start = max(0, final - rng.randint(0, 2))
        ago = rng.randint(380, 640) if i in stale else rng.randint(3, 300)
        ages = []
        for _ in range(k):
            ages.append(ago)
            ago += rng.randint(60, 180)
        ages.reverse()  # oldest first
        test_at = -1
        if k > 1 and TEST_KEY in specs and rng.random() < TEST_SCORE_SHARE:
            test_at = rng.randrange(k - 1)
        levels_total, levels_done = k - (test_at >= 0), 0
        for j, age in enumerate(ages):
            progress = (j + 1) / k
            if j == test_at:
                spec, values = specs[TEST_KEY], _test_values(rng, specs[TEST_KEY], final, progress)
            else:
                # From `start` on the first levels assessment up to `final` on the last (or only) one.
                level = (
                    final
                    if levels_done == levels_total - 1
                    else start + (final - start) * levels_done // (levels_total - 1)
                )
                levels_done += 1
                spec, values = specs[LEVELS_KEY], _level_values(rng, specs[LEVELS_KEY], level, progress)
            built.append(_assessment(rng, team, editors, spec, values, _moment(rng, today - days(age))))
    b.assessments = Assessment.objects.bulk_create([a for a, _ in built], batch_size=BATCH_SIZE)
    answers = []
    for assessment, rows in built:
        for answer in rows:
            answer.assessment = assessment
            answers.append(answer)
    b.inserted |= {
        "assessments": len(b.assessments),
        "answers": len(Answer.objects.bulk_create(answers, batch_size=BATCH_SIZE)),
    }
    return b.inserted["assessments"] + b.inserted["answers"]


def assessment_summary(b: Any) -> str:
    """One line on what the step built: teams by their latest levels result, judged in memory."""
    latest: dict[int, Assessment] = {}
    for a in sorted(b.assessments, key=lambda a: a.submitted_at):
        if a.framework.kind == Framework.Kind.LEVELS:
            latest[a.team_id] = a
    levels = Counter(a.overall_level for a in latest.values())
    tests = sum(a.framework.kind == Framework.Kind.TEST_SCORE for a in b.assessments)
    year_ago = timezone.now() - days(365)
    newest: dict[int, datetime.datetime] = {}
    for a in b.assessments:
        newest[a.team_id] = max(newest.get(a.team_id, a.submitted_at), a.submitted_at)
    stale = sum(when < year_ago for when in newest.values())
    return (
        f"Assessments: {len(b.assessments):,} submitted ({tests:,} ML Test Score), "
        f"{b.inserted.get('answers', 0):,} answers; teams by latest MLOps level: "
        + ", ".join(f"level {level} {n}" for level, n in sorted(levels.items(), key=lambda kv: str(kv[0])))
        + f"; {stale} team(s) last assessed over a year ago."
    )
