"""Who may do what on every route: the table the URL walk checks, one small entry per route name.

Outcome classes (see `classify` in test_url_walk.py):
  ok         2xx, or a redirect to a page other than a login page (a form saved, a page that forwards)
  login      HTML: 302 to /login/ (or /admin/login/); API: 401 with `WWW-Authenticate: Bearer` (docs/api.md)
  forbidden  403
  notfound   404: the product hides the object's existence (other teams' objects in the pages and the
             API alike, reports and runs someone may not see, another user's token)
  method     405: the route does not take this method
Anything else (a 500, a 400 to a GET, a 2xx where the table says forbidden) fails the walk.

A method a route does not list answers `other` (405; anonymous users are sent to log in first, which is
acceptable: HTML views check the login before the method, DRF authenticates before it dispatches).
API routes answer HEAD as GET and OPTIONS with DRF's metadata (no object data) to every signed-in user.
Writes send a valid body wherever a body decides the outcome, so "ok" means the write really went through
(each test's savepoint rolls it back) and "forbidden" means a real write was refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from governance.regulation.content import eu_ai_act_v1

from .world import ROLES, World

Outcomes = dict[str, str]


def outcome(default: str, *, anonymous: str = "login", **roles: str) -> Outcomes:
    """`default` for every signed-in role unless named; anonymous users are sent to log in."""
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], default), **roles}


PUBLIC = outcome("ok", anonymous="ok")
EVERYONE = outcome("ok")  # every signed-in user
READERS = outcome("ok", outsider="forbidden")  # the owning team's members, auditors, governance admins
READERS_HIDDEN = outcome("ok", outsider="notfound")
EDITORS = outcome("forbidden", contributor="ok", maintainer="ok", admin="ok")
EDITORS_HIDDEN = {**EDITORS, "outsider": "notfound"}
MAINTAINERS = outcome("forbidden", maintainer="ok", admin="ok")
MAINTAINERS_HIDDEN = {**MAINTAINERS, "outsider": "notfound"}
# The steward is not among the walked roles: of them, the team's maintainer and admins manage its sources.
SOURCE_MANAGERS = MAINTAINERS
ADMINS = outcome("forbidden", admin="ok")
# A form naming another team's record refuses it as a choice that does not exist (a form error).
NAMED_TEAM_EDITORS = {**EDITORS, "outsider": "HTTP 400"}
NAMED_TEAM_MAINTAINERS = {**MAINTAINERS, "outsider": "HTTP 400"}
ANY_TEAM_EDITOR = outcome("forbidden", contributor="ok", maintainer="ok", outsider="ok", admin="ok")
TOKEN_OWNER = outcome("notfound", viewer="ok")  # the viewer's API token
# Writes whose body names team A's object: the outsider's reference is an unknown id (400), not a 403.
EDITORS_REF = NAMED_TEAM_EDITORS
MAINTAINERS_REF = NAMED_TEAM_MAINTAINERS
READERS_REF = {**READERS, "outsider": "HTTP 400"}
NOT_ALLOWED = outcome("method")
NOT_ALLOWED_PUBLIC = outcome("method", anonymous="method")

Build = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    kind: str  # "html" or "api"
    methods: dict[str, Outcomes]
    kwargs: Build = lambda w: {}
    bodies: dict[str, Build] = field(default_factory=dict)
    query: Build = lambda w: {}
    other: Outcomes = field(default_factory=lambda: NOT_ALLOWED)
    multipart: bool = False  # an API POST that takes a file: sent as multipart, not JSON

    def expected(self, method: str) -> Outcomes:
        return self.methods.get(method, self.other)


def page(*, kwargs: Build | None = None, data: Build | None = None, query: Build | None = None,
         other: Outcomes = NOT_ALLOWED, **methods: Outcomes) -> Route:  # fmt: skip
    """An HTML page. Function views take only the methods named (HEAD and OPTIONS included)."""
    return Route(
        "html",
        methods,
        kwargs or (lambda w: {}),
        {"POST": data} if data else {},
        query or (lambda w: {}),
        other,
    )


def api(*, kwargs: Build | None = None, post: Build | None = None, patch: Build | None = None,
        put: Build | None = None, OPTIONS: Outcomes = EVERYONE, other: Outcomes = NOT_ALLOWED,
        multipart: bool = False, **methods: Outcomes) -> Route:  # fmt: skip
    """A DRF endpoint: HEAD answers as GET; OPTIONS gives metadata to every signed-in user."""
    if "GET" in methods:
        methods.setdefault("HEAD", methods["GET"])
    bodies = {m: b for m, b in (("POST", post), ("PATCH", patch), ("PUT", put)) if b}
    return Route(
        "api",
        {**methods, "OPTIONS": OPTIONS},
        kwargs or (lambda w: {}),
        bodies,
        lambda w: {},
        other,
        multipart,
    )


def _today(days: int = 0) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


model = lambda w: {"pk": w.a.model.pk}  # noqa: E731
version = lambda w: {"pk": w.a.version.pk}  # noqa: E731
model_version = lambda w: {"pk": w.a.model.pk, "version_pk": w.a.version.pk}  # noqa: E731
risk = lambda w: {"pk": w.a.risk.pk}  # noqa: E731
source = lambda w: {"pk": w.a.source.pk}  # noqa: E731
draft = lambda w: {"pk": w.a.draft.pk}  # noqa: E731
report = lambda w: {"pk": w.a.report.pk}  # noqa: E731
team_run = lambda w: {"pk": w.a.run.pk}  # noqa: E731
slug = lambda w: {"slug": w.a.team.slug}  # noqa: E731
prediction_set = lambda w: {"pk": w.a.prediction_set.pk}  # noqa: E731


def _prediction_upload(w: World) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "version": w.a.version.pk,
        "role": "reference",
        "prediction": "score",
        "sensitive": "sex",
        "file": SimpleUploadedFile("walk.csv", b"score,sex\n0.9,f\n0.2,m\n"),
    }


def _evidence_upload(w: World) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"kind": "risk", "record": w.a.risk.pk, "file": SimpleUploadedFile("walk.txt", b"walk evidence")}


evidence = lambda w: {"pk": w.a.evidence.pk}  # noqa: E731
AUDIT_READERS = outcome("forbidden", auditor="ok", admin="ok")
promotion = lambda w: {"pk": w.a.promotion.pk}  # noqa: E731
_EU_NO = [key for key, *_ in (*eu_ai_act_v1.PROHIBITED, *eu_ai_act_v1.TRANSPARENCY)]
spare_version = lambda w: {"pk": w.a.spare_version.pk}  # noqa: E731
# Deciding a request: the team's maintainers and governance admins, never the requester (the contributor).
DECIDERS_HIDDEN = {**MAINTAINERS, "outsider": "notfound"}


def _notice(w: World) -> dict[str, Any]:
    """A notice of the viewer's (made inside the walk's savepoint): only its recipient may mark it read."""
    from governance.notifications.models import Notification

    n, _ = Notification.objects.get_or_create(
        recipient=w.users["viewer"], event_key="walk", defaults={"kind": "report_ready", "title": "Walk"}
    )
    return {"pk": n.pk}


def _unsubscribe(w: World) -> dict[str, Any]:
    from governance.notifications.services import unsubscribe_token

    return {"token": unsubscribe_token(user_id=w.users["viewer"].pk)}


def _endpoint(w: World) -> Any:
    from governance.notifications.models import WebhookEndpoint

    endpoint, _ = WebhookEndpoint.objects.get_or_create(
        name="Walk",
        defaults={
            "url": "https://hooks.example.org/walk",
            "events": ["report.ready"],
            "secret": "walk-secret-0123456789",
            "created_by": w.users["admin"],
        },
    )
    return endpoint


def _delivery(w: World) -> dict[str, Any]:
    from governance.notifications.models import WebhookDelivery

    delivery, _ = WebhookDelivery.objects.get_or_create(
        endpoint=_endpoint(w), event="report.ready", defaults={"status": "failed"}
    )
    return {"pk": delivery.pk}


endpoint = lambda w: {"pk": _endpoint(w).pk}  # noqa: E731


SITE_READERS = outcome("forbidden", auditor="ok", admin="ok")


def connector(w: World) -> dict[str, Any]:
    """A connector to a closed port, made on first use (the sync-now POST only queues a run)."""
    from governance.mlflow_sync.models import MlflowConnector

    made, _ = MlflowConnector.objects.get_or_create(
        name="Walk", defaults={"tracking_uri": "http://127.0.0.1:9"}
    )
    return {"pk": made.pk}


def sync_run(w: World) -> dict[str, Any]:
    from governance.mlflow_sync.models import MlflowConnector, SyncRun

    made, _ = MlflowConnector.objects.get_or_create(
        name="Walk", defaults={"tracking_uri": "http://127.0.0.1:9"}
    )
    run = SyncRun.objects.filter(connector=made).first() or SyncRun.objects.create(
        connector=made, trigger="command", status="succeeded"
    )
    return {"pk": run.pk}


EXPECTATIONS: dict[str, Route] = {
    # Public and account pages -------------------------------------------------------------------------
    "healthz": page(GET=PUBLIC, other=NOT_ALLOWED_PUBLIC),
    # Signed-in users are sent on to the dashboard whatever the method (redirect_authenticated_user);
    # Django's FormView takes PUT as POST (an empty one: the form with its errors).
    "login": page(
        GET=PUBLIC,
        HEAD=PUBLIC,
        OPTIONS=PUBLIC,
        POST=PUBLIC,
        PUT=PUBLIC,
        other=outcome("ok", anonymous="method"),
    ),
    # Logging out ends on the login page, for everyone.
    "logout": page(POST=outcome("login", anonymous="login"), OPTIONS=PUBLIC, other=NOT_ALLOWED_PUBLIC),
    "api-tokens": page(GET=EVERYONE, POST=EVERYONE),
    "set_language": page(
        POST=PUBLIC, other=NOT_ALLOWED_PUBLIC, data=lambda w: {"language": "ko"}
    ),  # switcher
    "portal:preferences": page(GET=EVERYONE, POST=EVERYONE),  # one's own language and time zone
    "api-token-revoke": page(kwargs=lambda w: {"pk": w.token.pk}, GET=TOKEN_OWNER, POST=TOKEN_OWNER),
    # Core ---------------------------------------------------------------------------------------------
    "portal:dashboard": page(GET=EVERYONE),
    "portal:system_status": page(GET=ADMINS, POST=ADMINS),
    "portal:team_list": page(GET=EVERYONE),
    "portal:team_detail": page(kwargs=lambda w: {"pk": w.a.team.pk}, GET=READERS_HIDDEN),
    # Inventory ----------------------------------------------------------------------------------------
    "inventory:model_list": page(GET=EVERYONE),
    "inventory:model_create": page(GET=ANY_TEAM_EDITOR, POST=ANY_TEAM_EDITOR),
    "inventory:model_detail": page(kwargs=model, GET=READERS_HIDDEN),
    "inventory:model_edit": page(kwargs=model, GET=EDITORS_HIDDEN, POST=EDITORS_HIDDEN),
    "predictions:version_fairness": page(
        kwargs=lambda w: {"pk": w.a.model.pk, "version_pk": w.a.version.pk},
        GET=READERS_HIDDEN,
        POST=EDITORS_HIDDEN,
        data=_prediction_upload,
    ),
    "inventory:model_transfer": page(kwargs=model, GET=MAINTAINERS_HIDDEN, POST=MAINTAINERS_HIDDEN),
    "inventory:version_create": page(kwargs=model, GET=EDITORS_HIDDEN, POST=EDITORS_HIDDEN),
    "inventory:version_edit": page(
        kwargs=lambda w: {"pk": w.a.model.pk, "version_pk": w.a.version.pk},
        GET=EDITORS_HIDDEN,
        POST=EDITORS_HIDDEN,
    ),
    "inventory:data_use_create": page(kwargs=model, GET=EDITORS_HIDDEN, POST=EDITORS_HIDDEN),
    # Tags and aliases by hand (issue 20); removals ask first (GET), then remove (POST).
    "inventory:version_detail": page(kwargs=model_version, GET=READERS_HIDDEN),
    "inventory:model_tag_set": page(
        kwargs=model, GET=EDITORS_HIDDEN, POST=EDITORS_HIDDEN, data=lambda w: {"key": "k2", "value": "v"}
    ),
    "inventory:model_tag_remove": page(
        kwargs=model,
        query=lambda w: {"key": "walk"},
        GET=EDITORS_HIDDEN,
        POST=EDITORS_HIDDEN,
        data=lambda w: {"key": "walk"},
    ),
    "inventory:version_tag_set": page(
        kwargs=model_version,
        GET=EDITORS_HIDDEN,
        POST=EDITORS_HIDDEN,
        data=lambda w: {"key": "k2", "value": "v"},
    ),
    "inventory:version_tag_remove": page(
        kwargs=model_version,
        query=lambda w: {"key": "walk"},
        GET=EDITORS_HIDDEN,
        POST=EDITORS_HIDDEN,
        data=lambda w: {"key": "walk"},
    ),
    "inventory:alias_set": page(
        kwargs=model,
        GET=EDITORS_HIDDEN,
        POST=EDITORS_HIDDEN,
        data=lambda w: {"name": "walk2", "version": w.a.version.pk},
    ),
    "inventory:alias_remove": page(
        kwargs=model,
        query=lambda w: {"alias": "walk"},
        GET=EDITORS_HIDDEN,
        POST=EDITORS_HIDDEN,
        data=lambda w: {"name": "walk"},
    ),
    "inventory:data_source_list": page(GET=EVERYONE),
    "inventory:data_source_create": page(GET=ANY_TEAM_EDITOR, POST=ANY_TEAM_EDITOR),
    "inventory:data_source_detail": page(kwargs=source, GET=EVERYONE),  # the shared catalogue
    "inventory:data_source_edit": page(kwargs=source, GET=SOURCE_MANAGERS, POST=SOURCE_MANAGERS),
    "inventory:consent_create": page(kwargs=source, GET=SOURCE_MANAGERS, POST=SOURCE_MANAGERS),
    "inventory:consent_withdraw": page(
        kwargs=lambda w: {"pk": w.a.source.pk, "consent_pk": w.a.consent.pk},
        GET=SOURCE_MANAGERS,
        POST=SOURCE_MANAGERS,
    ),
    # Promotion gate pages -------------------------------------------------------------------------------
    "promotions:inbox": page(GET=EVERYONE),
    "promotions:version_gate": page(kwargs=version, GET=READERS_HIDDEN),
    "promotions:request_create": page(
        kwargs=spare_version,
        GET=EDITORS_HIDDEN,
        POST=EDITORS_HIDDEN,
        data=lambda w: {"environment": "production", "justification": "Asked by the URL walk."},
    ),
    "promotions:request_detail": page(kwargs=promotion, GET=READERS_HIDDEN),
    "promotions:request_approve": page(
        kwargs=promotion, POST=DECIDERS_HIDDEN, data=lambda w: {"comment": "walk"}
    ),
    "promotions:request_reject": page(
        kwargs=promotion, POST=DECIDERS_HIDDEN, data=lambda w: {"reason": "walk reason"}
    ),
    # Notifications (issue 21): your own notices; the unsubscribe link is its own key (no login) -----------
    "notifications:list": page(GET=EVERYONE),
    "notifications:read": page(kwargs=_notice, POST=outcome("notfound", viewer="ok")),
    "notifications:read_all": page(POST=EVERYONE),
    "notifications:preferences": page(GET=EVERYONE, POST=EVERYONE),
    "notifications:unsubscribe": page(kwargs=_unsubscribe, GET=PUBLIC, POST=PUBLIC, other=NOT_ALLOWED_PUBLIC),
    "notifications:webhook_list": page(GET=ADMINS),
    "notifications:webhook_create": page(GET=ADMINS, POST=ADMINS),
    "notifications:webhook_detail": page(kwargs=endpoint, GET=ADMINS),
    "notifications:webhook_edit": page(kwargs=endpoint, GET=ADMINS, POST=ADMINS),
    "notifications:webhook_redeliver": page(kwargs=_delivery, POST=ADMINS),
    # Regulation ---------------------------------------------------------------------------------------
    "regulation:organisation": page(GET=EVERYONE),
    "regulation:model": page(kwargs=model, GET=READERS_HIDDEN),
    "regulation:classify": page(
        kwargs=lambda w: {"pk": w.a.model.pk, "framework": "eu_ai_act"},
        GET=EDITORS_HIDDEN,
        POST=EDITORS_HIDDEN,
        data=lambda w: {"role": "provider", "annex_i_product": "no", **dict.fromkeys(_EU_NO, "no")},
    ),
    "regulation:attest": page(
        kwargs=model,
        POST=EDITORS_HIDDEN,
        data=lambda w: {"obligation": "eu_art73", "status": "satisfied", "note": "Attested by the walk."},
    ),
    "regulation:withdraw": page(
        kwargs=lambda w: {"pk": w.a.attestation.pk}, POST=EDITORS_HIDDEN, data=lambda w: {"confirm": "yes"}
    ),
    "regulation:override": page(
        kwargs=lambda w: {"pk": w.a.classification.pk},
        POST={**ADMINS, "outsider": "notfound"},
        data=lambda w: {"confirm": "yes", "category": "limited", "justification": "Overridden by the walk."},
    ),
    # MLflow connectors: site-wide, read by auditors and governance admins; only admins start a sync ----
    "mlflow_sync:connector_list": page(GET=SITE_READERS),
    "mlflow_sync:connector_detail": page(kwargs=connector, GET=SITE_READERS),
    "mlflow_sync:connector_sync": page(kwargs=connector, POST=ADMINS),
    "mlflow_sync:run_detail": page(kwargs=sync_run, GET=SITE_READERS),
    # Assessments --------------------------------------------------------------------------------------
    "assessments:home": page(GET=EVERYONE),
    "assessments:team": page(kwargs=slug, GET=READERS_HIDDEN),
    "assessments:start": page(kwargs=slug, GET=EDITORS_HIDDEN, POST=EDITORS_HIDDEN),
    "assessments:detail": page(kwargs=draft, GET=READERS_HIDDEN),
    "assessments:fill": page(kwargs=draft, GET=EDITORS_HIDDEN),  # forwards to the first open dimension
    "assessments:fill_dimension": page(
        kwargs=lambda w: {"pk": w.a.draft.pk, "dimension": w.a.dimension_key},
        GET=EDITORS_HIDDEN,
        POST=EDITORS_HIDDEN,
    ),
    "assessments:submit": page(kwargs=draft, GET=EDITORS_HIDDEN, POST=EDITORS_HIDDEN),
    # Risk register ------------------------------------------------------------------------------------
    "risks:register": page(GET=EVERYONE),
    "risks:create": page(GET=ANY_TEAM_EDITOR, POST=ANY_TEAM_EDITOR),
    "risks:matrices": page(GET=EVERYONE),
    "risks:detail": page(kwargs=risk, GET=READERS_HIDDEN),
    "risks:edit": page(kwargs=risk, GET=EDITORS_HIDDEN, POST=EDITORS_HIDDEN),
    "risks:review": page(kwargs=risk, GET=EDITORS_HIDDEN, POST=EDITORS_HIDDEN),
    "risks:mitigation_add": page(kwargs=risk, GET=EDITORS_HIDDEN, POST=EDITORS_HIDDEN),
    "risks:mitigation_status": page(
        kwargs=lambda w: {"pk": w.a.risk.pk, "mitigation_pk": w.a.mitigation.pk},
        data=lambda w: {"status": "in_progress"},
        POST=EDITORS_HIDDEN,
    ),
    "risks:accept": page(kwargs=risk, GET=MAINTAINERS_HIDDEN, POST=MAINTAINERS_HIDDEN),
    "risks:close": page(kwargs=risk, GET=EDITORS_HIDDEN, POST=EDITORS_HIDDEN),
    "risks:add_standard": page(kwargs=lambda w: {"model_pk": w.a.model.pk}, POST=EDITORS_HIDDEN),
    # Checks -------------------------------------------------------------------------------------------
    "checks:runs": page(GET=EVERYONE),
    "checks:start": page(
        query=lambda w: {"scope": "team", "team": w.a.team.pk},
        data=lambda w: {"scope": "team", "team": w.a.team.pk, "confirm": "yes"},
        GET=NAMED_TEAM_EDITORS,
        POST=NAMED_TEAM_EDITORS,
    ),
    "checks:run_detail": page(kwargs=team_run, GET=READERS_HIDDEN),  # a run you may not see is a 404
    "checks:run_summary": page(kwargs=team_run, GET=READERS_HIDDEN),
    # Reports ------------------------------------------------------------------------------------------
    "reports:list": page(GET=EVERYONE),
    "reports:request": page(data=lambda w: {"kind": "model_dossier", "model": w.a.model.pk}, POST=READERS),
    # The viewer's dossier of team A's model: visible to whoever may see the model (issue 16.17).
    "reports:detail": page(kwargs=report, GET=READERS_HIDDEN),
    "reports:download": page(kwargs=report, GET=READERS_HIDDEN),
    # API: schema and docs are public by design (SERVE_PERMISSIONS AllowAny); they hold no data -------------
    "api-schema": api(GET=PUBLIC, OPTIONS=PUBLIC, other=NOT_ALLOWED_PUBLIC),
    "api-docs": api(GET=PUBLIC, OPTIONS=NOT_ALLOWED_PUBLIC, other=NOT_ALLOWED_PUBLIC),  # OPTIONS was a 500
    "v1:api-root": api(GET=EVERYONE),
    "v1:team-list": api(GET=EVERYONE),
    "v1:team-detail": api(kwargs=lambda w: {"pk": w.a.team.pk}, GET=READERS_HIDDEN),
    "v1:model-list": api(
        GET=EVERYONE,
        POST=EDITORS_REF,
        post=lambda w: {
            "team": w.a.team.pk,
            "name": "walk-registered",
            "owner": w.users["contributor"].pk,
            "purpose": "Registered by the URL walk.",
        },
    ),
    "v1:model-detail": api(
        kwargs=model,
        GET=READERS_HIDDEN,
        PATCH=EDITORS_HIDDEN,
        patch=lambda w: {"purpose": "Changed by the walk."},
    ),
    "v1:model-data-uses": api(
        kwargs=model,
        GET=READERS_HIDDEN,
        POST=EDITORS_HIDDEN,
        post=lambda w: {"data_source": w.a.source.pk, "role": "evaluation", "purpose": "walk"},
    ),
    "v1:model-transfer": api(
        kwargs=model,
        POST=MAINTAINERS_HIDDEN,
        post=lambda w: {"new_owner": w.users["maintainer"].pk, "reason": "walk"},
    ),
    "v1:model-versions": api(
        kwargs=model, GET=READERS_HIDDEN, POST=EDITORS_HIDDEN, post=lambda w: {"label": "walk-9.9.9"}
    ),
    "v1:model-tags": api(kwargs=model, GET=READERS_HIDDEN),
    "v1:model-tag": api(
        kwargs=lambda w: {"pk": w.a.model.pk, "key": "walk"},
        GET=READERS_HIDDEN,
        PUT=EDITORS_HIDDEN,
        DELETE=EDITORS_HIDDEN,
        put=lambda w: {"value": "changed by the walk"},
    ),
    "v1:model-aliases": api(kwargs=model, GET=READERS_HIDDEN),
    "v1:model-alias": api(
        kwargs=lambda w: {"pk": w.a.model.pk, "alias": "walk"},
        PUT=EDITORS_HIDDEN,
        DELETE=EDITORS_HIDDEN,
        put=lambda w: {"version": w.a.version.pk},
    ),
    "v1:version-tags": api(kwargs=version, GET=READERS_HIDDEN),
    "v1:version-tag": api(
        kwargs=lambda w: {"pk": w.a.version.pk, "key": "walk"},
        GET=READERS_HIDDEN,
        PUT=EDITORS_HIDDEN,
        DELETE=EDITORS_HIDDEN,
        put=lambda w: {"value": "changed by the walk"},
    ),
    "v1:version-list": api(GET=EVERYONE),
    "v1:version-detail": api(
        kwargs=version,
        GET=READERS_HIDDEN,
        PATCH=EDITORS_HIDDEN,
        patch=lambda w: {"artifact_uri": "s3://walk/1"},
    ),
    "v1:version-evaluations": api(
        kwargs=version,
        GET=READERS_HIDDEN,
        POST=EDITORS_HIDDEN,
        post=lambda w: {"metric_name": "auc", "quality": 0.8},
    ),
    "v1:version-snapshots": api(
        kwargs=version,
        GET=READERS_HIDDEN,
        POST=EDITORS_HIDDEN,
        post=lambda w: {"metric_name": "auc", "live_quality": 0.8},
    ),
    "v1:prediction-set-list": api(GET=EVERYONE),
    "v1:prediction-set-detail": api(kwargs=prediction_set, GET=READERS_HIDDEN),
    "v1:prediction-set-bins": api(kwargs=prediction_set, GET=READERS_HIDDEN),
    # Rows may hold personal data: the team's maintainers, auditors and governance admins only.
    "v1:prediction-set-download": api(
        kwargs=prediction_set,
        GET=outcome("forbidden", maintainer="ok", auditor="ok", admin="ok", outsider="notfound"),
    ),
    "v1:prediction-set-upload": api(POST=EDITORS_HIDDEN, post=_prediction_upload, multipart=True),
    "v1:prediction-set-histograms": api(
        POST=EDITORS_HIDDEN,
        post=lambda w: {
            "version": w.a.version.pk,
            "role": "reference",
            "features": {"walk": {"edges": [1.0], "counts": [1, 1]}},
        },
    ),
    "v1:data-source-list": api(
        GET=EVERYONE,
        POST=EDITORS_REF,  # for team A: the outsider edits only their own team's catalogue entries
        post=lambda w: {
            "name": "walk source",
            "team": w.a.team.pk,
            "steward": w.users["contributor"].pk,
            "contains_personal_data": False,
            "legal_basis": "not_required",
        },
    ),
    "v1:data-source-detail": api(
        kwargs=source, GET=EVERYONE, PATCH=SOURCE_MANAGERS, patch=lambda w: {"description": "walk"}
    ),
    "v1:consent-list": api(
        GET=EVERYONE,
        POST=SOURCE_MANAGERS,
        post=lambda w: {
            "data_source": w.a.source.pk,
            "reference": "walk-consent",
            "purpose": "walk",
            "obtained_on": _today(-1),
        },
    ),
    "v1:consent-detail": api(kwargs=lambda w: {"pk": w.a.consent.pk}, GET=EVERYONE),
    "v1:consent-withdraw": api(
        kwargs=lambda w: {"pk": w.a.consent.pk}, POST=SOURCE_MANAGERS, post=lambda w: {"reason": "walk"}
    ),
    "v1:framework-list": api(GET=EVERYONE),
    "v1:framework-detail": api(kwargs=lambda w: {"pk": w.framework.pk}, GET=EVERYONE),
    "v1:assessment-list": api(GET=EVERYONE),
    "v1:assessment-detail": api(kwargs=draft, GET=READERS_HIDDEN),
    "v1:team-maturity-list": api(GET=EVERYONE),
    "v1:team-maturity-detail": api(kwargs=lambda w: {"pk": w.a.team.pk}, GET=READERS_HIDDEN),
    "v1:risk-matrix-list": api(GET=EVERYONE),
    "v1:risk-matrix-detail": api(kwargs=lambda w: {"pk": w.matrix.pk}, GET=EVERYONE),
    "v1:risk-list": api(
        GET=EVERYONE,
        POST=EDITORS_REF,
        post=lambda w: {
            "model": w.a.model.pk,
            "title": "Walk risk",
            "category": "availability",
            "owner": w.users["contributor"].pk,
        },
    ),
    "v1:risk-detail": api(
        kwargs=risk, GET=READERS_HIDDEN, PATCH=EDITORS_HIDDEN, patch=lambda w: {"description": "walk"}
    ),
    "v1:risk-review": api(kwargs=risk, POST=EDITORS_HIDDEN, post=lambda w: {"notes": "walk"}),
    "v1:risk-close": api(kwargs=risk, POST=EDITORS_HIDDEN, post=lambda w: {"reason": "walk"}),
    "v1:mitigation-list": api(
        GET=EVERYONE,
        POST=NAMED_TEAM_EDITORS,
        post=lambda w: {
            "risk": w.a.risk.pk,
            "description": "walk mitigation",
            "owner": w.users["contributor"].pk,
        },
    ),
    "v1:mitigation-detail": api(
        kwargs=lambda w: {"pk": w.a.mitigation.pk},
        GET=READERS_HIDDEN,
        PATCH=EDITORS_HIDDEN,
        patch=lambda w: {"status": "in_progress"},
    ),
    # Promotion gate --------------------------------------------------------------------------------------
    "api-version-gate": api(kwargs=version, GET=READERS_HIDDEN),
    "v1:promotion-list": api(
        GET=EVERYONE,
        POST=EDITORS_HIDDEN,
        post=lambda w: {
            "version": w.a.spare_version.pk,
            "environment": "production",
            "justification": "Asked by the URL walk.",
        },
    ),
    "v1:promotion-detail": api(kwargs=promotion, GET=READERS_HIDDEN),
    "v1:regulation-model-list": api(GET=EVERYONE),
    "v1:regulation-model-detail": api(kwargs=model, GET=READERS_HIDDEN),
    "v1:regulation-model-answers": api(
        kwargs=model,
        POST=EDITORS_HIDDEN,
        post=lambda w: {
            "framework": "eu_ai_act",
            "answers": {"role": "provider", "annex_i_product": False, **dict.fromkeys(_EU_NO, False)},
        },
    ),
    "v1:regulation-model-attestations": api(
        kwargs=model,
        POST=EDITORS_HIDDEN,
        post=lambda w: {"obligation": "eu_art73", "status": "satisfied", "note": "Attested by the walk."},
    ),
    "v1:promotion-approve": api(kwargs=promotion, POST=DECIDERS_HIDDEN, post=lambda w: {"comment": "walk"}),
    "v1:promotion-reject": api(
        kwargs=promotion, POST=DECIDERS_HIDDEN, post=lambda w: {"reason": "walk reason"}
    ),
    "v1:acceptance-list": api(
        GET=EVERYONE,
        # The risk's owner is the contributor: separation of duties keeps them out too.
        POST=NAMED_TEAM_MAINTAINERS,
        post=lambda w: {
            "risk": w.a.risk.pk,
            "justification": "Accepted by the URL walk.",
            "expires_on": _today(30),
        },
    ),
    "v1:acceptance-detail": api(kwargs=lambda w: {"pk": w.a.acceptance.pk}, GET=READERS_HIDDEN),
    "v1:check-run-list": api(
        GET=EVERYONE, POST=EDITORS_REF, post=lambda w: {"scope": "team", "team": w.a.team.pk}
    ),
    "v1:check-run-detail": api(kwargs=team_run, GET=READERS_HIDDEN),
    "v1:check-result-list": api(GET=EVERYONE),
    "v1:check-result-detail": api(kwargs=lambda w: {"pk": w.a.result.pk}, GET=READERS_HIDDEN),
    "v1:report-list": api(
        GET=EVERYONE, POST=READERS_REF, post=lambda w: {"kind": "model_dossier", "model": w.a.model.pk}
    ),
    "api-me": api(GET=EVERYONE),
    # Evidence and the audit log (issue 23) -----------------------------------------------------------------
    "evidence:record": page(
        kwargs=lambda w: {"kind": "risk", "pk": w.a.risk.pk},
        GET=READERS_HIDDEN,
        POST=EDITORS_HIDDEN,
        data=_evidence_upload,
    ),
    "evidence:download": page(kwargs=evidence, GET=READERS_HIDDEN),
    "audit:log": page(GET=AUDIT_READERS),
    "api-audit-log": api(GET=AUDIT_READERS),
    "v1:evidence-list": Route(
        "api",
        {
            "GET": READERS_HIDDEN,
            "HEAD": READERS_HIDDEN,
            "POST": EDITORS_HIDDEN,
            "OPTIONS": EVERYONE,
        },
        lambda w: {},
        {"POST": _evidence_upload},
        lambda w: {"kind": "risk", "record": w.a.risk.pk},  # a record's files: the query names it
        NOT_ALLOWED,
        True,
    ),
    "v1:evidence-detail": api(kwargs=evidence, GET=READERS_HIDDEN),
    "v1:evidence-download": api(kwargs=evidence, GET=READERS_HIDDEN),
    "v1:user-list": api(GET=EVERYONE),
    "v1:user-detail": api(kwargs=lambda w: {"pk": w.users["contributor"].pk}, GET=READERS_HIDDEN),
    "v1:report-detail": api(kwargs=report, GET=READERS_HIDDEN),
    "v1:report-download": api(kwargs=report, GET=READERS_HIDDEN),
}
