"""The REST API under /api/v1/, its OpenAPI schema and offline interactive docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from assessments.api import views as assessments
from governance.checks.api import views as checks
from governance.inventory.api import views as inventory
from governance.reports.api import views as reports
from governance.risks.api import views as risks

router = DefaultRouter()
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

urlpatterns = [
    path("v1/", include((router.urls, "api"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
