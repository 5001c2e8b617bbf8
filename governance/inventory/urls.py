from django.urls import path

from .views import data_sources, models, tags

app_name = "inventory"

urlpatterns = [
    path("models/", models.model_list, name="model_list"),
    path("models/new/", models.model_create, name="model_create"),
    path("models/<int:pk>/", models.model_detail, name="model_detail"),
    path("models/<int:pk>/edit/", models.model_edit, name="model_edit"),
    path("models/<int:pk>/transfer/", models.model_transfer, name="model_transfer"),
    path("models/<int:pk>/versions/new/", models.version_create, name="version_create"),
    path("models/<int:pk>/versions/<int:version_pk>/edit/", models.version_edit, name="version_edit"),
    path("models/<int:pk>/data-uses/new/", models.data_use_create, name="data_use_create"),
    path("models/<int:pk>/tags/set/", tags.model_tag_set, name="model_tag_set"),
    path("models/<int:pk>/tags/remove/", tags.model_tag_remove, name="model_tag_remove"),
    path("models/<int:pk>/aliases/set/", tags.alias_set, name="alias_set"),
    path("models/<int:pk>/aliases/remove/", tags.alias_remove, name="alias_remove"),
    path("models/<int:pk>/versions/<int:version_pk>/", tags.version_detail, name="version_detail"),
    path("models/<int:pk>/versions/<int:version_pk>/tags/set/", tags.version_tag_set, name="version_tag_set"),
    path(
        "models/<int:pk>/versions/<int:version_pk>/tags/remove/",
        tags.version_tag_remove,
        name="version_tag_remove",
    ),
    path("data-sources/", data_sources.data_source_list, name="data_source_list"),
    path("data-sources/new/", data_sources.data_source_create, name="data_source_create"),
    path("data-sources/<int:pk>/", data_sources.data_source_detail, name="data_source_detail"),
    path("data-sources/<int:pk>/edit/", data_sources.data_source_edit, name="data_source_edit"),
    path("data-sources/<int:pk>/consents/new/", data_sources.consent_create, name="consent_create"),
    path(
        "data-sources/<int:pk>/consents/<int:consent_pk>/withdraw/",
        data_sources.consent_withdraw,
        name="consent_withdraw",
    ),
]
