"""The dossier's "Fairness and drift" section: the version page's tables and charts, from the same selectors
and chart geometry (governance/predictions/charts.py), drawn with reportlab. A module of its own; the dossier
builder only calls `dossier_section`."""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors

from governance.checks.models import CheckPolicy
from governance.predictions.charts import Chart

from ..fonts import font_for, printable
from ..styles import heading, para
from ..tables import data_table
from .common import day

SCALE = 0.68


def _num(value, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def chart_drawing(chart: Chart) -> Drawing:
    """The SVG chart's geometry in PDF points (y flipped: reportlab's origin is the bottom left)."""
    h = chart.height

    def text(x, y, value, anchor="start", colour="#1f2328"):
        value = printable(value)
        return String(
            x,
            h - y,
            value,
            fontName=font_for(value),
            fontSize=9,
            textAnchor=anchor,
            fillColor=colors.HexColor(colour),
        )

    group = Group()
    for x, label in chart.ticks:
        group.add(Line(x, h - 14, x, h - chart.plot_bottom, strokeColor=colors.HexColor("#d0d7de")))
        group.add(text(x, 11, label, "middle"))
    for bar in chart.bars:
        group.add(text(chart.label_x, bar.text_y, bar.label, "end"))
        if bar.width:
            group.add(
                Rect(
                    chart.plot_left,
                    h - bar.y - 16,
                    bar.width,
                    16,
                    fillColor=colors.HexColor(bar.colour),
                    strokeColor=None,
                )
            )
        group.add(text(bar.text_x, bar.text_y, bar.value_text))
    for line in chart.lines:
        group.add(
            Line(
                line.x, h - 14, line.x, h - chart.plot_bottom,
                strokeColor=colors.HexColor(line.colour), strokeWidth=2, strokeDashArray=[5, 3],
            )
        )  # fmt: skip
        group.add(text(line.x, chart.height - 1, line.label, "middle", line.colour))
    group.transform = (SCALE, 0, 0, SCALE, 0, 0)
    drawing = Drawing(chart.width * SCALE, chart.height * SCALE)
    drawing.add(group)
    return drawing


def _attributes(attributes) -> list:
    parts = []
    for name, figures, chart in attributes:
        rows = [
            [
                g["group"],
                g["count"],
                _num(g.get("selection_rate")),
                _num(g.get("true_positive_rate")),
                _num(g.get("false_positive_rate")),
                _num(g.get("error_rate")),
                _("yes") if g["judged"] else _("too small to judge"),
            ]
            for g in figures["groups"]
        ]
        parts += [
            heading(_("Groups of %(attribute)s") % {"attribute": name}, 2),
            data_table(
                [_("Group"), _("Rows"), _("Selection"), "TPR", "FPR", _("Error"), _("Judged")],
                rows,
                [3, 1.2, 1, 1, 1, 1, 1.6],
            ),
            chart_drawing(chart),
        ]
        if figures.get("demographic_parity_ratio") is not None:
            test = figures["selection_gap_test"]
            gap = (
                f"chi2 {test['chi2']:.2f}, p = {test['pvalue']:.3g}"
                if test.get("pvalue") is not None
                else test["note"]
            )
            odds = figures.get("equalized_odds_difference")
            parity = _(
                "Demographic parity difference %(difference).3f, ratio %(ratio).3f "
                "(%(lowest)s over %(highest)s); "
            ) % {
                "difference": figures["demographic_parity_difference"],
                "ratio": figures["demographic_parity_ratio"],
                "lowest": figures["lowest_group"],
                "highest": figures["highest_group"],
            }
            if odds is not None:
                parity += _("%(measure)s difference %(value).3f; ") % {
                    "measure": figures["odds_measure"],
                    "value": odds,
                }
            parts.append(para(parity + _("largest selection gap: %(gap)s.") % {"gap": gap}))
        else:
            parts.append(para(f"{figures.get('note') or _('nothing to compare')}."))
    return parts


def dossier_section(*, versions: list) -> list:
    """Flowables for the model's current version (latest deployed, else latest), as the checks judge it."""
    from governance.predictions.views import page_context

    deployed = [v for v in versions if v.status == "deployed"]
    version = (deployed or versions or [None])[0]
    parts = [heading(_("Fairness and drift, computed from prediction sets"))]
    if version is None:
        return [*parts, para(_("The model has no version."))]
    context = page_context(version=version, policy=CheckPolicy.current())
    reference, live = context["reference"], context["latest_live"]
    if reference is None:
        parts.append(
            para(
                _("Version %(version)s has no computed reference set; figures, if any, are reported.")
                % {"version": version.label}
            )
        )
    else:
        parts.append(
            para(
                _(
                    "Version %(version)s, reference set #%(id)s: %(rows)s rows, %(evidence)s, "
                    "computed %(day)s."
                )
                % {
                    "version": version.label,
                    "id": reference.pk,
                    "rows": reference.row_count,
                    "evidence": reference.evidence_label,
                    "day": day(reference.computed_at),
                }
            )
        )
        parts += _attributes(context["attributes"])
    if live is not None:
        parts += [
            heading(
                _("Drift of live set #%(id)s (%(rows)s rows)") % {"id": live.pk, "rows": live.row_count}, 2
            ),
            chart_drawing(context["psi_chart"]),
            data_table(
                [_("Feature"), "PSI", _("KS (± bound)"), "KS p", "Jensen-Shannon"],
                [
                    [
                        name,
                        _num(d.get("psi"), 4),
                        f"{d['ks']['statistic']:.4f} (± {d['ks']['error_bound']:.4f})"
                        if d.get("ks")
                        else "—",
                        f"{d['ks']['pvalue']:.3g}" if d.get("ks") else "—",
                        _num(d.get("js_distance"), 4),
                    ]
                    for name, d in context["drift"]
                ],
                [3, 1, 2, 1, 1.3],
            ),
        ]
    if context["windows"]:
        parts += [
            heading(_("Live windows over time"), 2),
            data_table(
                [_("Set"), _("Window end"), _("Rows"), _("Lowest selection-rate ratio"), _("Highest PSI")],
                [
                    [
                        f"#{w['set'].pk}",
                        day(w["set"].window_end or w["set"].computed_at),
                        w["rows"],
                        f"{_num(w['worst_ratio'])} ({w['worst_attribute']})"
                        if w["worst_ratio"] is not None
                        else "—",
                        _num(w["max_psi"]),
                    ]
                    for w in context["windows"]
                ],
                [1, 1.5, 1, 2.5, 1.2],
            ),
        ]
    return parts
