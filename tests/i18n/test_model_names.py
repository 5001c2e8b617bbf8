"""Every model of the project names itself in the reader's language (issue 25).

The audit log's record types, the admin, messages and filters read a model's verbose name: one left to
Django's default (the class name, "data source") is English in every language."""

from __future__ import annotations

from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

PROJECT = ("governance.", "assessments.")


def project_models() -> list[type]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith(PROJECT) and not m.__name__.startswith("Historical")
    ]


def test_every_model_has_translatable_names():
    models = project_models()
    assert len(models) >= 40
    plain = [
        f"{m._meta.label}.{option}"
        for m in models
        for option in ("verbose_name", "verbose_name_plural")
        if not isinstance(m._meta.original_attrs.get(option), Promise)
    ]
    assert plain == [], "models named by a plain string or Django's default:\n" + "\n".join(plain)


def test_every_model_name_reads_in_korean():
    same = []
    for m in project_models():
        for option in ("verbose_name", "verbose_name_plural"):
            with translation.override("en"):
                english = str(getattr(m._meta, option))
            with translation.override("ko"):
                korean = str(getattr(m._meta, option))
            if english == korean:
                same.append(f"{m._meta.label}.{option}: {english}")
    assert same == [], "names not translated:\n" + "\n".join(same)
