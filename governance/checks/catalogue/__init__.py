"""The check catalogue: one module per category. Importing this package registers every check."""

from . import accountability, data_consent, documentation, live_fairness, maturity, quality_fairness, risk  # noqa: F401
