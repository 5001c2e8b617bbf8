from django.urls import path

from . import preferences, teams, views

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("system/", views.system_status, name="system_status"),
    path("account/preferences/", preferences.preferences, name="preferences"),
    path("teams/", teams.team_list, name="team_list"),
    path("teams/<int:pk>/", teams.team_detail, name="team_detail"),
]
