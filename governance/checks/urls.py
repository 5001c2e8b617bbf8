from django.urls import path

from . import views

app_name = "checks"

urlpatterns = [
    path("", views.run_list, name="runs"),
    path("start/", views.run_start, name="start"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/summary/", views.run_summary, name="run_summary"),
]
