"""Storage: writing a validated `Outcome` in one transaction, with `COPY` on PostgreSQL and `bulk_create` /
`bulk_update` elsewhere, reporting progress as it goes."""

import re
from collections import defaultdict
from collections.abc import Callable
from itertools import chain

from django.db import connection
from django.utils import timezone

from clusters.imports.validation import COLLABORATION_FIELDS, MEMBER_FIELDS, Outcome
from clusters.models import Cluster, Collaboration, ImportJob, Member, MemberYear
from tenancy.search import fill, tokens_for
from tenancy.spreadsheets.reading import _without_cyclic_gc

# Writing ------------------------------------------------------------------------------------------------------------

PROGRESS_EVERY = 5000  # rows written between progress reports (a write of fewer rows reports none)


def _use_copy(method):
    return method == "copy" or (method is None and connection.vendor == "postgresql")


def _quote(name):
    return connection.ops.quote_name(name)


def _column_types(model, columns):
    """PostgreSQL type names of the columns, for binary COPY (no text parsing on the server)."""
    return [re.sub(r"\(.*\)", "", model._meta.get_field(column).db_type(connection)).strip() for column in columns]


class _Tally:
    """Turns rows written into the share of the write step done, for `on_progress`. A write of one chunk or less
    reports nothing (the job's own start and end say enough)."""

    def __init__(self, on_progress, total):
        self.on_progress = on_progress if total > PROGRESS_EVERY else None
        self.total, self.done = max(total, 1), 0

    def add(self, rows):
        self.done += rows
        if self.on_progress is not None and rows:
            self.on_progress(min(1.0, self.done / self.total))


def _copy_rows(cursor, model, columns, rows, table=None, tally=None):
    """COPY rows (tuples in the order of `columns`) into the model's table, or `table` shaped like it."""
    names = ", ".join(_quote(column) for column in columns)
    sql = f"COPY {_quote(table or model._meta.db_table)} ({names}) FROM STDIN (FORMAT BINARY)"
    with cursor.cursor.copy(sql) as copy:
        copy.set_types(_column_types(model, columns))
        write, done = copy.write_row, 0
        for done, row in enumerate(rows, start=1):  # noqa: B007 - `done` counts the rows after the loop
            write(row)
            if tally is not None and not done % PROGRESS_EVERY:
                tally.add(PROGRESS_EVERY)
    if tally is not None:
        tally.add(done % PROGRESS_EVERY)


def _reserve_ids(cursor, model, count):
    """Take `count` ids from the table's identity sequence, so that new rows and their links go in by COPY."""
    if not count:
        return []
    table = model._meta.db_table
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [_quote(table), count]
    )
    return [row[0] for row in cursor.fetchall()]


def _copy_update(cursor, model, fields, rows, now=None, tally=None):
    """UPDATE the model's table SET fields FROM a temporary table filled by COPY; rows are (id, *values)."""
    table = model._meta.db_table
    temporary = f"_import_{table}"
    columns = ", ".join(_quote(f) for f in fields)
    cursor.execute(f"DROP TABLE IF EXISTS {_quote(temporary)}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {_quote(temporary)} ON COMMIT DROP AS "
        f"SELECT id, {columns} FROM {_quote(table)} WITH NO DATA"
    )
    _copy_rows(cursor, model, ["id", *fields], rows, table=temporary, tally=tally)
    assignments = [f"{_quote(f)} = t.{_quote(f)}" for f in fields]
    params = []
    if now is not None:
        assignments.append(f"{_quote('updated')} = %s")
        params.append(now)
    cursor.execute(
        f"UPDATE {_quote(table)} AS m SET {', '.join(assignments)} FROM {_quote(temporary)} AS t WHERE m.id = t.id",
        params,
    )
    cursor.execute(f"DROP TABLE {_quote(temporary)}")


def _lock_cluster(cluster):
    """One import per cluster at a time. FOR NO KEY UPDATE: other writers may still add rows that refer to the
    cluster (their foreign-key checks take KEY SHARE), only another import waits."""
    Cluster.objects.select_for_update(no_key=True).filter(pk=cluster.pk).first()


def _member_tokens(record) -> str:
    """The search column of a member written from an import record (tenancy.search)."""
    return tokens_for(Member, dict(zip(MEMBER_FIELDS, record, strict=True)))


def _with_tokens(cluster, update_fields, changed):
    """(fields, rows) of an update that also rewrites the search column when a searched field changes: the
    searched fields the file does not have are read from the rows as they are."""
    searched = ("name", "name_en", "credit_code")
    if not changed or not set(searched) & set(update_fields):
        return update_fields, changed
    missing = [f for f in searched if f not in update_fields]
    current = {}
    if missing:
        ids = [member_id for member_id, _values in changed]
        current = {
            row[0]: dict(zip(missing, row[1:], strict=True))
            for row in Member.objects.filter(cluster=cluster, pk__in=ids).values_list("pk", *missing)
        }
    rows = []
    for member_id, values in changed:
        given = dict(zip(update_fields, values, strict=True)) | current.get(member_id, {})
        rows.append((member_id, (*values, tokens_for(Member, given))))
    return [*update_fields, "search_tokens"], rows


@_without_cyclic_gc
def write_members(*, cluster: Cluster, outcome: Outcome, method=None, on_progress=None) -> tuple[int, int]:
    """Write every validated member in the current transaction: create new credit codes, update known ones.

    `method`: "copy" (PostgreSQL COPY), "orm" (bulk_create / bulk_update) or None (COPY on PostgreSQL).
    When the file has the chain-links column, it sets each row's chain links (an updated member's old ones go).
    `on_progress(share)` is called as rows go out (COPY only)."""
    _lock_cluster(cluster)
    existing = dict(Member.objects.filter(cluster=cluster).exclude(credit_code="").values_list("credit_code", "pk"))
    code_at = MEMBER_FIELDS.index("credit_code")
    new, known = [], []
    for record, links in zip(outcome.records, outcome.links, strict=True):
        member_id = existing.get(record[code_at])
        if member_id is None:
            new.append((record, links))
        else:
            known.append((member_id, record, links))
    now = timezone.now()
    update_fields = [f for f in outcome.fields if f != "credit_code"]
    field_positions = [MEMBER_FIELDS.index(f) for f in update_fields]
    sets_links = bool(outcome.links) and outcome.links[0] is not None
    through = Member.chain_links.through
    # Rows and chain links that a re-import leaves as they are are not written again.
    if known:
        current = {row[0]: row[1:] for row in Member.objects.filter(cluster=cluster).values_list("pk", *update_fields)}
        changed = [
            (member_id, values)
            for member_id, record, _links in known
            if (values := tuple(record[p] for p in field_positions)) != current[member_id]
        ]
    else:
        changed = []
    known_links, gone, added = [], [], []  # members whose links change; (member, link) pairs to delete and to add
    if sets_links and known:
        current_links = defaultdict(set)
        for member_id, link in through.objects.filter(member__cluster=cluster).values_list("member_id", "chainlink_id"):
            current_links[member_id].add(link)
        for member_id, _record, links in known:
            wanted, present = set(links), current_links.get(member_id, set())
            if wanted != present:
                known_links.append((member_id, links))
                gone += [(member_id, link) for link in sorted(present - wanted)]
                added += [(member_id, link) for link in links if link not in present]
    if _use_copy(method):
        pairs = sum(len(links) for _record, links in new) if sets_links else 0
        tally = _Tally(on_progress, len(new) + len(changed) + pairs + len(added))
        with connection.cursor() as cursor:
            new_ids = _reserve_ids(cursor, Member, len(new))
            _copy_rows(
                cursor,
                Member,
                ["id", "cluster_id", *MEMBER_FIELDS, "created", "updated", "search_tokens"],
                (
                    (member_id, cluster.pk, *record, now, now, _member_tokens(record))
                    for member_id, (record, _l) in zip(new_ids, new, strict=True)
                ),
                tally=tally,
            )
            if changed:
                fields, rows = _with_tokens(cluster, update_fields, changed)
                _copy_update(cursor, Member, fields, ((i, *v) for i, v in rows), now=now, tally=tally)
            if gone:
                cursor.execute(
                    f"DELETE FROM {_quote(through._meta.db_table)} WHERE (member_id, chainlink_id) IN "
                    "(SELECT * FROM unnest(%s::bigint[], %s::bigint[]))",
                    [[i for i, _link in gone], [link for _i, link in gone]],
                )
            if sets_links:
                links_of_new = ((i, link) for i, (_record, links) in zip(new_ids, new, strict=True) for link in links)
                _copy_rows(cursor, through, ["member_id", "chainlink_id"], chain(links_of_new, added), tally=tally)
        return len(new), len(known)
    created = Member.objects.bulk_create(
        fill([Member(cluster=cluster, **dict(zip(MEMBER_FIELDS, record, strict=True))) for record, _links in new]),
        batch_size=1000,
    )
    updated = []
    fields, rows = _with_tokens(cluster, update_fields, changed)
    for member_id, values in rows:
        member = Member(pk=member_id, cluster=cluster, updated=now)
        for name, value in zip(fields, values, strict=True):
            setattr(member, name, value)
        updated.append(member)
    if updated:
        Member.objects.bulk_update(updated, [*fields, "updated"], batch_size=500)
    if sets_links:
        through.objects.filter(member_id__in=[member_id for member_id, _links in known_links]).delete()
        pairs = [(m.pk, link) for m, (_record, links) in zip(created, new, strict=True) for link in links]
        pairs += [(i, link) for i, links in known_links for link in links]
        through.objects.bulk_create([through(member_id=i, chainlink_id=link) for i, link in pairs], batch_size=2000)
    return len(new), len(known)


@_without_cyclic_gc
def write_collaborations(*, cluster: Cluster, outcome: Outcome, method=None, on_progress=None) -> tuple[int, int]:
    """Write every validated collaboration; one with the same members, kind and year is updated (its value)."""
    _lock_cluster(cluster)
    existing = {
        (source, target, kind, year): pk
        for pk, source, target, kind, year in Collaboration.objects.filter(cluster=cluster).values_list(
            "pk", "source_id", "target_id", "kind", "year"
        )
    }
    new, known = [], []
    for record in outcome.records:
        pk = existing.get((record[0], record[1], record[2], record[4]))
        if pk is None:
            new.append(record)
        else:
            known.append((pk, record[3]))
    sets_value = "value" in outcome.fields
    if _use_copy(method):
        tally = _Tally(on_progress, len(new) + (len(known) if sets_value else 0))
        with connection.cursor() as cursor:
            _copy_rows(
                cursor,
                Collaboration,
                ["cluster_id", *COLLABORATION_FIELDS],
                ((cluster.pk, *record) for record in new),
                tally=tally,
            )
            if known and sets_value:
                _copy_update(cursor, Collaboration, ["value"], known, tally=tally)
    else:
        Collaboration.objects.bulk_create(
            [Collaboration(cluster=cluster, **dict(zip(COLLABORATION_FIELDS, r, strict=True))) for r in new],
            batch_size=1000,
        )
        if known and sets_value:
            Collaboration.objects.bulk_update(
                [Collaboration(pk=pk, value=value) for pk, value in known], ["value"], batch_size=500
            )
    return len(new), len(known)


WRITERS: dict[str, Callable] = {
    ImportJob.Kind.MEMBERS: write_members,
    ImportJob.Kind.COLLABORATIONS: write_collaborations,
}

# The models whose tables each writer writes to: their planner statistics are refreshed after the commit.
WRITTEN_MODELS: dict[str, tuple] = {
    ImportJob.Kind.MEMBERS: (Member, Member.chain_links.through, MemberYear),
    ImportJob.Kind.COLLABORATIONS: (Collaboration,),
}
