from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from governance.core.views import healthz

handler403 = "governance.core.views.permission_denied"

admin.site.site_header = "ML governance administration"
admin.site.site_title = "ML governance admin"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("governance.core.urls")),
    path("", include("governance.inventory.urls")),
]
