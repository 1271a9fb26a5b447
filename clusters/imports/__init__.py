"""Bulk import of members and collaborations from CSV and XLSX files.

Modules: `cells` and `validation` (rows -> report), `storage` (bulk writes), `job` (the ImportJob row, progress,
the Celery task's entry point) and `wording` (the columns of each kind of file); reading a file (formats,
encodings, sheets, the header under title rows) is `tenancy.spreadsheets.reading`, shared with the onboarding of
organisations and experts.

The flow, each step a plain function:

1. `import_job_create` (at upload, in the request): refuses oversize files and wrong types (extension *and* magic
   bytes; a CSV must decode as UTF-8, UTF-8 with BOM, GBK or GB18030 and hold no NUL or control bytes) and creates
   the `ImportJob` row; once that commits, the file is stored under MEDIA_ROOT and `clusters.tasks.run_import` is
   queued (a creation that rolls back leaves no file). Deleting an import deletes its file, unless another import
   still holds it.
2. `import_job_run` (in the Celery task): `read_table` turns the file into a header and rows of text cells;
   `validate_members` / `validate_collaborations` check EVERY row, column by column (each distinct kind, yes/no,
   region or chain-link cell parsed once, credit codes and plain numbers checked for the whole column at once; the
   cluster's chain links, regions and credit codes loaded once) and return a report of {row, column, message}.
3. Unless the job is a dry run or the report has a problem, `write_members` / `write_collaborations` write every
   row in one transaction: on PostgreSQL with `COPY` (new rows) and a `COPY` into a temporary table followed by
   `UPDATE … FROM` (rows whose credit code the cluster already has), elsewhere with `bulk_create` / `bulk_update`.
   The progress bar moves while it writes (updated through a second connection).

Columns absent from a file leave existing members' fields as they are; new members get the model defaults.
Row numbers are those a spreadsheet shows: the header is row 1.
"""
