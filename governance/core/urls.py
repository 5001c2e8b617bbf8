from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("system/", views.system_status, name="system_status"),
    path("checks/", views.section_pending, {"section": "checks"}, name="checks"),
    path("reports/", views.section_pending, {"section": "reports"}, name="reports"),
]
