"""factory-boy factories that write straight to the database, for arranging tests quickly."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model

from governance.inventory.models import ConsentRecord, DataSource, DataSourceUse, MLModel, ModelVersion
from governance.teams.models import Membership, Team

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    role = Membership.Role.CONTRIBUTOR


class MLModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MLModel

    name = factory.Sequence(lambda n: f"model-{n}")
    team = factory.SubFactory(TeamFactory)
    owner = factory.SubFactory(UserFactory)
    purpose = "Predicts something useful."
    stage = MLModel.Stage.DEVELOPMENT


class ModelVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModelVersion

    model = factory.SubFactory(MLModelFactory)
    label = factory.Sequence(lambda n: f"1.{n}.0")
    registered_by = factory.SelfAttribute("model.owner")


class DataSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSource

    name = factory.Sequence(lambda n: f"source-{n}")
    team = factory.SubFactory(TeamFactory)
    steward = factory.SubFactory(UserFactory)
    contains_personal_data = True
    legal_basis = DataSource.LegalBasis.CONSENT


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    data_source = factory.SubFactory(DataSourceFactory)
    reference = factory.Sequence(lambda n: f"consent-{n}")
    purpose = "churn-prediction"
    obtained_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    expires_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=300))
    recorded_by = factory.SelfAttribute("data_source.steward")


class DataSourceUseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSourceUse

    model = factory.SubFactory(MLModelFactory)
    data_source = factory.SubFactory(DataSourceFactory)
    role = DataSourceUse.Role.TRAINING
    purpose = "churn-prediction"
    created_by = factory.SelfAttribute("model.owner")
