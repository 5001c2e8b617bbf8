from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("files/<int:pk>/download/", views.evidence_download, name="download"),
    path("<slug:kind>/<int:pk>/", views.record_evidence, name="record"),
]
