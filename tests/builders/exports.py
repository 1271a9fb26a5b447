"""Exports as a user asks for them (tests/test_exports*.py and the tests of the lists' exports): the list's Export
button posted, the job run as `make run` runs it (eagerly, once the request commits), and the file read back."""

import csv
import io

import openpyxl
from django.test import TestCase
from django.urls import reverse

from tenancy.exports.models import ExportJob


def export(client, key, file_format="csv", query="", target=None, language=None):
    """POST an Export button of a list as the client's user and run the queued job: (response, job or None)."""
    body = {"key": key, "file_format": file_format, "query": query}
    if target is not None:
        body["target"] = target
    extra = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("export-new"), body, **extra)
    if response.status_code != 302:
        return response, None
    job = ExportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))
    return response, job


def file_bytes(job) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def csv_rows(job) -> list[list[str]]:
    return list(csv.reader(io.StringIO(file_bytes(job).decode("utf-8-sig"))))


def workbook(job):
    return openpyxl.load_workbook(io.BytesIO(file_bytes(job)))


def sheet_rows(job, index=0) -> list[tuple]:
    return [tuple(row) for row in workbook(job).worksheets[index].iter_rows(values_only=True)]


def exported(client, key, file_format="csv", query="", target=None, language=None):
    """The rows of a finished export (CSV: lists of text; Excel: the first sheet's tuples), header first."""
    response, job = export(client, key, file_format, query, target, language)
    assert job is not None, response.content[:500]
    job.refresh_from_db()
    assert job.status == "succeeded", (job.status, job.message, job.error)
    return csv_rows(job) if file_format == "csv" else sheet_rows(job)


def export_request(key, file_format="xlsx", *, target=None, query=None):
    """For a matrix row (`rows(..., fills=...)`): the body of an export of the list `key` posted to the route
    (`export-new` or `api:export-list`); `target(world, case_target)` is the pk of the list's object and
    `query(world, case_target)` its query string, both read once the case has made its objects."""

    def fills(route, case_target, body):
        body.update({"key": key, "file_format": file_format})

        def make(world):
            if target is not None:
                body["target"] = target(world, case_target)
            if query is not None:
                body["query"] = query(world, case_target)
            return reverse(route)

        return make

    return fills


def export_job_of(owner, route, *, succeeded=True):
    """An export asked for by the cast member `owner` (a finished one with its file unless told), at `route`."""
    from django.core.files.base import ContentFile

    def make(world):
        user = world.user(owner)
        organisation = {"nanjing_viewer": "nanjing_body"}.get(owner, owner)
        job = ExportJob(
            key="clusters.clusters",
            file_format="csv",
            language="zh-hans",
            created_by=user,
            organisation=world.orgs.get(organisation) if owner != "expert" else None,
            status="succeeded" if succeeded else "queued",
            rows=1,
        )
        if succeeded:
            job.file.save("matrix.csv", ContentFile("\ufeff集群\n".encode()), save=False)
        job.save()
        return reverse(route, args=[job.pk])

    return make
