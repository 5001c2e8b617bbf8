"""Teams, who belongs to which with what role, and the two site-wide groups.

Every app decides access per team, so these sit below the domain apps. The tables keep the names they had
when they lived in the inventory app (inventory_team, inventory_membership and their history tables): the
move changed Django's state only, see migrations/0001_initial.py.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.foundation.historical import HistoricalRecords

GOVERNANCE_ADMIN_GROUP = "governance admin"
AUDITOR_GROUP = "auditor"


class Team(models.Model):
    name = models.CharField(
        max_length=100, unique=True, validators=[MinLengthValidator(2)], verbose_name=_("name")
    )
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("slug"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords(table_name="inventory_historicalteam")

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        db_table = "inventory_team"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        VIEWER = "viewer", _("Viewer")
        CONTRIBUTOR = "contributor", _("Contributor")
        MAINTAINER = "maintainer", _("Maintainer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER, verbose_name=_("role"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    history = HistoricalRecords(table_name="inventory_historicalmembership")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        db_table = "inventory_membership"
        ordering = ["team__name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "team"], name="membership_one_per_user_team")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"


def _known_time_zone(value: str) -> None:
    from zoneinfo import available_timezones

    from django.core.exceptions import ValidationError

    if value and value not in available_timezones():
        raise ValidationError(_("Unknown time zone: %(zone)s."), params={"zone": value}, code="time_zone")


class UserPreference(models.Model):
    """A person's language and time zone. Blank means: follow the browser's language, the site's time zone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="preference",
        verbose_name=_("user"),
    )
    language = models.CharField(
        max_length=8, blank=True, choices=settings.LANGUAGES, verbose_name=_("language")
    )
    time_zone = models.CharField(
        max_length=64, blank=True, validators=[_known_time_zone], verbose_name=_("time zone")
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.language or 'browser'}, {self.time_zone or 'site time zone'}"
