"""Rules the admin pages share (a module of its own: foundation/admin.py registers pages on import)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin


class NoDeleteMixin:
    """No delete page, permission or "delete selected" action: the record is evidence, or is named by the
    history as who did something. Such records are retired, withdrawn, closed, revoked or deactivated."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """The history is read here, never reverted.

    django-simple-history's "Revert" saves an old version over the record. It bypasses the services' rules
    and, worse, every read-only field: the history form leaves read-only fields out and then saves the old
    instance whole, so it undid a consent's withdrawal or changed who recorded it even where the change page
    is read-only, and it answered a POST even with the button hidden. A correction is a new change made
    where the rules apply. Every admin page with history in the product uses this class.

    `actor_fields` name who made the record (recorded_by, registered_by, created_by): read-only, and set
    to the admin user when a record is added here."""

    actor_fields: tuple[str, ...] = ()
    evidence_fields: tuple[str, ...] = ()  # further fields that are read-only once shown here

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied(
                _("Records are not reverted from their history; make a new change instead.")
            )
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [f for f in (*self.actor_fields, *self.evidence_fields) if f not in fields]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            for name in self.actor_fields:
                setattr(obj, name, request.user)
        super().save_model(request, obj, form, change)


class ViewOnlyMixin:
    """Records posted through the product only (its services validate them) and never changed after."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
