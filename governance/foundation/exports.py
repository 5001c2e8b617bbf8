"""Spreadsheet exports of any list: CSV streamed (UTF-8 with BOM, so Excel reads Korean), XLSX through
openpyxl's write-only mode. Text a spreadsheet would run as a formula is neutralised; numbers stay numbers.

Rows come from an iterator of chunks: the caller fetches a chunk with a fixed number of queries (never one
per row) and the rows leave as they are made, so a CSV of 10,000 models starts at once and memory stays flat.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500
NUMBER_OR_FORMULA_STARTS = frozenset("=+-@\t\r.0123456789")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def export_format(request: HttpRequest) -> str | None:
    """`?format=csv|xlsx` on an HTML list page; anything else is the page itself."""
    value = request.GET.get("format")
    return value if value in EXPORT_FORMATS else None


def neutralise(value: Any) -> Any:
    """A cell value: numbers and dates as they are, text starting like a formula prefixed with a quote
    (OWASP's advice), nested values as JSON text, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | decimal.Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, dict | list | tuple):
        value = json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    text = str(value)
    if not text or text[0] not in NUMBER_OR_FORMULA_STARTS:  # the common case, decided on one character
        return text
    if NUMBER.fullmatch(text):  # "-1.5" from a serializer's decimal is a number, not a formula
        return decimal.Decimal(text) if "." in text or "e" in text.lower() else int(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def flatten(row: dict[str, Any]) -> dict[str, Any]:
    """A serializer's row as spreadsheet cells: one nested level becomes `parent.child` columns."""
    cells: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict) and value and all(not isinstance(v, dict | list) for v in value.values()):
            for sub, subvalue in value.items():
                cells[f"{key}.{sub}"] = subvalue
        else:
            cells[key] = value
    return cells


def chunked(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def dict_rows(
    objects: Iterable[Any], render_chunk: Callable[[list[Any]], Sequence[dict[str, Any]]]
) -> Iterator[dict[str, Any]]:
    """Rows rendered a chunk at a time (the renderer's batch look-ups run once per chunk)."""
    for batch in chunked(objects):
        for row in render_chunk(batch):
            yield flatten(dict(row))


def _table(rows: Iterator[dict[str, Any]]) -> tuple[list[str], Iterator[list[Any]]]:
    """Headers from the first row; every row laid out under them."""
    first = next(rows, None)
    if first is None:
        return [], iter(())
    headers = list(first)

    def lay_out() -> Iterator[list[Any]]:
        yield [first.get(h) for h in headers]
        for row in rows:
            yield [row.get(h) for h in headers]

    return headers, lay_out()


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()  # the BOM: Excel then reads UTF-8 (Hangul) instead of the local code page
    headers, body = _table(rows)
    if headers:
        yield writer.writerow(headers).encode()
    buffer: list[str] = []
    for line in body:
        buffer.append(writer.writerow([neutralise(v) for v in line]))
        if len(buffer) >= 200:
            yield "".join(buffer).encode()
            buffer = []
    if buffer:
        yield "".join(buffer).encode()


def export_response(*, rows: Iterator[dict[str, Any]], fmt: str, filename: str):
    """A streamed CSV, or an XLSX built in write-only mode in a temporary file and sent when done."""
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = StreamingHttpResponse(csv_stream(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    else:
        response = FileResponse(
            xlsx_file(rows, title=filename), as_attachment=True, filename=f"{filename}-{stamp}.xlsx"
        )
        response["Content-Type"] = XLSX_TYPE
    response["X-Content-Type-Options"] = "nosniff"
    return response


def xlsx_file(rows: Iterator[dict[str, Any]], *, title: str):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "export")
    headers, body = _table(rows)
    bold = Font(bold=True)
    if headers:
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
    for line in body:
        sheet.append([_xlsx_value(neutralise(v)) for v in line])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle


def _xlsx_value(value: Any) -> Any:
    # openpyxl writes a str starting with "=" as a formula; neutralise() already prefixed those. Strip the
    # characters XML 1.0 cannot hold (openpyxl raises IllegalCharacterError on them).
    if isinstance(value, str):
        return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 0x20)
    return value
