from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.teams import permissions as perms

NAV = [
    ("dashboard", _("Dashboard"), "portal:dashboard"),
    ("models", _("Models"), "inventory:model_list"),
    ("data_sources", _("Data sources"), "inventory:data_source_list"),
    ("teams", _("Teams"), "portal:team_list"),
    ("risks", _("Risks"), "risks:register"),
    ("assessments", _("Assessments"), "assessments:home"),
    ("checks", _("Checks"), "checks:runs"),
    ("reports", _("Reports"), "reports:list"),
]


# Apps whose every page belongs to one navigation item.
NAMESPACES = {
    "risks": "risks",
    "assessments": "assessments",
    "checks": "checks",
    "reports": "reports",
    "audit": "audit",
}


def inbox_count(request: HttpRequest) -> dict[str, Any]:
    """The header's "Waiting for me" number (governance.promotions.inbox): cached per user until a write
    commits, one query when cold; with the bell's, at most two queries a page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from governance.promotions.inbox import waiting_count

    return {"inbox_waiting": waiting_count(user=user)}


def navigation(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    current = ""
    if match is not None:
        current = NAMESPACES.get(match.namespace, "")
        if not current:
            url_name = match.url_name or ""
            if url_name.startswith(("model", "version", "data_use")):
                current = "models"
            elif url_name.startswith(("data_source", "consent")):
                current = "data_sources"
            elif url_name.startswith("team_"):
                current = "teams"
            elif url_name == "dashboard":
                current = "dashboard"
            elif match.namespace == "promotions" and url_name == "inbox":
                current = "inbox"
            elif url_name.startswith("api-token"):
                current = "tokens"
            elif url_name == "system_status":
                current = "system"
            elif url_name == "preferences":
                current = "preferences"
    user = getattr(request, "user", None)
    return {
        "nav_items": NAV,
        "nav_current": current,
        "is_governance_admin": bool(user and perms.is_governance_admin(user)),
        "sees_everything": bool(user and perms.sees_everything(user)),
        "today": timezone.localdate(),
    }
