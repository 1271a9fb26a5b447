"""Uploaded files, the same way in every app: a type table, the checks that refuse a file (type by extension and
by its first bytes, an OOXML archive holding the right part, size), a safe stored name, deletion after commit."""

import os
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

# A type table maps an extension to (magic bytes at the start of the file, content type, member a genuine OOXML
# file holds or None).
FileTypes = dict[str, tuple[bytes, str, str | None]]


def check_upload(upload, *, field: str, types: FileTypes, max_bytes: int, not_accepted) -> str:
    """Refuse a file that is empty, too large, of a type not in `types`, or whose content is not what its extension
    says, with the error at `field`. `not_accepted` is the message naming the accepted types (with `%(ext)s`).
    Returns the content type to serve the file with."""
    name = os.path.basename(getattr(upload, "name", "") or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in types:
        raise ValidationError({field: [not_accepted % {"ext": extension or "—"}]})
    size = upload.size or 0
    if size == 0:
        raise ValidationError({field: [_("The file is empty.")]})
    if size > max_bytes:
        raise ValidationError(
            {
                field: [
                    _("The file is %(size).1f MB; at most %(max)d MB is accepted.")
                    % {"size": size / 1024 / 1024, "max": max_bytes // 1024 // 1024}
                ]
            }
        )
    magic, content_type, ooxml_member = types[extension]
    upload.seek(0)
    genuine = upload.read(len(magic)) == magic
    upload.seek(0)
    if genuine and ooxml_member:
        try:
            with zipfile.ZipFile(upload) as archive:
                genuine = ooxml_member in archive.namelist()
        except zipfile.BadZipFile:
            genuine = False
        upload.seek(0)
    if not genuine:
        raise ValidationError(
            {field: [_("The content of the file is not a %(ext)s file.") % {"ext": extension.lstrip(".").upper()}]}
        )
    return content_type


def content_type_of(name: str, types: FileTypes) -> str:
    """The content type a stored file is served with (by its extension)."""
    extension = os.path.splitext(name)[1].lower()
    return types.get(extension, (None, "application/octet-stream", None))[1]


def safe_upload_name(upload, *, fallback: str, length: int):
    """Keep letters, digits, `-` and `_` of the uploaded name (at most `length` of them) and its extension."""
    base, extension = os.path.splitext(os.path.basename(upload.name))
    base = "".join(ch for ch in base if ch.isalnum() or ch in "-_")[:length] or fallback
    upload.name = f"{base}{extension.lower()}"
    return upload


def delete_after_commit(storage, name: str) -> None:
    """Remove a replaced or orphaned file once the change that dropped it has committed (never on rollback)."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def download_response(field_file, *, filename: str, content_type: str):
    """A stored file as a download: never rendered inline, served with the type checked at upload and `nosniff`;
    404 when there is no file or it is gone from storage."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
