"""The rows of an onboarding file: the cells checked (formulas, kinds, fields, repeats inside the file), then each
row written through the service of a single record, every row in one transaction that is kept only when no row
has a problem and the job is not a dry run."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tenancy.models import IndustryField, Organisation
from tenancy.spreadsheets.cells import LIST_SEPARATORS, formula_message, looks_like_formula
from tenancy.spreadsheets.reading import Table
from tenancy.spreadsheets.report import Outcome, repeats

from .models import OnboardingImport

ONBOARDING_MAX_ROWS = 5000  # more organisations or experts than the programme has: a file per province instead

# Accepted spellings of an organisation's kind, compared in lower case.
ORGANISATION_KINDS = {
    Organisation.Kind.LOCAL: (
        "地方政府",
        "政府",
        "主管部门",
        "省级政府",
        "地市政府",
        "市级政府",
        "县级政府",
        "local",
        "local government",
        "government",
    ),
    Organisation.Kind.CLUSTER_BODY: (
        "集群促进机构",
        "促进机构",
        "集群发展促进机构",
        "cluster_body",
        "cluster body",
        "promotion body",
        "cluster promotion body",
    ),
    Organisation.Kind.NATIONAL: ("部委", "主管部委", "national", "ministry"),
}
KINDS_HINT = "地方政府 / local government、集群促进机构 / cluster promotion body"
KIND_OF_SPELLING = {spelling.lower(): kind for kind, spellings in ORGANISATION_KINDS.items() for spelling in spellings}

# The columns a service's field error belongs to (the parent follows from the region).
COLUMN_OF_FIELD = {"parent": "region", "admin_role": "admin_username", NON_FIELD_ERRORS: ""}
UNIQUE_KEYS = {
    OnboardingImport.Kind.ORGANISATIONS: ("slug", "admin_username", "admin_email"),
    OnboardingImport.Kind.EXPERTS: ("username", "email"),
}


class Rows:
    """The rows of a table as {column key: stripped cell}, with the report's wording of each column."""

    def __init__(self, table: Table, found: dict, outcome: Outcome):
        self.table, self.found, self.outcome = table, found, outcome
        self.headers = {key: table.headers[index] for key, index in found.items()}
        self.values = [
            {key: (cells[index] if index < len(cells) else "").strip() for key, index in found.items()}
            for cells in table.rows
        ]
        self.refused = set()  # indexes of rows with a problem

    def add(self, index, key, message):
        self.refused.add(index)
        self.outcome.add(self.table.numbers[index], self.headers.get(key, ""), message)


def check(rows: Rows, kind: str) -> None:
    """Cell checks that need no database write: formulas, the kind of organisation, the industry fields, and keys
    that repeat inside the file (both rows named)."""
    fields = _industry_fields() if kind == OnboardingImport.Kind.EXPERTS else {}
    for index, values in enumerate(rows.values):
        for key, cell in values.items():
            if looks_like_formula(cell):
                rows.add(index, key, formula_message(cell))
        given = values.get("kind", "") if kind == OnboardingImport.Kind.ORGANISATIONS else ""
        if given and not looks_like_formula(given) and given.lower() not in KIND_OF_SPELLING:
            message = _("Unknown kind “%(given)s”: write %(kinds)s.") % {"given": given[:40], "kinds": KINDS_HINT}
            rows.add(index, "kind", message)
        if kind == OnboardingImport.Kind.EXPERTS and values.get("fields"):
            names = [name.strip() for name in LIST_SEPARATORS.split(values["fields"]) if name.strip()]
            unknown = [name for name in names if name.lower() not in fields]
            if unknown:
                rows.add(
                    index,
                    "fields",
                    _("Unknown industry field: %(names)s. Use the names of the competition's tracks, e.g. %(example)s.")
                    % {"names": "、".join(unknown), "example": "、".join(sorted(set(fields.values()))[:2])},
                )
    for key in UNIQUE_KEYS[kind]:
        if key not in rows.found:
            continue
        keys = [values[key].lower() or None for values in rows.values]
        column = rows.headers[key]
        for index, message in repeats(
            keys,
            set(),
            rows.table.numbers,
            lambda value, others, column=column: (
                _("%(column)s “%(value)s” is repeated on rows %(rows)s.")
                % {"column": column, "value": value, "rows": others}
            ),
            lambda value, first, column=column: (
                _("%(column)s “%(value)s” is already on row %(row)s.")
                % {"column": column, "value": value, "row": first}
            ),
        ):
            rows.add(index, key, message)


def _industry_fields():
    """{spelling in lower case: code} of the industry fields: code, Chinese and English name."""
    spellings = {}
    for field in IndustryField.objects.all():
        for spelling in (field.code, field.name, field.name_en):
            spellings[spelling.lower()] = field.code
    return spellings


def _create_organisation(values, *, job, by):
    from tenancy.organisations.services import organisation_create

    admin = {name: values.get(f"admin_{name}", "") for name in ("username", "full_name", "email")}
    organisation_create(
        by=by,
        kind=KIND_OF_SPELLING.get(values["kind"].lower(), values["kind"]),
        name=values["name"],
        name_en=values.get("name_en", ""),
        slug=values["slug"],
        region=values.get("region") or None,
        admin=admin if any(admin.values()) else None,
        language=job.language,
    )


def _create_expert(values, *, job, by):
    from tenancy.experts.services import expert_create

    fields = _industry_fields()
    names = [name.strip() for name in LIST_SEPARATORS.split(values.get("fields", "")) if name.strip()]
    expert_create(
        username=values["username"],
        email=values["email"],
        full_name=values["full_name"],
        affiliation=values["affiliation"],
        region=values["region"] or None,
        fields=sorted({fields[name.lower()] for name in names}),
        title=values.get("title", ""),
        phone=values.get("phone", ""),
        send_invitation=job.send_invitations,
        language=job.language,
        by=by,
    )


WRITERS = {OnboardingImport.Kind.ORGANISATIONS: _create_organisation, OnboardingImport.Kind.EXPERTS: _create_expert}


def write(rows: Rows, *, job: OnboardingImport, by, on_progress=None) -> int:
    """Each row through its service, in order (a province before the cities below it), all in one transaction:
    kept when no row has a problem and the job is not a dry run, else rolled back (mails included). The number of
    rows written (or that would be)."""
    written = 0
    create = WRITERS[job.kind]
    with transaction.atomic():
        for index, values in enumerate(rows.values):
            if index not in rows.refused:
                try:
                    with transaction.atomic():
                        create(values, job=job, by=by)
                except ValidationError as exc:
                    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
                    for field, messages in errors.items():
                        rows.add(index, COLUMN_OF_FIELD.get(field, field), " ".join(messages))
                except IntegrityError:
                    rows.add(index, "", _("Another upload created the same record meanwhile; check the file again."))
                else:
                    written += 1
            if on_progress is not None:
                on_progress((index + 1) / len(rows.values))
        if rows.outcome.problems or job.dry_run:
            transaction.set_rollback(True)
    rows.outcome.report.sort(key=lambda entry: entry["row"])
    return written
