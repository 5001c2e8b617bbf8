"""Tolerant threshold comparisons: the one place checks compare measured figures with policy thresholds.

Floating error must not decide a verdict: 0.32 / 0.40 is 0.7999999999999999 in binary floating point and
must count as meeting a 0.8 threshold. Values within a relative 1e-9 of the threshold count as equal to it
(``math.isclose``); rounded display values are never compared.
"""

from __future__ import annotations

import math

REL_TOL = 1e-9


def equal(value: float, threshold: float) -> bool:
    return math.isclose(value, threshold, rel_tol=REL_TOL, abs_tol=REL_TOL * 1e-3)


def below(value: float, threshold: float) -> bool:
    """Strictly below the threshold, beyond floating error."""
    return value < threshold and not equal(value, threshold)


def above(value: float, threshold: float) -> bool:
    """Strictly above the threshold, beyond floating error."""
    return value > threshold and not equal(value, threshold)


def at_least(value: float, threshold: float) -> bool:
    return not below(value, threshold)


def shown(value: float, threshold: float, places: int = 2) -> str:
    """The value with enough decimals to differ from the threshold it is compared with (up to 6), so a
    finding never reads "0.80 is below 0.80"."""
    for digits in range(places, 7):
        if f"{value:.{digits}f}" != f"{threshold:.{digits}f}":
            return f"{value:.{digits}f}"
    return f"{value:.6f}"
