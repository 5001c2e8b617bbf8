from django.urls import path

from . import views

app_name = "promotions"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("versions/<int:pk>/gate/", views.version_gate, name="version_gate"),
    path("versions/<int:pk>/request/", views.request_create, name="request_create"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/approve/", views.request_approve, name="request_approve"),
    path("<int:pk>/reject/", views.request_reject, name="request_reject"),
]
