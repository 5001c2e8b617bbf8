"""DRF's rate limits, read from the settings on every request rather than once at import.

So `API_RATE_USER`/`API_RATE_ANON` (environment) and a test's settings override both take effect; the
schemathesis run (bin/schemathesis) raises them for its thousands of requests.
"""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.settings import api_settings


class _FromSettings:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(_FromSettings, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_FromSettings, throttling.UserRateThrottle):
    pass
