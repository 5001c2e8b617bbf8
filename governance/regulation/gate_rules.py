"""The promotion gate's regulation rule, registered from here (the gate's own app cannot read this one): a
high-risk (EU) or high-impact (Korea) model needs every applicable obligation satisfied, from the records or
by an attestation in force, before it reaches an environment that counts as production. Best-efforts duties
are shown but never block. Prohibited models are already stopped by the gate's unwaivable tier rule, which
reads the tier this app writes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from governance.foundation.lazytext import Joined, text
from governance.promotions.gate import GateData, rule
from governance.promotions.models import Environment

from .selectors import regulation_for_models

KEY = "regulation_obligations"


def _regulations(data: GateData) -> dict:
    cached = data.__dict__.get("_regulation")
    if cached is None:  # once per GateData: a fixed number of queries for all its pairs
        models = list({version.model_id: version.model for version, _ in data.pairs}.values())
        cached = data.__dict__["_regulation"] = regulation_for_models(models=models, today=data.today)
    return cached


@rule(KEY, gettext_noop("A high-risk or high-impact model's obligations are satisfied or attested"))
def obligations_met(data, version, environment, policy):
    if environment.counts_as != Environment.CountsAs.PRODUCTION:
        return None
    regulation = _regulations(data)[version.model_id]
    if not regulation.needs_obligations:
        return None
    blocking = regulation.blocking
    grace_ends = regulation.legacy_grace_ends
    if blocking and grace_ends is not None and data.today < grace_ends:
        # A legacy classification (carried over from the hand-set tier) is not held to its obligations until
        # its grace period ends: nothing falls out of policy on the day classification lands.
        return True, text(
            _("legacy classification: enforced from %(day)s (%(count)s not met)"),
            day=grace_ends.isoformat(),
            count=len(blocking),
        )
    if blocking:
        parts = Joined([f"{o.obligation.citation} {o.status}" for o in blocking[:8]])
        if len(blocking) > 8:
            parts = text(_("%(names)s and %(count)s more"), names=parts, count=len(blocking) - 8)
        return False, text(_("obligations not met: %(obligations)s"), obligations=parts)
    return True, text(_("%(count)s obligation(s) satisfied or attested"), count=len(regulation.obligations))
