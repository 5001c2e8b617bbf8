"""The PDF download, for the page and the API alike: the file named after its subject and date."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse

from .models import Report


def content_disposition(report: Report) -> str:
    """An attachment named by RFC 6266: an ASCII filename for every client, and filename* (RFC 5987, UTF-8)
    with the subject's own letters (Hangul, accents) when they are not ASCII."""
    ascii_name, name = report.filename_ascii, report.filename
    value = f'attachment; filename="{ascii_name}"'
    if name != ascii_name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value


def pdf_response(report: Report) -> FileResponse:
    response = FileResponse(report.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(report)
    response["X-Content-SHA256"] = report.sha256
    return response
