"""Rules the admin pages share (a module of its own: foundation/admin.py registers pages on import)."""


class NoDeleteMixin:
    """No delete page, permission or "delete selected" action: the record is evidence, or is named by the
    history as who did something. Such records are retired, withdrawn, closed, revoked or deactivated."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
