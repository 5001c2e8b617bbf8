"""Risk matrices as plain data: validation and grid lookup, with no database access.

A grid row is a likelihood (lowest first), a column an impact (lowest first); each cell holds the index of a
level (lowest first). Levels come from the grid, not from likelihood x impact: the product is kept beside
the level only for ordering (Cox 2008 shows products can mis-rank).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_SIDE, MAX_SIDE = 3, 6
MAX_REVIEW_DAYS = 730
# Severity classes, lowest first. Every rule that says "high" or "at or above" names a class, never a level
# index, so that matrices of any size are read the same way (docs/decisions.md).
SEVERITY_CLASSES = ("low", "medium", "high", "critical")
# The problems of a side's labels, one set per side so that each reads as a whole sentence when translated.
LIKELIHOOD_TEXTS = (
    gettext_lazy("Give the likelihood labels as a list of non-empty names, lowest first."),
    gettext_lazy("A matrix has %(min)s to %(max)s likelihood labels; this one has %(count)s."),
    gettext_lazy("The likelihood labels must be different from each other."),
)
IMPACT_TEXTS = (
    gettext_lazy("Give the impact labels as a list of non-empty names, lowest first."),
    gettext_lazy("A matrix has %(min)s to %(max)s impact labels; this one has %(count)s."),
    gettext_lazy("The impact labels must be different from each other."),
)


def severity_rank(severity: str) -> int:
    """The position of a class in SEVERITY_CLASSES; a ValueError for an unknown one."""
    return SEVERITY_CLASSES.index(severity)


def class_for_position(index: int, count: int) -> str:
    """The class a level gets from its place alone: the lowest is low, the highest critical, spread between.

    Used only to carry over matrices saved before levels had classes."""
    if count <= 1:
        return SEVERITY_CLASSES[-1]
    return SEVERITY_CLASSES[round(index * (len(SEVERITY_CLASSES) - 1) / (count - 1))]


@dataclass(frozen=True)
class Level:
    index: int
    name: str
    colour: str
    review_days: int
    severity: str = "low"

    def at_least(self, severity: str) -> bool:
        return severity_rank(self.severity) >= severity_rank(severity)

    @property
    def text_colour(self) -> str:
        """Black or white, whichever reads better on the level's colour (WCAG relative luminance)."""
        r, g, b = (int(self.colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

        def lin(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
        return "#000000" if luminance > 0.179 else "#ffffff"


def validate_matrix(
    *, likelihood_labels: Any, impact_labels: Any, levels: Any, grid: Any
) -> dict[str, list[str]]:
    """Every problem with a matrix definition, by field; empty when the matrix is sound."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: Any) -> None:
        errors.setdefault(field, []).append(str(message))

    for field, labels, texts in (
        ("likelihood_labels", likelihood_labels, LIKELIHOOD_TEXTS),
        ("impact_labels", impact_labels, IMPACT_TEXTS),
    ):
        if not isinstance(labels, list) or not all(isinstance(x, str) and x.strip() for x in labels):
            add(field, texts[0])
        elif not MIN_SIDE <= len(labels) <= MAX_SIDE:
            add(field, texts[1] % {"min": MIN_SIDE, "max": MAX_SIDE, "count": len(labels)})
        elif len({x.strip().casefold() for x in labels}) != len(labels):
            add(field, texts[2])

    level_ok = isinstance(levels, list) and 2 <= len(levels) <= 6
    if not level_ok:
        add(
            "levels",
            _(
                "Give 2 to 6 levels, lowest first, each with a name, a colour, a review interval and a "
                "severity class (%(classes)s)."
            )
            % {"classes": ", ".join(SEVERITY_CLASSES)},
        )
    else:
        names = []
        for position, level in enumerate(levels, start=1):
            if not isinstance(level, dict):
                add(
                    "levels",
                    _("Level %(position)s must have a name, a colour, review_days and a severity.")
                    % {"position": position},
                )
                level_ok = False
                continue
            name, colour, days = level.get("name"), level.get("colour"), level.get("review_days")
            if not isinstance(name, str) or not name.strip():
                add("levels", _("Level %(position)s needs a name.") % {"position": position})
            names.append(str(name).strip().casefold())
            if not isinstance(colour, str) or not HEX_COLOUR.match(colour):
                add("levels", _("Level %(position)s needs a colour like #c62828.") % {"position": position})
                level_ok = False
            if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_REVIEW_DAYS:
                add(
                    "levels",
                    _("Level %(position)s needs a review interval of 1 to %(max)s days.")
                    % {"position": position, "max": MAX_REVIEW_DAYS},
                )
                level_ok = False
            if level.get("severity") not in SEVERITY_CLASSES:
                add(
                    "levels",
                    _("Level %(position)s needs a severity class: one of %(classes)s.")
                    % {"position": position, "classes": ", ".join(SEVERITY_CLASSES)},
                )
                level_ok = False
        if len(set(names)) != len(names):
            add("levels", _("Level names must be different from each other."))
        if level_ok:
            intervals = [level["review_days"] for level in levels]
            if any(later > earlier for earlier, later in pairwise(intervals)):
                add("levels", _("A higher level must be reviewed at least as often as a lower one."))
            ranks = [severity_rank(level["severity"]) for level in levels]
            if any(later < earlier for earlier, later in pairwise(ranks)):
                add(
                    "levels", _("A higher level may not have a lower severity class than the level below it.")
                )

    if "likelihood_labels" in errors or "impact_labels" in errors or not level_ok:
        return errors
    rows, cols = len(likelihood_labels), len(impact_labels)
    if (
        not isinstance(grid, list)
        or len(grid) != rows
        or not all(isinstance(row, list) and len(row) == cols for row in grid)
    ):
        add(
            "grid",
            _("The grid must have %(rows)s rows (likelihoods) of %(cols)s cells (impacts).")
            % {"rows": rows, "cols": cols},
        )
        return errors
    top = len(levels) - 1
    if not all(isinstance(c, int) and not isinstance(c, bool) and 0 <= c <= top for row in grid for c in row):
        add("grid", _("Every cell must name a level by its index, 0 to %(top)s.") % {"top": top})
        return errors
    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and grid[r][c + 1] < grid[r][c]:
                add("grid", _("Levels fall as impact rises in likelihood row %(row)s.") % {"row": r + 1})
            if r + 1 < rows and grid[r + 1][c] < grid[r][c]:
                add(
                    "grid",
                    _("Levels fall as likelihood rises in impact column %(column)s.") % {"column": c + 1},
                )
            if top >= 2 and grid[r][c] == top:
                for dr in (-1, 0, 1):
                    for dc in (-1, 0, 1):
                        rr, cc = r + dr, c + dc
                        if 0 <= rr < rows and 0 <= cc < cols and grid[rr][cc] == 0:
                            add("grid", _("A cell of the highest level touches one of the lowest."))
    if "grid" in errors:
        errors["grid"] = list(dict.fromkeys(errors["grid"]))
    return errors


def level_index(grid: list[list[int]], likelihood: int, impact: int) -> int:
    """The level index of a rating; likelihood and impact count from 1, as users see them."""
    if not (1 <= likelihood <= len(grid) and 1 <= impact <= len(grid[0])):
        raise ValueError(f"Rating {likelihood}x{impact} is outside this {len(grid)}x{len(grid[0])} matrix.")
    return grid[likelihood - 1][impact - 1]


DEFAULT_MATRIX = {
    "name": "Default 5x5",
    "description": "Five likelihoods by five impacts, four levels reviewed every 30, 90, 180 and 365 days.",
    "likelihood_labels": ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"],
    "impact_labels": ["Negligible", "Minor", "Moderate", "Major", "Severe"],
    "levels": [
        {"name": "Low", "colour": "#2e7d32", "review_days": 365, "severity": "low"},
        {"name": "Medium", "colour": "#f9a825", "review_days": 180, "severity": "medium"},
        {"name": "High", "colour": "#ef6c00", "review_days": 90, "severity": "high"},
        {"name": "Critical", "colour": "#b71c1c", "review_days": 30, "severity": "critical"},
    ],
    "grid": [
        [0, 0, 0, 0, 1],
        [0, 0, 1, 1, 2],
        [0, 1, 1, 2, 2],
        [0, 1, 2, 2, 3],
        [1, 2, 2, 3, 3],
    ],
}
