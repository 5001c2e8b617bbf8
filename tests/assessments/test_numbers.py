"""Issue 16: one number-formatting rule for pages, charts and PDFs."""

from django.template import Context, Template

from assessments.charts import bar_chart, trend_chart
from assessments.numbers import score_text
from governance.reports.graphics import level_bar_chart


def test_scores_round_half_up_on_the_decimal_value():
    assert f"{0.625:.2f}" == "0.62"  # Python's own rule, which the chart used to follow
    assert score_text(0.625) == "0.63" and score_text(1.005) == "1.01" and score_text(2) == "2.00"
    assert score_text(7.25, 1) == "7.3" and score_text(None) == "—"


def test_chart_table_and_pdf_say_the_same_for_the_same_score():
    import datetime

    page = Template("{% load assessment_tags %}{{ v|score }} {{ v|score:1 }}").render(Context({"v": 0.625}))
    assert page == "0.63 0.6"
    assert bar_chart([("Data", 0.625, 0)], maximum=2).bars[0].value_text == "0.63"
    when = datetime.datetime(2026, 1, 1)
    assert trend_chart([(when, 0.625)], maximum=2).points[0].value_text == "0.63"
    drawing = level_bar_chart([("Data", 0.625, 0)])
    texts = [getattr(shape, "text", "") for shape in drawing.contents]
    assert "0.63" in texts and "0.62" not in texts
