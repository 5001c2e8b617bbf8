"""What an uploaded file really is: read once in chunks (hashed and sized on the way), typed on its content.

Nothing here touches storage: the service stores a file only after every check below has passed.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HEAD_BYTES = 8192
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",  # Mach-O 64
    b"\xce\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"#!",  # scripts with an interpreter line
)
OOXML = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ODF = frozenset({"application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet"})
ZIP_TYPES = frozenset({"application/zip", *OOXML.values(), *ODF})


@dataclass(frozen=True)
class Inspected:
    sha256: str
    size: int
    media_type: str


def clean_name(raw: str) -> str:
    """The name kept and sent back on download. Directory parts never reach here (Django's upload parser
    drops them); a name that still holds a separator, or any control character, is refused, not repaired."""
    name = unicodedata.normalize("NFC", (raw or "").strip())
    if not name or name in {".", ".."}:
        raise ValidationError({"file": _("The file needs a name.")})
    if "/" in name or "\\" in name:
        raise ValidationError({"file": _("The file name may not contain a path (/ or \\).")})
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in name):
        raise ValidationError({"file": _("The file name may not contain control characters.")})
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:200]
    return name


def inspect_upload(upload: Any, *, name: str) -> Inspected:
    """Hash and size the file chunk by chunk (stopping at the limit), then type it on its content.

    Refuses: an empty file, one over EVIDENCE_MAX_BYTES, an executable whatever its name, a type not allowed,
    a name whose extension does not match the content, and office files that unpack too far (zip bombs)."""
    limit = settings.EVIDENCE_MAX_BYTES
    digest = hashlib.sha256()
    size = 0
    head = b""
    decoder = codecs.getincrementaldecoder("utf-8")()
    is_text = True
    if hasattr(upload, "seek"):
        upload.seek(0)
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                {"file": _("The file is larger than the limit of %(value)s.") % {"value": _mib(limit)}}
            )
        digest.update(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        if is_text:
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError:
                is_text = False
            else:
                is_text = "\x00" not in text
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if is_text:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            is_text = False
    media_type = _media_type(upload, head=head, is_text=is_text, name=name)
    _check_allowed(media_type, name=name)
    return Inspected(sha256=digest.hexdigest(), size=size, media_type=media_type)


def _media_type(upload: Any, *, head: bytes, is_text: bool, name: str) -> str:
    if head.startswith(EXECUTABLE_MAGIC):
        raise ValidationError(
            {"file": _("The content is an executable program, whatever its name says: not accepted.")}
        )
    guessed = filetype.guess(head)
    if guessed is not None:
        if guessed.mime in ZIP_TYPES:
            return _office_type(upload)
        if guessed.mime in {"application/x-msdownload", "application/x-executable", "application/x-elf"}:
            raise ValidationError(
                {"file": _("The content is an executable program: not accepted as evidence.")}
            )
        return guessed.mime
    if is_text:
        return "text/csv" if PurePosixPath(name.lower()).suffix == ".csv" else "text/plain"
    return "application/octet-stream"


def _office_type(upload: Any) -> str:
    """An office document is a zip: bound what it unpacks to before anyone opens it, then name its type."""
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError({"file": _("The file looks like a zip archive but cannot be read.")}) from exc
    if len(members) > settings.EVIDENCE_ZIP_MAX_MEMBERS:
        raise ValidationError(
            {
                "file": _("The archive holds more than %(EVIDENCE_ZIP_MAX_MEMBERS)s parts.")
                % {"EVIDENCE_ZIP_MAX_MEMBERS": settings.EVIDENCE_ZIP_MAX_MEMBERS}
            }
        )
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > settings.EVIDENCE_ZIP_MAX_RATIO or total > settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED:
            raise ValidationError(
                {"file": _("The document unpacks to far more than its size (a zip bomb?): not accepted.")}
            )
    names = {m.filename for m in members}
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ValidationError({"file": _("Documents with macros are not accepted; save it without macros.")})
    if "[Content_Types].xml" in names:
        for marker, media_type in OOXML.items():
            if marker in names:
                return media_type
    if "mimetype" in names:
        declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        if declared in ODF:
            return declared
    return "application/zip"


def _check_allowed(media_type: str, *, name: str) -> None:
    allowed: dict[str, list[str]] = settings.EVIDENCE_ALLOWED_TYPES
    suffix = PurePosixPath(name.lower()).suffix
    if media_type not in allowed:
        raise ValidationError(
            {
                "file": _("Type %(media_type)s is not accepted; use %(value)s.")
                % {"media_type": media_type, "value": ", ".join(accepted_extensions())}
            }
        )
    if suffix not in allowed[media_type]:
        raise ValidationError(
            {
                "file": _(
                    "The content is %(media_type)s, but the name ends in '%(value)s': "
                    "give it one of %(value2)s."
                )
                % {
                    "media_type": media_type,
                    "value": suffix or "(nothing)",
                    "value2": ", ".join(allowed[media_type]),
                }
            }
        )


def accepted_extensions() -> list[str]:
    return sorted({ext for exts in settings.EVIDENCE_ALLOWED_TYPES.values() for ext in exts})


def _mib(n: int) -> str:
    return f"{n / 1024 / 1024:g} MiB"
