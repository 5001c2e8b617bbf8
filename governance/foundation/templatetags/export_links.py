"""`{% export_links "/api/v1/models/" %}`: CSV and Excel buttons for a list page.

They point at the list's API with the page's own filters (the API's filter sets are the pages', so the names
match), minus the page number and empty fields, which the API's strict query check refuses. The API applies
the reader's permissions, as the page does; a session is accepted there.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def export_links(context, api_path: str, **fixed) -> str:
    request = context.get("request")
    params: list[tuple[str, str]] = []
    if request is not None and not fixed:  # a record's page: only its own record, not the page's query
        for name, values in request.GET.lists():
            if name in {"page", "page_size", "format"}:
                continue
            params.extend((name, v) for v in values if v not in ("", "unknown"))
    params.extend((name, str(value)) for name, value in fixed.items() if value not in (None, ""))
    csv_url = f"{api_path}?{urlencode([*params, ('format', 'csv')])}"
    xlsx_url = f"{api_path}?{urlencode([*params, ('format', 'xlsx')])}"
    return format_html(
        '<span class="export-links">{} <a class="btn" href="{}" download>CSV</a> '
        '<a class="btn" href="{}" download>Excel</a></span>',
        gettext("Export:"),
        csv_url,
        xlsx_url,
    )
