"""Bulk import of members and collaborations, the happy paths: dry runs and commits, re-imports that update by credit
code, every accepted encoding and both file types, collaborations by credit code, and the two writers agreeing."""

import codecs
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse

from clusters.imports import storage, validation, wording
from clusters.models import ChainLink, Collaboration, ImportJob, Member
from tenancy.scoping import system_scope
from tenancy.spreadsheets import reading

from .builders.imports_files import (
    MEMBER_HEADER_EN,
    bad_checksum,
    code,
    csv_bytes,
    member_row,
    members_csv,
    members_of,
    xlsx_bytes,
)

pytestmark = pytest.mark.usefixtures("_media")


# Happy paths --------------------------------------------------------------------------------------------------------


def test_dry_run_reports_counts_and_writes_nothing(world, links, upload):
    response, job = upload(members_csv([member_row(1), member_row(2)]), dry_run=True)
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.rows, job.created_rows, job.updated_rows) == (2, 2, 0)
    assert job.report == []
    assert not members_of(world.nanjing_cluster).exists()


def test_dry_run_is_the_default_when_the_flag_is_omitted(world, links, upload):
    _response, job = upload(members_csv([member_row(1)]), dry_run=None)
    assert job.dry_run is True
    assert not members_of(world.nanjing_cluster).exists()


def test_commit_writes_every_member_with_its_fields_and_chain_links(world, links, upload):
    rows = [
        member_row(1, is_leading="是", chain_links="智能电网芯片；输变电设备", revenue="125,000.456", kind="企业"),
        member_row(2, kind="高校", size_class="", is_leading="", chain_links="", region="320200", employees=""),
        member_row(3, kind="research_institute", size_class="large", is_leading="yes", chain_links="Power automation"),
    ]
    _response, job = upload(members_csv(rows), dry_run=False)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    assert (job.created_rows, job.updated_rows) == (3, 0)
    first = Member.objects.get(credit_code=code(1))
    assert first.cluster == world.nanjing_cluster
    assert first.name == "南京示例电气1有限公司"
    assert (first.kind, first.size_class, first.is_leading) == ("enterprise", "medium", True)
    assert first.revenue == Decimal("125000.46")
    assert first.employees == 300
    assert first.region_id == "320100"
    assert first.is_local is True
    assert {link.name for link in first.chain_links.all()} == {"智能电网芯片", "输变电设备"}
    second = Member.objects.get(credit_code=code(2))
    assert (second.kind, second.size_class, second.is_leading, second.employees) == ("university", "", False, None)
    assert second.chain_links.count() == 0
    third = Member.objects.get(credit_code=code(3))
    assert (third.kind, third.size_class, third.is_leading) == ("research_institute", "large", True)
    assert [link.name for link in third.chain_links.all()] == ["电力自动化"]


def test_a_committed_import_refreshes_the_planner_statistics_of_the_tables_it_wrote(world, links, upload):
    def reltuples(model):
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
            return cursor.fetchone()[0]

    through = Member.chain_links.through
    rows = [member_row(n, chain_links="智能电网芯片") for n in range(1, 41)]
    _response, job = upload(members_csv(rows), dry_run=True)
    assert job.status == ImportJob.Status.SUCCEEDED
    before = (reltuples(Member), reltuples(through))
    _response, job = upload(members_csv(rows), dry_run=False)
    assert (job.status, job.created_rows) == (ImportJob.Status.SUCCEEDED, 40)
    # ANALYZE read every row of these small tables, the 40 members and their 40 links included.
    after = (reltuples(Member), reltuples(through))
    assert after == (Member._base_manager.count(), through._base_manager.count())
    assert after != before
    assert through._base_manager.count() >= 40


def test_reimport_updates_members_by_credit_code_instead_of_duplicating(world, links, upload):
    upload(members_csv([member_row(1), member_row(2)]), dry_run=False)
    first = Member.objects.get(credit_code=code(1))
    first.patents = 7  # a column the second file lacks stays as it is
    first.save()
    second_file = members_csv(
        [member_row(1, name="南京示例电气（集团）", revenue="999", chain_links="电力自动化"), member_row(3)]
    )
    _response, job = upload(second_file, dry_run=False)
    assert (job.created_rows, job.updated_rows) == (1, 1)
    assert members_of(world.nanjing_cluster).count() == 3
    first.refresh_from_db()
    assert first.name == "南京示例电气（集团）"
    assert first.revenue == Decimal("999.00")
    assert first.patents == 7
    assert [link.name for link in first.chain_links.all()] == ["电力自动化"]


def test_spaces_around_cells_are_dropped_in_every_kind_of_column(world, links, upload):
    row = member_row(
        1,
        name=" 南京示例电气1有限公司\u3000",
        credit_code=f" {code(1)}\t",
        kind=" 高校 ",
        is_leading="\u3000是",
        chain_links=" 输变电设备 ",
        region=" 320200",
        revenue=" 12.5 ",
        employees="300 ",
    )
    _response, job = upload(members_csv([row, member_row(2)]), dry_run=False)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    member = Member.objects.get(credit_code=code(1))
    assert (member.name, member.kind, member.is_leading, member.region_id) == (
        "南京示例电气1有限公司",
        "university",
        True,
        "320200",
    )
    assert (member.revenue, member.employees) == (Decimal("12.50"), 300)
    assert [link.name for link in member.chain_links.all()] == ["输变电设备"]


def test_the_same_credit_code_in_another_cluster_is_a_different_member(world, links, upload):
    other = Member.objects.create(cluster=world.provincial_cluster, name="省级集群成员", credit_code=code(1))
    _response, job = upload(members_csv([member_row(1)]), dry_run=False)
    assert (job.created_rows, job.updated_rows) == (1, 0)
    other.refresh_from_db()
    assert other.name == "省级集群成员"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_accepted_encoding_round_trips(world, links, upload, encoding):
    name = "南京㐀电气有限公司" if encoding in ("utf-8", "utf-8-sig", "gb18030") else "南京堃电气有限公司"
    _response, job = upload(members_csv([member_row(1, name=name)], encoding=encoding), dry_run=False)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    assert Member.objects.get(credit_code=code(1)).name == name


def test_gb18030_only_characters_are_read_from_a_file_that_is_not_utf8(world, links):
    data = members_csv([member_row(1, name="南京㐀电气")], encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = reading.read_table("csv", data)
    assert table.rows[0][0] == "南京㐀电气"


def test_xlsx_with_english_headers_round_trips(world, links, upload):
    rows = [
        [f"Suzhou Widget {n}", code(n), "enterprise", "small", True, "Grid chips; 输变电设备", 320100, 1500.25, 42]
        for n in (1, 2)
    ]
    _response, job = upload(xlsx_bytes(MEMBER_HEADER_EN, rows), name="members.xlsx", dry_run=False)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    member = Member.objects.get(credit_code=code(2))
    assert (member.name, member.size_class, member.is_leading) == ("Suzhou Widget 2", "small", True)
    assert member.revenue == Decimal("1500.25")
    assert member.employees == 42
    assert member.region_id == "320100"
    assert member.chain_links.count() == 2


def test_headers_may_mix_languages_spacing_and_order(world, links, upload):
    header = ["Credit Code", " 名称 ", "营业收入(万元)", "REGION"]
    data = csv_bytes(header, [[code(1), "南京某公司", "10", "320100"]], "utf-8")
    _response, job = upload(data, dry_run=False)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    member = Member.objects.get(credit_code=code(1))
    assert (member.name, member.revenue, member.region_id) == ("南京某公司", Decimal("10.00"), "320100")


def test_the_downloaded_templates_import_cleanly(world, links, page_client_for, upload):
    client = page_client_for(world.nanjing_body)
    for kind in ("members", "collaborations"):
        csv_file = client.get(reverse("import-template", args=[kind, "csv"]))
        assert csv_file["Content-Type"].startswith("text/csv")
        assert csv_file.content.startswith(codecs.BOM_UTF8)
        header = csv_file.content.decode("utf-8-sig").splitlines()[0].split(",")
        assert header == [column.label for column in wording.COLUMNS[kind]]
        xlsx_file = client.get(reverse("import-template", args=[kind, "xlsx"]))
        assert xlsx_file.content.startswith(b"PK\x03\x04")
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx_file.content)).active
        assert [cell.value for cell in sheet[1]] == header
    _response, job = upload(client.get(reverse("import-template", args=["members", "xlsx"])).content, "t.xlsx")
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    assert job.created_rows == 1


def test_collaborations_reference_members_by_credit_code_and_reimport_updates_the_value(world, links, upload):
    upload(members_csv([member_row(n) for n in (1, 2, 3)]), dry_run=False)
    header = ["来源统一社会信用代码", "目标统一社会信用代码", "合作类型", "金额（万元）", "年份"]
    rows = [[code(1), code(2), "供应配套", "3500", "2024"], [code(2), code(3), "研发合作", "", "2023"]]
    _response, job = upload(csv_bytes(header, rows, "gbk"), kind="collaborations", dry_run=False)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    assert (job.created_rows, job.updated_rows) == (2, 0)
    supply = Collaboration.objects.get(kind="supply")
    assert (supply.source.credit_code, supply.target.credit_code) == (code(1), code(2))
    assert (supply.value, supply.year, supply.cluster) == (Decimal("3500.00"), 2024, world.nanjing_cluster)
    rows[0][3] = "4000"
    _response, job = upload(csv_bytes(header, rows[:1], "gbk"), kind="collaborations", dry_run=False)
    assert (job.created_rows, job.updated_rows) == (0, 1)
    assert Collaboration.objects.count() == 2
    supply.refresh_from_db()
    assert supply.value == Decimal("4000.00")


def test_collaboration_problems_are_reported_and_nothing_is_written(world, links, upload):
    upload(members_csv([member_row(1), member_row(2)]), dry_run=False)
    Member.objects.create(cluster=world.shenzhen_cluster, name="深圳成员", credit_code=code(9))
    header = ["source_credit_code", "target_credit_code", "kind", "value", "year"]
    rows = [
        [code(1), code(2), "supply", "1", "2024"],
        [code(1), code(9), "supply", "1", "2024"],  # a member of another cluster
        [code(1), code(1), "rd", "", ""],
        [code(1), code(2), "bribery", "", ""],
        [bad_checksum(5), code(2), "supply", "", ""],
        [code(1), code(2), "supply", "2", "2024"],  # the first row again
    ]
    _response, job = upload(csv_bytes(header, rows, "utf-8"), kind="collaborations", dry_run=False)
    assert job.status == ImportJob.Status.FAILED
    by_row = {entry["row"]: entry for entry in job.report}
    assert set(by_row) == {2, 3, 4, 5, 6, 7}
    assert by_row[2]["message"] == "The same collaboration (members, kind and year) appears again in row 7."
    assert by_row[3]["column"] == "target_credit_code" and code(9) in by_row[3]["message"]
    assert by_row[4]["column"] == "target_credit_code"
    assert by_row[5]["column"] == "kind"
    assert by_row[6]["column"] == "source_credit_code"
    assert by_row[7]["message"] == "The same collaboration (members, kind and year) is in row 2."
    assert Collaboration.objects.count() == 0


# The two writers agree ----------------------------------------------------------------------------------------------


def test_orm_writer_writes_what_the_copy_writer_writes(world, links):
    rows = [member_row(n, chain_links="智能电网芯片、电力自动化" if n % 2 else "") for n in range(1, 21)]
    table = reading.read_table("csv", members_csv(rows))
    results = {}
    for method, cluster in (("copy", world.nanjing_cluster), ("orm", world.provincial_cluster)):
        ChainLink.objects.bulk_create(
            [
                ChainLink(cluster=world.provincial_cluster, name=link.name, segment=link.segment)
                for link in links.values()
            ]
        ) if method == "orm" else None
        with system_scope():
            outcome = validation.validate_members(table, cluster=cluster)
            assert storage.write_members(cluster=cluster, outcome=outcome, method=method) == (20, 0)
            outcome = validation.validate_members(table, cluster=cluster)
            assert storage.write_members(cluster=cluster, outcome=outcome, method=method) == (0, 20)
        results[method] = sorted(
            (m.credit_code, m.name, m.revenue, m.employees, tuple(sorted(link.name for link in m.chain_links.all())))
            for m in Member.objects.filter(cluster=cluster).prefetch_related("chain_links")
        )
    assert results["copy"] == results["orm"]
    assert len(results["copy"]) == 20
