"""Print every demo login with its site group or team roles: the start-up banner of `make run` (bin/run).

Read from the database after seed_demo, so the banner cannot drift from the people the demo creates.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from .seed_demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "List the demo users who can sign in, with what each may do."

    def handle(self, *args, **options) -> None:
        users = (
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(password__startswith="!")  # noqa: S106 - an unusable password: nobody signs in as them
            .prefetch_related("groups", "memberships__team")
            .order_by("username")
        )
        self.stdout.write(f"  Demo logins (password: {DEMO_PASSWORD}):")
        for user in users:
            what = [group.name for group in user.groups.all()]
            what += [f"{m.role}, {m.team.name}" for m in user.memberships.all()]
            if user.is_superuser:
                what.append("Django admin at /admin/")
            self.stdout.write(f"    {user.username:<14} {'; '.join(what) or 'no team yet'}")
