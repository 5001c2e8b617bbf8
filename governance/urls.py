from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from governance.api import views as api_views
from governance.foundation.login import AdminLoginForm, LoginView, LogoutView
from governance.portal.preferences import set_language
from governance.portal.views import healthz

handler400 = "governance.portal.views.bad_request"
handler403 = "governance.portal.views.permission_denied"
handler404 = "governance.portal.views.page_not_found"

admin.site.site_header = _("ML governance administration")
admin.site.site_title = _("ML governance admin")
admin.site.index_title = _("Site administration")
admin.site.login_form = AdminLoginForm  # the same lock-out as the site's log-in

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),  # Django's set_language, saving the choice
    path("admin/", admin.site.urls),
    path("api/", include("governance.api.urls")),
    path("account/tokens/", api_views.token_list, name="api-tokens"),
    path("account/tokens/<int:pk>/revoke/", api_views.token_revoke_view, name="api-token-revoke"),
    path("", include("governance.portal.urls")),
    path("", include("governance.inventory.urls")),
    path("", include("governance.predictions.urls")),
    path("assessments/", include("assessments.urls")),
    path("risks/", include("governance.risks.urls")),
    path("checks/", include("governance.checks.urls")),
    path("reports/", include("governance.reports.urls")),
    path("promotions/", include("governance.promotions.urls")),
    path("evidence/", include("governance.evidence.urls")),
    path("audit/", include("governance.audit.urls")),
    path("notifications/", include("governance.notifications.urls")),
    path("regulation/", include("governance.regulation.urls")),
    path("mlflow/", include("governance.mlflow_sync.urls")),
]
