from django.urls import path

from . import views

app_name = "regulation"

urlpatterns = [
    path("", views.organisation, name="organisation"),
    path("models/<int:pk>/", views.model_regulation, name="model"),
    path("models/<int:pk>/classify/<slug:framework>/", views.classify, name="classify"),
    path("models/<int:pk>/attest/", views.attest, name="attest"),
    path("attestations/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("classifications/<int:pk>/override/", views.override, name="override"),
]
