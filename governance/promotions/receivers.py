"""Signal receivers: the out-of-policy pass after every check run (inline: the worker is already there)
and after every consent withdrawal (queued after commit)."""

from __future__ import annotations

from typing import Any


def after_check_run(sender: Any, run_id: int, **kwargs: Any) -> None:
    from .services import out_of_policy_pass

    out_of_policy_pass()


def after_consent_withdrawn(sender: Any, consent: Any, **kwargs: Any) -> None:
    from .tasks import out_of_policy_pass_soon

    out_of_policy_pass_soon()


def environment_alias_names(sender: Any, **kwargs: Any) -> set[str]:
    """The environments' names and slugs: an alias named like one is moved only by a promotion (issue 20)."""
    from .models import Environment

    return {name for pair in Environment.objects.values_list("name", "slug") for name in pair}
