from django.urls import path

from .views import register as views

app_name = "risks"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.risk_create, name="create"),
    path("matrices/", views.matrix_list, name="matrices"),
    path("<int:pk>/", views.risk_detail, name="detail"),
    path("<int:pk>/edit/", views.risk_edit, name="edit"),
    path("<int:pk>/review/", views.risk_review, name="review"),
    path("<int:pk>/mitigations/new/", views.mitigation_add, name="mitigation_add"),
    path(
        "<int:pk>/mitigations/<int:mitigation_pk>/status/", views.mitigation_status, name="mitigation_status"
    ),
    path("<int:pk>/accept/", views.acceptance_add, name="accept"),
    path("<int:pk>/close/", views.risk_close, name="close"),
    path("for-model/<int:model_pk>/standard/", views.model_add_standard, name="add_standard"),
]
