"""Thin tasks: recompute the out-of-policy flags, and close expired requests (nightly, via beat)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="promotions.out_of_policy_pass")
def out_of_policy_pass_task() -> dict[str, int]:
    from .services import out_of_policy_pass

    return out_of_policy_pass()


@shared_task(name="promotions.nightly")
def nightly_task() -> dict[str, int]:
    """Expiries happen with the date: acceptances, waivers, consents and requests."""
    from .services import out_of_policy_pass, promotions_expire

    return {"expired_requests": promotions_expire(), **out_of_policy_pass()}


def out_of_policy_pass_soon() -> None:
    """After the caller's transaction commits, ask a worker for a pass; a broker outage is logged and the
    nightly pass catches up."""
    import logging

    from django.db import transaction

    def send() -> None:
        try:
            out_of_policy_pass_task.delay()
        except Exception:
            logging.getLogger(__name__).exception("Could not queue the out-of-policy pass")

    transaction.on_commit(send)
