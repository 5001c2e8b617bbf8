"""The REST API under /api/v1/, its OpenAPI schema and offline interactive docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from assessments.api import views as assessments
from governance.audit.api import AuditLogView
from governance.checks.api import views as checks
from governance.evidence.api import views as evidence
from governance.inventory.api import people
from governance.inventory.api import views as inventory
from governance.predictions.api import views as predictions
from governance.promotions.api import views as promotions
from governance.regulation.api import views as regulation
from governance.reports.api import views as reports
from governance.risks.api import views as risks

# No `.json` suffix routes: the API renders JSON only, and the suffix would reach actions that take no
# `format` argument (a 500 found by the URL walk, tests/governance/security).
router = DefaultRouter()
router.include_format_suffixes = False
router.register("teams", inventory.TeamViewSet, basename="team")
router.register("models", inventory.ModelViewSet, basename="model")
router.register("versions", inventory.VersionViewSet, basename="version")
router.register("data-sources", inventory.DataSourceViewSet, basename="data-source")
router.register("consents", inventory.ConsentViewSet, basename="consent")
router.register("frameworks", assessments.FrameworkViewSet, basename="framework")
router.register("assessments", assessments.AssessmentViewSet, basename="assessment")
router.register("team-maturity", assessments.TeamMaturityViewSet, basename="team-maturity")
router.register("risk-matrices", risks.RiskMatrixViewSet, basename="risk-matrix")
router.register("risks", risks.RiskViewSet, basename="risk")
router.register("mitigations", risks.MitigationViewSet, basename="mitigation")
router.register("acceptances", risks.AcceptanceViewSet, basename="acceptance")
router.register("check-runs", checks.CheckRunViewSet, basename="check-run")
router.register("check-results", checks.CheckResultViewSet, basename="check-result")
router.register("reports", reports.ReportViewSet, basename="report")
router.register("prediction-sets", predictions.PredictionSetViewSet, basename="prediction-set")
router.register("promotions", promotions.PromotionViewSet, basename="promotion")
router.register("users", people.UserViewSet, basename="user")
router.register("evidence", evidence.EvidenceViewSet, basename="evidence")
router.register("regulation/models", regulation.ModelRegulationViewSet, basename="regulation-model")

urlpatterns = [
    path("v1/me/", people.MeView.as_view(), name="api-me"),
    path("v1/audit-log/", AuditLogView.as_view(), name="api-audit-log"),
    path("v1/versions/<int:pk>/gate/", promotions.version_gate, name="api-version-gate"),
    path("v1/", include((router.urls, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # GET only: DRF's OPTIONS answer cannot be rendered by this HTML-template view (it was a 500).
    # The split view serves its start-up script as a file, so the page obeys the script-src 'self' policy.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html", http_method_names=["get", "head"]
        ),
        name="api-docs",
    ),
]
