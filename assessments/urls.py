from django.urls import path

from .views import fill, pages

app_name = "assessments"

urlpatterns = [
    path("", pages.home, name="home"),
    path("teams/<slug:slug>/", pages.team_detail, name="team"),
    path("teams/<slug:slug>/start/", fill.assessment_start, name="start"),
    path("<int:pk>/", pages.assessment_detail, name="detail"),
    path("<int:pk>/fill/", fill.assessment_fill, name="fill"),
    path("<int:pk>/fill/<slug:dimension>/", fill.assessment_fill_dimension, name="fill_dimension"),
    path("<int:pk>/submit/", fill.assessment_submit, name="submit"),
]
