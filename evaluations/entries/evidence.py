"""Evidence files of an entry's claimed values: the size limit, the check of an upload (type, magic bytes, size) and
where a file is stored and removed."""

import hashlib
import os

from django.conf import settings
from django.utils.translation import gettext as _

from clusters.observations.services import EVIDENCE_TYPES
from evaluations.models import ClaimedValue
from tenancy.uploads import check_upload, delete_after_commit

DEFAULT_EVIDENCE_MAX_MB = 20


def evidence_max_bytes() -> int:
    return int(getattr(settings, "COMPETITION_EVIDENCE_MAX_MB", DEFAULT_EVIDENCE_MAX_MB)) * 1024 * 1024


def evidence_check(upload) -> dict:
    """Refuse an evidence file that is too large, of another type, or whose content is not what its extension
    says (magic bytes; XLSX and DOCX must be the right kind of OOXML archive). Returns its metadata."""
    content_type = check_upload(
        upload,
        field="evidence",
        types=EVIDENCE_TYPES,
        max_bytes=evidence_max_bytes(),
        not_accepted=_("Upload a PDF, XLSX, DOCX, PNG or JPEG file (%(ext)s is not accepted)."),
    )
    name = os.path.basename(upload.name)
    extension = os.path.splitext(name)[1].lower()
    size = upload.size
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {"name": name[-255:], "size": size, "type": content_type, "sha256": digest.hexdigest(), "ext": extension}


def stored_evidence_name(extension):
    return f"evidence{extension}"


def remove_evidence_after_commit(name):
    delete_after_commit(ClaimedValue._meta.get_field("evidence").storage, name)
