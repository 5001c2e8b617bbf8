from django import template

from ..models import RiskMatrix
from ..selectors import HeatMap, heat_map_from_counts

register = template.Library()


@register.filter
def impact_label(impact: int, heat: HeatMap) -> str:
    return heat.impact_labels[impact - 1]


@register.filter
def empty_heat_map(matrix: RiskMatrix) -> HeatMap:
    """The matrix's grid with no risks counted, to show what each cell's level is."""
    return heat_map_from_counts(matrix=matrix, basis="residual", counts={})


@register.filter
def level_name(matrix: RiskMatrix, index: int) -> str:
    return matrix.level_objects[index].name
