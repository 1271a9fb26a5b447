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
