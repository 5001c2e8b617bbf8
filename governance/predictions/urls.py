from django.urls import path

from . import views

app_name = "predictions"

urlpatterns = [
    path(
        "models/<int:pk>/versions/<int:version_pk>/fairness/", views.version_fairness, name="version_fairness"
    ),
]
