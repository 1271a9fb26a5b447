"""Member and collaboration files for the import tests: rows, CSV in any encoding, workbooks."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from stdnum.cn import uscc

from clusters.models import ChainLink, ImportJob, Member

MEMBER_HEADER_ZH = [
    "名称",
    "统一社会信用代码",
    "类型",
    "规模",
    "龙头企业",
    "产业链环节",
    "地区代码",
    "营业收入（万元）",
    "从业人员",
]
MEMBER_HEADER_EN = [
    "name",
    "credit_code",
    "kind",
    "size_class",
    "is_leading",
    "chain_links",
    "region",
    "revenue",
    "employees",
]


def code(n, prefix="91320100"):
    """A valid unified social credit code (GB 32100 check digit)."""
    base = f"{prefix}{n:09d}"
    return base + uscc.calc_check_digit(base)


def bad_checksum(n):
    valid = code(n)
    wrong = "0" if valid[-1] != "0" else "1"
    return valid[:-1] + wrong


def member_row(n, **overrides):
    row = {
        "name": f"南京示例电气{n}有限公司",
        "credit_code": code(n),
        "kind": "企业",
        "size_class": "中型",
        "is_leading": "否",
        "chain_links": "输变电设备",
        "region": "320100",
        "revenue": "1200.5",
        "employees": "300",
    }
    row.update(overrides)
    return row


def csv_bytes(header, rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(header, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def members_csv(rows, header=MEMBER_HEADER_ZH, encoding="gbk"):
    keys = MEMBER_HEADER_EN[: len(header)]
    return csv_bytes(header, [[row.get(key, "") for key in keys] for row in rows], encoding)


# Fixtures of the import tests (registered in conftest): the media root, the Nanjing chain links, the upload
# through the API.


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def links(world):
    cluster = world.nanjing_cluster
    return {
        name: ChainLink.objects.create(cluster=cluster, name=name, name_en=en, segment=segment, position=i)
        for i, (name, en, segment) in enumerate(
            [
                ("智能电网芯片", "Grid chips", "upstream"),
                ("输变电设备", "Transmission equipment", "midstream"),
                ("电力自动化", "Power automation", "downstream"),
            ]
        )
    }


@pytest.fixture
def upload(client_for, world, django_capture_on_commit_callbacks):
    """POST a file to the API as the Nanjing body and run the queued task (eager); return (response, job)."""

    def send(data, name="members.csv", kind="members", dry_run=True, user=None, cluster=None, year=None):
        client = client_for(user or world.nanjing_body)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the assertions read the English messages
        body = {
            "cluster": (cluster or world.nanjing_cluster).pk,
            "kind": kind,
            "file": SimpleUploadedFile(name, data),
        }
        if dry_run is not None:
            body["dry_run"] = "true" if dry_run else "false"
        if year is not None:
            body["year"] = year
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("api:import-job-list"), body, format="multipart")
        job = ImportJob._base_manager.get(pk=response.json()["id"]) if response.status_code == 202 else None
        return response, job

    return send


def members_of(cluster):
    return Member.objects.filter(cluster=cluster)
