from django.urls import path

from . import views

app_name = "mlflow_sync"

urlpatterns = [
    path("", views.connector_list, name="connector_list"),
    path("<int:pk>/", views.connector_detail, name="connector_detail"),
    path("<int:pk>/sync/", views.connector_sync, name="connector_sync"),
    path("syncs/<int:pk>/", views.run_detail, name="run_detail"),
]
