"""Every model of the project names itself in the reader's language (issue 25).

The audit log's record types, the admin, messages and filters read a model's verbose name: one left to
Django's default (the class name, "data source") is English in every language."""

from __future__ import annotations

from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

from tests.i18n.bilingual import english_and_korean, untranslated

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
    same = untranslated(
        (f"{m._meta.label}.{option}", getattr(m._meta, option))
        for m in project_models()
        for option in ("verbose_name", "verbose_name_plural")
    )
    assert same == [], "names not translated:\n" + "\n".join(same)


def test_every_history_names_itself_in_korean():
    """simple-history names a historical model "historical <name>", read once in English; ours read it
    when shown, so the admin and the history pages say "<이름> 변경 이력"; the English (and so the
    migrations and the permission names) stays as it was."""
    historical = [
        m for m in apps.get_models() if m.__module__.startswith(PROJECT) and hasattr(m, "instance_type")
    ]
    assert len(historical) >= 25
    wrong = []
    for m in historical:
        tracked = m.instance_type._meta
        for option in ("verbose_name", "verbose_name_plural"):
            with translation.override("ko"):
                korean, tracked_korean = str(getattr(m._meta, option)), str(getattr(tracked, option))
            if korean != f"{tracked_korean} 변경 이력":  # the glossary: history = 변경 이력
                wrong.append(f"{m._meta.label}.{option}: {korean}")
        assert m._meta.verbose_name_raw == f"historical {tracked.verbose_name_raw}", m
    assert wrong == [], "histories not named in Korean:\n" + "\n".join(wrong)


def test_every_constraint_s_message_reads_in_korean():
    """A constraint's violation message is a form's or the API's error: a plain string stays English."""
    found = [
        (f"{m._meta.label}.{c.name}", c.violation_error_message)
        for m in project_models()
        for c in m._meta.constraints
        if getattr(c, "violation_error_message", None)
        and c.violation_error_message != c.default_violation_error_message
    ]
    assert len(found) >= 20, found
    same = untranslated(found)
    assert same == [], "constraint messages not translated:\n" + "\n".join(same)


def test_every_field_s_help_reads_in_korean():
    """A field's help_text shows under it in the admin and the forms built from the model."""
    same = []
    for m in project_models():
        for f in m._meta.get_fields():
            help_text = getattr(f, "help_text", "")
            if not help_text:
                continue
            english, korean = english_and_korean(help_text)
            if not isinstance(help_text, Promise) or english == korean:
                same.append(f"{m._meta.label}.{f.name}: {english[:60]}")
    assert same == [], "help texts not translated:\n" + "\n".join(same)
