"""The "org-10k" benchmark data set, built with bulk inserts; `manage.py seed_scale` runs it.

Scale rows are recognised by prefixes: team slug `scale-team-`, username `scale-user-`, data-source name
`scale-source-`. All users share one password, SCALE_PASSWORD, hashed once.

Benchmark data, not real data: rows are written with bulk_create, which bypasses the services, model
validation and django-simple-history, so scale rows have no history records until someone edits them;
`seed_scale --reset` deletes with plain DELETE statements, so it writes no '-' history records either.
Invariants (owners and registrars are editors of the model's team, labels unique per model, consent dates
ordered, every team has a maintainer) hold by construction; tests/governance/portal/test_seed_scale.py
checks them. The risks and assessments steps live in governance/risks/scale.py and assessments/scale.py.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from governance.foundation.seeding import BATCH_SIZE, pick
from governance.inventory.consent import use_consent_status
from governance.inventory.models import ConsentRecord, DataSource, DataSourceUse, MLModel, ModelVersion
from governance.teams.models import Membership, Team

ORG_10K = {"teams": 50, "users": 500, "models": 10_000, "sources": 2_000, "consents": 5_000, "risks": 40_000}
ORG_10K["assessments"] = 200
VERSIONS_PER_MODEL = 3.0
TEAM_SLUG_PREFIX = "scale-team-"
USERNAME_PREFIX = "scale-user-"
SOURCE_NAME_PREFIX = "scale-source-"
SCALE_PASSWORD = "scale-pass-2026"  # noqa: S105 - benchmark logins only

# The inventory's builder steps, run in this order; each is a Builder.build_<step> method returning the rows
# it inserted. Other apps' steps (risks, assessments...) are their own builders, which the seed_scale command
# (governance/portal) runs after these with this Builder; their rows are deleted at the top of
# seed_scale.delete_scale_rows(), before the rows they reference.
STEPS = ("teams", "users", "memberships", "models", "versions", "sources", "consents", "uses")

PURPOSES = ("churn-prediction", "credit-decisioning", "fraud-prevention", "marketing", "customer-value")
PURPOSES += ("clinical-decision-support", "service-chat", "product-analytics")
DOMAINS = ("credit", "churn", "fraud", "pricing", "demand", "triage", "support", "marketing", "claims", "kyc")
KINDS = ("scoring", "forecast", "classifier", "ranker", "detector", "segmenter", "recommender", "alert")
SOURCE_KINDS = ("events", "applications", "transactions", "profiles", "notes", "telemetry", "ledger", "logs")
FIRST = ("Ana", "Ben", "Chloe", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jia", "Kofi", "Lea", "Mo")
LAST = ("Ahmed", "Berg", "Costa", "Dubois", "Eze", "Fischer", "Garcia", "Ito", "Jensen", "Kowalski", "Li")

R = Membership.Role
S = MLModel.Stage
LB = DataSource.LegalBasis
STAGE_MIX = {S.PROPOSED: 10, S.DEVELOPMENT: 25, S.STAGING: 15, S.PRODUCTION: 30, S.RETIRED: 20}
TIER_MIX = {"minimal": 45, "limited": 30, "high": 24, "unacceptable": 1}
CRITICALITY_MIX = {"low": 25, "medium": 40, "high": 25, "critical": 10}
EXTRA_ROLE_MIX = {R.VIEWER: 35, R.CONTRIBUTOR: 50, R.MAINTAINER: 15}
PERSONAL_BASIS_MIX = {
    LB.CONSENT: 35,
    LB.CONTRACT: 15,
    LB.LEGITIMATE_INTERESTS: 18,
    LB.LEGAL_OBLIGATION: 8,
    LB.PUBLIC_TASK: 5,
    LB.VITAL_INTERESTS: 2,
    LB.UNRECORDED: 17,
}
OTHER_BASIS_MIX = {LB.NOT_REQUIRED: 80, LB.UNRECORDED: 15, LB.LEGITIMATE_INTERESTS: 5}
CONSENT_MIX = {"active": 55, "expiring_soon": 12, "expired": 15, "withdrawn": 13, "pending": 5}
USES_PER_MODEL_MIX = {0: 5, 1: 25, 2: 40, 3: 20, 4: 10}
USE_ROLE_MIX = {"training": 70, "evaluation": 20, "serving": 10}
VERSION_WEIGHT = {S.PROPOSED: 0.3, S.DEVELOPMENT: 1.0, S.STAGING: 1.2, S.PRODUCTION: 1.4, S.RETIRED: 1.0}
CARD_TEXT = {
    "intended_use": "Supports {name} decisions reviewed by trained staff.",
    "out_of_scope_uses": "Not for fully automated decisions about individuals.",
    "limitations": "Validated on data from one region and two years only.",
    "training_data_description": "See the linked data sources; collected under their legal basis.",
    "evaluation_description": "AUC and calibration on a held-out quarter.",
    "ethical_considerations": "Monitored for disparate impact across age and sex.",
}


@dataclass(frozen=True)
class Sizes:
    teams: int
    users: int
    models: int
    versions: int
    sources: int
    consents: int
    risks: int
    assessments: int


class Builder:
    """Holds what earlier steps built so later steps can refer to it without querying."""

    def __init__(self, sizes: Sizes, seed: int):
        self.sizes = sizes
        self.rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.teams: list[Team] = []
        self.users: list = []
        self.editors: dict[int, list[int]] = defaultdict(list)  # team id -> contributor/maintainer ids
        self.maintainers: dict[int, list[int]] = defaultdict(list)
        self.models: list[MLModel] = []
        self.versions: dict[int, list[ModelVersion]] = defaultdict(list)  # model id -> versions
        self.sources: list[DataSource] = []
        self.consents: dict[int, list[ConsentRecord]] = defaultdict(list)  # source id -> consents
        self.uses: list[DataSourceUse] = []
        self.risks, self.assessments = [], []  # Risk and Assessment rows, kept by their steps
        self.inserted: dict[str, int] = {}  # rows written per table by the risks and assessments steps

    def build_teams(self) -> int:
        width = max(2, len(str(self.sizes.teams)))
        self.teams = Team.objects.bulk_create(
            [
                Team(
                    name=f"Scale {i:0{width}d} {DOMAINS[i % len(DOMAINS)].capitalize()}",
                    slug=f"{TEAM_SLUG_PREFIX}{i:0{width}d}",
                    description=f"Benchmark team {i} ({DOMAINS[i % len(DOMAINS)]} models).",
                )
                for i in range(1, self.sizes.teams + 1)
            ],
            batch_size=BATCH_SIZE,
        )
        return len(self.teams)

    def build_users(self) -> int:
        User = get_user_model()
        password = make_password(SCALE_PASSWORD)
        users = []
        for i in range(1, self.sizes.users + 1):
            username = f"{USERNAME_PREFIX}{i:05d}"
            first, last = self.rng.choice(FIRST), self.rng.choice(LAST)
            users.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@example.org",
                    password=password,
                )
            )
        self.users = User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        return len(self.users)

    def build_memberships(self) -> int:
        """Users join teams round-robin: in each team the first is a maintainer, the next two contribute."""
        n_teams, rows = len(self.teams), []
        for i, user in enumerate(self.users):
            team, position = self.teams[i % n_teams], i // n_teams
            role = R.MAINTAINER if position == 0 else R.CONTRIBUTOR if position <= 2 else None
            rows.append(Membership(user=user, team=team, role=role or pick(self.rng, EXTRA_ROLE_MIX)))
            if n_teams > 1 and self.rng.random() < 0.15:
                other = self.teams[(i % n_teams + self.rng.randrange(1, n_teams)) % n_teams]
                role = R.CONTRIBUTOR if self.rng.random() < 0.4 else R.VIEWER
                rows.append(Membership(user=user, team=other, role=role))
        for m in rows:
            if m.role != R.VIEWER:
                self.editors[m.team.pk].append(m.user.pk)
            if m.role == R.MAINTAINER:
                self.maintainers[m.team.pk].append(m.user.pk)
        return len(Membership.objects.bulk_create(rows, batch_size=BATCH_SIZE))

    def build_models(self) -> int:
        rng, n = self.rng, self.sizes.models
        team_weights = [rng.uniform(0.3, 2.0) for _ in self.teams]
        teams = rng.choices(self.teams, weights=team_weights, k=n)
        stages = rng.choices(tuple(STAGE_MIX), weights=tuple(STAGE_MIX.values()), k=n)
        rows = []
        for i, (team, stage) in enumerate(zip(teams, stages, strict=True), start=1):
            name = f"{rng.choice(DOMAINS)}-{rng.choice(KINDS)}-{i:05d}"
            tier = pick(rng, TIER_MIX)
            fill = 0.4 if stage == S.PROPOSED else 0.85
            card = {f: text.format(name=name) if rng.random() < fill else "" for f, text in CARD_TEXT.items()}
            in_use = stage in (S.STAGING, S.PRODUCTION)
            overseen = rng.random() < (0.85 if tier in ("high", "unacceptable") and in_use else 0.2)
            rows.append(
                MLModel(
                    name=name,
                    team=team,
                    owner_id=rng.choice(self.editors[team.pk]),
                    purpose=f"Predicts {name.rsplit('-', 1)[0].replace('-', ' ')} for {team.name}.",
                    stage=stage,
                    ai_act_tier=tier,
                    business_criticality=pick(rng, CRITICALITY_MIX),
                    human_oversight_contact_id=rng.choice(self.maintainers[team.pk]) if overseen else None,
                    **card,
                )
            )
        self.models = MLModel.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(self.models)

    def _version_counts(self) -> list[int]:
        """Exactly sizes.versions in all: one for each non-proposed model, the rest weighted by stage."""
        rng, total, n = self.rng, self.sizes.versions, len(self.models)
        counts = [0] * n
        started = [i for i, m in enumerate(self.models) if m.stage != S.PROPOSED]
        for i in started if total >= len(started) else rng.sample(started, total):
            counts[i] = 1
        rest = total - sum(counts)
        if rest > 0:
            weights = [VERSION_WEIGHT[m.stage] for m in self.models]
            for i in rng.choices(range(n), weights=weights, k=rest):
                counts[i] += 1
        return counts

    def build_versions(self) -> int:
        rng, rows = self.rng, []
        for model, count in zip(self.models, self._version_counts(), strict=True):
            when = self.now - datetime.timedelta(days=rng.randint(60, 1000))
            for j in range(count):
                last = j == count - 1
                label = f"{1 + j // 3}.{j % 3}.0"
                if model.stage == S.PRODUCTION and last:
                    status = ModelVersion.Status.DEPLOYED
                elif model.stage in (S.PRODUCTION, S.RETIRED):
                    status = ModelVersion.Status.ARCHIVED
                elif model.stage == S.PROPOSED:
                    status = ModelVersion.Status.REGISTERED
                else:
                    status = rng.choice((ModelVersion.Status.REGISTERED, ModelVersion.Status.VALIDATED))
                was_deployed = status == ModelVersion.Status.DEPLOYED or (
                    status == ModelVersion.Status.ARCHIVED and rng.random() < 0.6
                )
                deployed_at = min(when + datetime.timedelta(days=rng.randint(1, 14)), self.now)
                window_end = when.date() - datetime.timedelta(days=rng.randint(1, 30))
                rows.append(
                    ModelVersion(
                        model=model,
                        label=label,
                        status=status,
                        artifact_uri=f"s3://scale-models/{model.name}/{label}/model.pkl",
                        code_reference=f"git:{model.name}@v{label}",
                        hyperparameters={
                            "learning_rate": round(rng.uniform(0.01, 0.3), 3),
                            "max_depth": rng.randint(3, 10),
                        },
                        validation_metrics={"auc": round(rng.uniform(0.62, 0.95), 3)},
                        training_window_start=window_end - datetime.timedelta(days=rng.randint(30, 365)),
                        training_window_end=window_end,
                        registered_by_id=rng.choice(self.editors[model.team_id]),
                        registered_at=when,
                        deployed_at=deployed_at if was_deployed else None,
                    )
                )
                when = min(when + datetime.timedelta(days=rng.randint(7, 90)), self.now)
        for version in ModelVersion.objects.bulk_create(rows, batch_size=BATCH_SIZE):
            self.versions[version.model_id].append(version)
        return len(rows)

    def build_sources(self) -> int:
        rng, rows = self.rng, []
        for i in range(1, self.sizes.sources + 1):
            team = rng.choice(self.teams)
            personal = rng.random() < 0.65
            basis = pick(rng, PERSONAL_BASIS_MIX if personal else OTHER_BASIS_MIX)
            if personal:
                sensitivity = rng.choice(("confidential", "restricted", "restricted", "internal"))
            else:
                sensitivity = rng.choice(("public", "internal", "internal", "confidential"))
            rows.append(
                DataSource(
                    name=f"{SOURCE_NAME_PREFIX}{i:05d}-{rng.choice(DOMAINS)}-{rng.choice(SOURCE_KINDS)}",
                    team=team,
                    steward_id=rng.choice(self.maintainers[team.pk] + self.editors[team.pk]),
                    description=f"Benchmark data source {i} kept by {team.name}.",
                    location=f"warehouse://{team.slug}/source-{i:05d}",
                    contains_personal_data=personal,
                    sensitivity=sensitivity,
                    legal_basis=basis,
                    retention_days=None
                    if rng.random() < 0.15
                    else rng.choice((30, 90, 365, 730, 1095, 1825, 2555, 3650)),
                    people_notified=personal and rng.random() < 0.8,
                    dpia_completed=personal and basis != LB.UNRECORDED and rng.random() < 0.7,
                )
            )
        if self.sizes.consents and not any(s.legal_basis == LB.CONSENT for s in rows):
            rows[0].contains_personal_data, rows[0].legal_basis = True, LB.CONSENT
        self.sources = DataSource.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(self.sources)

    def _consent_dates(self, kind: str) -> tuple[datetime.date, datetime.date | None]:
        rng, today, days = self.rng, self.today, datetime.timedelta
        if kind == "pending":
            obtained = today + days(rng.randint(1, 60))
            return obtained, obtained + days(365)
        if kind == "expired":
            expires = today - days(rng.randint(1, 300))
            return expires - days(rng.randint(180, 1100)), expires
        if kind == "expiring_soon":
            return today - days(rng.randint(200, 700)), today + days(rng.randint(1, 30))
        obtained = today - days(rng.randint(30, 900))
        return obtained, None if rng.random() < 0.2 else today + days(rng.randint(31, 900))

    def build_consents(self) -> int:
        rng, rows = self.rng, []
        consent_sources = [s for s in self.sources if s.legal_basis == LB.CONSENT]
        if not consent_sources or not self.sizes.consents:
            return 0
        purposes = {s.pk: rng.sample(PURPOSES, rng.randint(1, 4)) for s in consent_sources}
        n, k = self.sizes.consents, len(consent_sources)
        order = consent_sources[:n] + rng.choices(consent_sources, k=max(0, n - k))
        per_source = defaultdict(int)
        for source in order:
            per_source[source.pk] += 1
            kind, purpose = pick(rng, CONSENT_MIX), rng.choice(purposes[source.pk])
            obtained, expires = self._consent_dates(kind)
            withdrawn_at = None
            if kind == "withdrawn":
                day = obtained + datetime.timedelta(days=rng.randint(0, (self.today - obtained).days))
                withdrawn_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            rows.append(
                ConsentRecord(
                    data_source=source,
                    reference=f"{purpose}-{obtained.year}-{per_source[source.pk]:03d}",
                    purpose=purpose,
                    scope="Customers who opted in through the account settings page.",
                    obtained_on=obtained,
                    expires_on=expires,
                    evidence_reference=f"dms://consent/{source.pk}/{per_source[source.pk]}",
                    recorded_by_id=source.steward_id,
                    withdrawn_at=withdrawn_at,
                    withdrawn_by_id=source.steward_id if withdrawn_at else None,
                    withdrawal_reason="Withdrawn at the data subjects' request." if withdrawn_at else "",
                )
            )
        for consent in ConsentRecord.objects.bulk_create(rows, batch_size=BATCH_SIZE):
            self.consents[consent.data_source_id].append(consent)
        return len(rows)

    def build_uses(self) -> int:
        """About two sources a model, mostly of its own team; consent uses mostly name a consented purpose."""
        rng, rows = self.rng, []
        by_team = defaultdict(list)
        for source in self.sources:
            by_team[source.team_id].append(source)
        for model in self.models:
            wanted = min(pick(rng, USES_PER_MODEL_MIX), len(self.sources))
            chosen: dict[int, DataSource] = {}
            for _ in range(wanted * 4):
                if len(chosen) == wanted:
                    break
                own = by_team[model.team_id]
                source = rng.choice(own if own and rng.random() < 0.6 else self.sources)
                chosen.setdefault(source.pk, source)
            versions = self.versions[model.pk]
            for source in chosen.values():
                consented = [c.purpose for c in self.consents[source.pk]]
                use_consented = consented and rng.random() < 0.85
                rows.append(
                    DataSourceUse(
                        model=model,
                        version=rng.choice(versions) if versions and rng.random() < 0.1 else None,
                        data_source=source,
                        role=pick(rng, USE_ROLE_MIX),
                        purpose=rng.choice(consented if use_consented else PURPOSES),
                        created_by_id=model.owner_id,
                    )
                )
        self.uses = DataSourceUse.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(self.uses)

    def consent_coverage(self) -> tuple[int, int]:
        """(consent-based uses, of which covered by a consent in force today), judged in memory."""
        sources = {s.pk: s for s in self.sources}
        judged = [
            use_consent_status(
                source=sources[u.data_source_id],
                purpose=u.purpose,
                consents=self.consents[u.data_source_id],
                today=self.today,
            )
            for u in self.uses
            if sources[u.data_source_id].legal_basis == LB.CONSENT
        ]
        return len(judged), sum(status.ok for status in judged)
