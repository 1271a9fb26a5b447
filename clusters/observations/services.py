"""Writes of the observation platform: clusters' yearly observations, their evidence and their verification.

The reads are in selectors.py. Who may write is `clusters.record_observations` on the cluster (clusters/rules.py).
"""

import os
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Observation
from tenancy.errors import Refusal
from tenancy.history import save_with_history
from tenancy.scoping import unscoped
from tenancy.uploads import check_upload, content_type_of, delete_after_commit, safe_upload_name

FIRST_YEAR = 1990
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# Extension → (magic bytes at the start of the file, content type, member a genuine OOXML file holds).
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF", "application/pdf", None),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png", None),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg", None),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg", None),
    ".xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/workbook.xml"),
    ".docx": (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "word/document.xml",
    ),
}
EVIDENCE_ACCEPT = ",".join(EVIDENCE_TYPES)


def last_year():
    return timezone.localdate().year + 1


# Writes -----------------------------------------------------------------------------------------------------------


def evidence_check(upload) -> str:
    """Refuse an evidence file that is too large, of another type, or whose content is not what its
    extension says. Returns the content type to serve it with."""
    return check_upload(
        upload,
        field="evidence",
        types=EVIDENCE_TYPES,
        max_bytes=MAX_EVIDENCE_BYTES,
        not_accepted=_("Upload a PDF, XLSX, DOCX, PNG or JPEG file (%(ext)s is not accepted)."),
    )


def evidence_content_type(observation: Observation) -> str:
    return content_type_of(observation.evidence.name, EVIDENCE_TYPES)


def evidence_filename(observation: Observation) -> str:
    """The name a download gets: the indicator, the year and the file's extension."""
    extension = os.path.splitext(observation.evidence.name)[1].lower()
    return f"{observation.indicator.code}-{observation.year}-evidence{extension}"


def count_error(indicator, value) -> str | None:
    """The field error of a fractional value of a count indicator (15.56 single champions), or None. Plan targets
    and competition claims of a count indicator are refused the same way."""
    if indicator is None or not indicator.is_count or value is None:
        return None
    value = Decimal(value)
    if value.is_finite() and value != value.to_integral_value():
        return str(_("“%(indicator)s” is a count: enter a whole number.") % {"indicator": indicator.display_name})
    return None


def _validate(*, cluster, indicator, year, value, source, exclude_pk=None):
    errors = {}
    if year is None or not FIRST_YEAR <= year <= last_year():
        errors["year"] = [
            _("Enter a year between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": last_year()}
        ]
    if value is None:
        errors["value"] = [_("Enter a number.")]
    else:
        value = Decimal(value)
        if not value.is_finite():
            errors["value"] = [_("Enter a number.")]
        elif value < 0:
            errors["value"] = [_("The value cannot be negative.")]
        elif indicator is not None and indicator.unit == "%" and value > 100:
            errors["value"] = [_("A percentage cannot exceed 100.")]
        elif (message := count_error(indicator, value)) is not None:
            errors["value"] = [message]
    if len(source or "") > Observation._meta.get_field("source").max_length:
        errors["source"] = [_("At most 200 characters.")]
    if "year" not in errors and indicator is not None:
        duplicates = unscoped(Observation).filter(cluster=cluster, indicator=indicator, year=year)
        if exclude_pk:
            duplicates = duplicates.exclude(pk=exclude_pk)
        if duplicates.exists():
            errors["year"] = [_("This indicator already has a value for this year.")]
    if errors:
        raise ValidationError(errors)


def _save(observation, *, by):
    observation._history_user = by
    try:
        with transaction.atomic():
            observation.save()
    except IntegrityError as exc:  # two writers raced past the duplicate check
        raise ValidationError({"year": [_("This indicator already has a value for this year.")]}) from exc


def _remove_file_after_commit(name):
    delete_after_commit(Observation._meta.get_field("evidence").storage, name)


# What each step needs of the observation's state: step -> (allowed states, refusal message, code).
OBSERVATION_STEPS = {
    "change": (
        Observation.EDITABLE,
        _("This value is %(status)s and cannot be changed: only a draft or a returned value can be edited."),
        "frozen",
    ),
    "delete": (
        Observation.EDITABLE,
        _("This value is %(status)s and cannot be deleted: only a draft or a returned value can be deleted."),
        "frozen",
    ),
    "submit": (
        Observation.EDITABLE,
        _("Only a draft or a returned value can be submitted; this value is %(status)s."),
        "invalid_transition",
    ),
    "verify": (
        (Observation.Status.SUBMITTED,),
        _("Only a submitted value can be verified; this value is %(status)s."),
        "invalid_transition",
    ),
    "return": (
        (Observation.Status.SUBMITTED,),
        _("Only a submitted value can be returned; this value is %(status)s."),
        "invalid_transition",
    ),
}


def observation_refusal(observation, step) -> Refusal | None:
    """Why the observation's state does not allow `step` now (None when it does). The services raise it (409 in
    the API); the pages offer only the steps it lets through."""
    allowed, message, code = OBSERVATION_STEPS[step]
    if observation.status in allowed:
        return None
    return Refusal(str(message) % {"status": observation.get_status_display()}, code=code)


def _refuse(observation, step):
    refusal = observation_refusal(observation, step)
    if refusal is not None:
        raise refusal


def _lock(observation) -> Observation:
    return unscoped(Observation).select_for_update().select_related("cluster", "indicator").get(pk=observation.pk)


@transaction.atomic
def observation_create(*, cluster, indicator, year, value, source="", evidence=None, by) -> Observation:
    _validate(cluster=cluster, indicator=indicator, year=year, value=value, source=source)
    if evidence:
        evidence_check(evidence)
    observation = Observation(cluster=cluster, indicator=indicator, year=year, value=value, source=source or "")
    if evidence:
        observation.evidence = safe_upload_name(evidence, fallback="evidence", length=40)
    _save(observation, by=by)
    return observation


@transaction.atomic
def observation_update(
    *, observation, by, indicator=None, year=None, value=None, source=None, evidence=None, clear_evidence=False
) -> Observation:
    """Change the given fields (None: unchanged) of a draft or returned value; a new evidence file replaces the
    old one."""
    _refuse(_lock(observation), "change")
    indicator = indicator if indicator is not None else observation.indicator
    year = year if year is not None else observation.year
    value = value if value is not None else observation.value
    source = source if source is not None else observation.source
    _validate(
        cluster=observation.cluster,
        indicator=indicator,
        year=year,
        value=value,
        source=source,
        exclude_pk=observation.pk,
    )
    if evidence:
        evidence_check(evidence)
    old_file = observation.evidence.name
    observation.indicator, observation.year, observation.value, observation.source = indicator, year, value, source
    if evidence:
        observation.evidence = safe_upload_name(evidence, fallback="evidence", length=40)
    elif clear_evidence:
        observation.evidence = ""
    _save(observation, by=by)
    if old_file and old_file != observation.evidence.name:
        _remove_file_after_commit(old_file)
    return observation


@transaction.atomic
def observation_delete(*, observation, by) -> None:
    _refuse(_lock(observation), "delete")
    observation._history_user = by
    old_file = observation.evidence.name
    observation.delete()
    _remove_file_after_commit(old_file)


# The verification workflow ---------------------------------------------------------------------------------------


def _step(observation, *, by, perm, step, to_status, reason, comment=None) -> Observation:
    if not by.has_perm(perm, observation):
        raise PermissionDenied(_("You may not do this."))
    locked = _lock(observation)
    _refuse(locked, step)
    locked.status = to_status
    if comment is not None:
        locked.review_comment = comment
    save_with_history(locked, by=by, reason=reason)  # the audit: who, when, which step, the comment
    observation.status, observation.review_comment = locked.status, locked.review_comment
    return locked


@transaction.atomic
def observation_submit(*, observation, by) -> Observation:
    """The promotion body files a draft (or a corrected returned value) for verification."""
    return _step(
        observation,
        by=by,
        perm="clusters.submit_observation",
        step="submit",
        to_status=Observation.Status.SUBMITTED,
        reason="submit",
    )


@transaction.atomic
def observation_verify(*, observation, by, comment="") -> Observation:
    """The government with jurisdiction (or the ministry) verifies a submitted value: it is frozen and counts."""
    return _step(
        observation,
        by=by,
        perm="clusters.verify_observation",
        step="verify",
        to_status=Observation.Status.VERIFIED,
        reason="verify",
        comment=(comment or "").strip(),
    )


@transaction.atomic
def observation_return(*, observation, by, comment) -> Observation:
    """The government returns a submitted value with a comment (required); the body may edit and resubmit it."""
    comment = (comment or "").strip()
    if not by.has_perm("clusters.verify_observation", observation):
        raise PermissionDenied(_("You may not do this."))
    if not comment:
        raise ValidationError({"comment": [_("Say what is wrong: returning a value needs a comment.")]})
    return _step(
        observation,
        by=by,
        perm="clusters.verify_observation",
        step="return",
        to_status=Observation.Status.RETURNED,
        reason="return",
        comment=comment,
    )
