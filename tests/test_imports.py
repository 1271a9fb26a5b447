"""Bulk import of members and collaborations: every bad-input class, all-or-nothing commits, re-imports that
update by credit code, every accepted encoding and both file types, the API, the pages and the permissions."""

import codecs
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection, connections, transaction
from django.urls import reverse
from django.utils import translation
from stdnum.cn import uscc

from clusters.imports import cells as import_cells
from clusters.imports import job as import_job
from clusters.imports import storage, validation, wording
from clusters.models import ChainLink, Collaboration, ImportJob, Member
from tenancy import jobs
from tenancy.scoping import system_scope
from tenancy.spreadsheets import reading, report

from .builders.imports_files import (
    MEMBER_HEADER_EN,
    MEMBER_HEADER_ZH,
    bad_checksum,
    code,
    csv_bytes,
    member_row,
    members_csv,
    xlsx_bytes,
)
from .conftest import count_queries
from .factories import ClusterFactory

pytestmark = pytest.mark.usefixtures("_media")


def members_of(cluster):
    return Member.objects.filter(cluster=cluster)


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


# Bad input: every class is reported with row, column and message, and nothing is written ---------------------------


def report_of(job):
    return [(entry["row"], entry["column"]) for entry in job.report]


def test_bad_checksum_is_reported_at_its_row_and_column(world, links, upload):
    _response, job = upload(members_csv([member_row(1), member_row(2, credit_code=bad_checksum(2))]), dry_run=False)
    assert job.status == ImportJob.Status.FAILED
    assert report_of(job) == [(3, "统一社会信用代码")]
    assert "GB 32100" in job.report[0]["message"]
    assert not members_of(world.nanjing_cluster).exists()


def test_wrong_length_and_letters_in_credit_codes_are_reported(world, links, upload):
    rows = [member_row(1, credit_code="9132010012345"), member_row(2, credit_code="91320100ZZZZZZZZZI"), member_row(3)]
    _response, job = upload(members_csv(rows), dry_run=True)
    assert report_of(job) == [(2, "统一社会信用代码"), (3, "统一社会信用代码")]
    assert "18" in job.report[0]["message"]


def test_duplicate_credit_codes_within_a_file_are_reported(world, links, upload):
    rows = [member_row(1), member_row(2), member_row(3, credit_code=code(1))]
    _response, job = upload(members_csv(rows), dry_run=False)
    assert report_of(job) == [(2, "统一社会信用代码"), (4, "统一社会信用代码")]  # both rows, each naming the other
    assert job.report[0]["message"] == f"Credit code {code(1)} appears again in row 4."
    assert job.report[1]["message"] == f"Credit code {code(1)} also appears in row 2."
    assert not members_of(world.nanjing_cluster).exists()


def test_a_missing_required_column_is_one_clear_error(world, links, upload):
    data = csv_bytes(["名称", "类型", "规模"], [["某公司", "企业", "大型"]] * 3, "gbk")
    _response, job = upload(data, dry_run=True)
    assert job.status == ImportJob.Status.FAILED
    assert len(job.report) == 1
    assert job.report[0]["row"] == 1
    assert "统一社会信用代码" in job.report[0]["message"]


def test_one_bad_row_among_many_writes_nothing(world, links, upload):
    rows = [member_row(n) for n in range(1, 200)]
    rows[150]["employees"] = "三百"
    _response, job = upload(members_csv(rows), dry_run=False)
    assert job.status == ImportJob.Status.FAILED
    assert report_of(job) == [(152, "从业人员")]
    assert not members_of(world.nanjing_cluster).exists()


def test_numbers_must_parse_and_not_be_negative(world, links, upload):
    rows = [member_row(1, revenue="-5"), member_row(2, employees="12.5"), member_row(3, revenue="abc")]
    _response, job = upload(members_csv(rows), dry_run=True)
    assert report_of(job) == [(2, "营业收入（万元）"), (3, "从业人员"), (4, "营业收入（万元）")]
    assert "negative" in job.report[0]["message"] or "负" in job.report[0]["message"]


def test_unknown_kind_chain_link_and_region_are_reported(world, links, upload):
    rows = [
        member_row(1, kind="个体户"),
        member_row(2, chain_links="输变电设备、光伏组件"),
        member_row(3, region="329999"),
        member_row(4, region="32010"),
        member_row(5, is_leading="maybe"),
    ]
    _response, job = upload(members_csv(rows), dry_run=True)
    assert report_of(job) == [(2, "类型"), (3, "产业链环节"), (4, "地区代码"), (5, "地区代码"), (6, "龙头企业")]
    assert "光伏组件" in job.report[1]["message"] and "智能电网芯片" in job.report[1]["message"]


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://evil.example","点击")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)", "-2+3+cmd|' /C calc'!A0"]
)
def test_formula_looking_cells_are_refused(world, links, upload, cell):
    _response, job = upload(members_csv([member_row(1, name=cell), member_row(2)]), dry_run=False)
    assert job.status == ImportJob.Status.FAILED
    assert report_of(job) == [(2, "名称")]
    assert not members_of(world.nanjing_cluster).exists()


@pytest.mark.parametrize(
    ("column", "cell", "header"),
    [
        # compacts to a valid code, but is no number: a spreadsheet would run it
        ("credit_code", "-91320100MA1MUNX59" + uscc.calc_check_digit("91320100MA1MUNX59"), "统一社会信用代码"),
        ("kind", '=IF(1,"企业")', "类型"),
        ("is_leading", "@TRUE", "龙头企业"),
        ("employees", "+1+cmd|' /C calc'!A0", "从业人员"),
    ],
)
def test_formula_looking_cells_are_refused_in_every_kind_of_column(world, links, upload, column, cell, header):
    _response, job = upload(members_csv([member_row(1, **{column: cell}), member_row(2)]), dry_run=True)
    assert report_of(job) == [(2, header)]
    assert "formula" in job.report[0]["message"]


def test_formulas_in_a_workbook_are_refused_too(world, links, upload):
    data = xlsx_bytes(MEMBER_HEADER_EN[:2] + ["revenue"], [["某公司", code(1), "=1+2"], ["另一公司", code(2), 3]])
    _response, job = upload(data, name="m.xlsx", dry_run=False)
    assert report_of(job) == [(2, "revenue")]


def test_a_file_with_a_header_but_no_rows_is_an_error(world, links, upload):
    _response, job = upload(csv_bytes(MEMBER_HEADER_ZH, [], "gbk"), dry_run=True)
    assert job.status == ImportJob.Status.FAILED
    assert len(job.report) == 1


def test_a_file_with_only_blank_lines_is_empty(world, links, upload):
    _response, job = upload(b"\r\n\r\n", dry_run=True)
    assert job.status == ImportJob.Status.FAILED
    assert job.report[0]["row"] == 1


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.csv", b"", "empty"),
        ("gbk-named.xlsx", "名称,统一社会信用代码\r\n某公司,x\r\n".encode("gbk"), ".xlsx"),
        ("junk.csv", bytes(range(256)) * 8, "binary"),
        ("workbook-named.csv", None, ".xlsx"),
        ("utf16.csv", "名称,统一社会信用代码\r\n".encode("utf-16"), "UTF-16"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, ".xls"),
        ("notes.txt", b"name,credit_code\n", ".csv"),
        ("zip.xlsx", None, "ZIP"),
        ("latin1.csv", "name\r\nCaf\xe9 \xff\xfe\r\n".encode("latin-1"), "GBK"),
    ],
)
def test_wrong_types_and_encodings_are_refused_at_upload(world, links, upload, name, data, says):
    if name == "workbook-named.csv":
        data = xlsx_bytes(MEMBER_HEADER_EN, [])
    if name == "zip.xlsx":
        buffer = io.BytesIO()
        import zipfile

        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "not a workbook")
        data = buffer.getvalue()
    response, job = upload(data, name=name, dry_run=False)
    assert response.status_code == 400
    body = response.json()["error"]
    assert list(body["fields"]) == ["file"]
    assert says.lower() in body["fields"]["file"][0].lower() or name == "empty.csv"
    assert job is None
    assert not ImportJob._base_manager.exists()


def test_oversize_files_are_refused_with_the_limit_stated(world, links, upload, settings):
    settings.IMPORT_MAX_FILE_SIZE = 1024 * 1024
    data = members_csv([member_row(n, name="很长的名称" * 20) for n in range(1, 5000)])
    assert len(data) > 1024 * 1024
    response, _job = upload(data, dry_run=True)
    assert response.status_code == 400
    assert "1.0 MB" in response.json()["error"]["fields"]["file"][0]
    assert not ImportJob._base_manager.exists()


def test_too_many_rows_are_refused(world, links, upload, settings):
    settings.IMPORT_MAX_ROWS = 5
    _response, job = upload(members_csv([member_row(n) for n in range(1, 8)]), dry_run=True)
    assert job.status == ImportJob.Status.FAILED
    assert "5" in job.report[0]["message"]


def test_the_report_is_capped_but_the_message_counts_every_problem(world, links, upload, monkeypatch):
    monkeypatch.setattr(report, "MAX_REPORT", 10)
    _response, job = upload(members_csv([member_row(n, employees="x") for n in range(1, 31)]), dry_run=True)
    assert len(job.report) == 10
    assert "30" in job.message


def credit_code_vectors():
    """Candidates for the credit-code check: stdnum's own examples, random codes (half with a right check digit),
    every one-character change of valid codes, wrong lengths and non-ASCII characters."""
    import random
    import re

    examples = re.findall(r"validate\('([^']*)'\)", uscc.__doc__ or "")
    assert "91110000600037341L" in examples
    rng = random.Random(32100)
    characters = "0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZ"
    candidates = list(examples)
    for n in range(20000):
        body = "".join(rng.choice("0123456789") for _ in range(8)) + "".join(rng.choice(characters) for _ in range(9))
        if n % 7 == 0:
            body = rng.choice(characters) + body[1:]  # a letter among the first eight
        if n % 2 and all(c in "0123456789ABCDEFGHJKLMNPQRTUWXY" for c in body):
            candidates.append(body + uscc.calc_check_digit(body))
        else:
            candidates.append(body + rng.choice(characters))
    for valid in ("91110000600037341L", code(1), code(77, prefix="91320115"), "92340603MA2UK1TD00"):
        for position in range(18):
            candidates += [valid[:position] + c + valid[position + 1 :] for c in characters]
    candidates += ["", code(1)[:-1], code(1) + "0", "９" + code(1)[1:], code(1)[:17] + "Ｌ", "91320100Ⅻ" + code(1)[10:]]
    return candidates


def test_the_credit_code_column_agrees_with_stdnum():
    candidates = credit_code_vectors()
    expected = [uscc.is_valid(candidate) for candidate in candidates]
    assert sum(expected) > 2000 and len(expected) - sum(expected) > 10000
    codes, _problems = import_cells.credit_code_column(candidates)
    assert [code is not None for code in codes] == expected
    valid = [candidate for candidate, ok in zip(candidates, expected, strict=True) if ok]
    assert [code for code in codes if code is not None] == list(map(uscc.compact, valid))
    assert codes[candidates.index("９" + code(1)[1:])] == code(1)


def test_the_credit_code_column_compacts_codes_and_words_each_refusal():
    cells = [code(1), f"{code(2)[:6]} {code(2)[6:12]}-{code(2)[12:]}", code(3).lower(), bad_checksum(4), "123", ""]
    codes, problems = import_cells.credit_code_column(cells)
    assert codes == [code(1), code(2), code(3), None, None, None]
    assert [index for index, _message in problems] == [3, 4, 5]
    with translation.override("en"):
        _codes, problems = import_cells.credit_code_column(cells)
    assert "GB 32100" in problems[0][1] and "18" in problems[1][1] and "required" in problems[2][1]


def test_plain_and_other_numbers_are_read_alike():
    plain = ["1200.5", "", "7", "99999999999999.99", "0012"]
    values, problems = import_cells.decimal_column(plain)
    assert problems == [] and values == [Decimal("1200.5"), None, Decimal(7), Decimal("99999999999999.99"), 12]
    values, problems = import_cells.decimal_column([*plain, "1,000.456", "+5"])
    assert problems == [] and values[5:] == [Decimal("1000.46"), Decimal(5)]
    assert values[:5] == import_cells.decimal_column(plain)[0]
    assert import_cells.integer_column(["300", "", "0012"]) == ([300, None, 12], [])
    assert import_cells.integer_column(["300", "1,000"]) == ([300, 1000], [])
    assert [index for index, _m in import_cells.decimal_column(["1", "12\n34", "-3", "1e400"])[1]] == [1, 2, 3]
    assert [index for index, _m in import_cells.integer_column(["1", "3000000000", "2.5"])[1]] == [1, 2]
    assert import_cells.year_column(["2019", ""]) == ([2019, None], [])
    assert [index for index, _m in import_cells.year_column(["2019", "1899", "x"])[1]] == [1, 2]


def test_problems_are_reported_row_by_row_whichever_column_holds_them(world, links, upload, monkeypatch):
    monkeypatch.setattr(report, "MAX_REPORT", 5)
    _response, job = upload(members_csv([member_row(n, revenue="-1", employees="x") for n in range(1, 11)]))
    assert report_of(job) == [
        (2, "营业收入（万元）"),
        (2, "从业人员"),
        (3, "营业收入（万元）"),
        (3, "从业人员"),
        (4, "营业收入（万元）"),
    ]
    assert "20" in job.message


def test_a_reimport_rewrites_only_the_chain_links_that_change(world, links, upload):
    through = Member.chain_links.through
    upload(
        members_csv([member_row(1, chain_links="智能电网芯片、输变电设备"), member_row(2, chain_links="输变电设备")]),
        dry_run=False,
    )
    before = {(m, link): pk for pk, m, link in through.objects.values_list("pk", "member_id", "chainlink_id")}
    _response, job = upload(
        members_csv([member_row(1, chain_links="输变电设备、电力自动化"), member_row(2, chain_links="输变电设备")]),
        dry_run=False,
    )
    assert (job.created_rows, job.updated_rows) == (0, 2)
    after = {(m, link): pk for pk, m, link in through.objects.values_list("pk", "member_id", "chainlink_id")}
    first, second = (Member.objects.get(credit_code=code(n)).pk for n in (1, 2))
    grid, transmission, automation = (links[name].pk for name in ("智能电网芯片", "输变电设备", "电力自动化"))
    assert set(after) == {(first, transmission), (first, automation), (second, transmission)}
    assert after[(first, transmission)] == before[(first, transmission)]  # kept, not rewritten
    assert after[(second, transmission)] == before[(second, transmission)]
    assert (first, grid) in before


def test_reimporting_an_unchanged_file_rewrites_nothing(world, links, upload):
    rows = [member_row(n) for n in (1, 2)]
    upload(members_csv(rows), dry_run=False)
    before = dict(Member.objects.values_list("credit_code", "updated"))
    rows[1]["revenue"] = "7"
    _response, job = upload(members_csv(rows), dry_run=False)
    assert (job.created_rows, job.updated_rows) == (0, 2)
    after = dict(Member.objects.values_list("credit_code", "updated"))
    assert after[code(1)] == before[code(1)]
    assert after[code(2)] > before[code(2)]
    assert Member.objects.get(credit_code=code(2)).revenue == Decimal("7.00")


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


# API, pages and permissions -----------------------------------------------------------------------------------------


def test_api_detail_shows_the_report_and_the_list_filters_by_cluster(world, links, upload, client_for):
    _response, job = upload(members_csv([member_row(1, credit_code=bad_checksum(1))]), dry_run=True)
    client = client_for(world.nanjing_body)
    body = client.get(reverse("api:import-job-detail", args=[job.pk])).json()
    assert body["status"] == "failed"
    assert body["report"] == [{"row": 2, "column": "统一社会信用代码", "message": job.report[0]["message"]}]
    listed = client.get(reverse("api:import-job-list"), {"cluster": world.nanjing_cluster.pk}).json()
    assert [row["id"] for row in listed["results"]] == [job.pk]
    assert "report" not in listed["results"][0]
    assert client.get(reverse("api:import-job-list"), {"cluster": world.provincial_cluster.pk}).json()["count"] == 0


@pytest.mark.parametrize(("role", "status"), [("nanjing_viewer", 403), ("ministry", 403), ("jiangsu", 403)])
def test_only_the_promotion_bodys_editors_may_import(world, links, upload, role, status):
    response, _job = upload(members_csv([member_row(1)]), user=world.user(role))
    assert response.status_code == status
    assert not ImportJob._base_manager.exists()


def test_another_bodys_cluster_is_not_a_choice(world, links, upload):
    response, _job = upload(members_csv([member_row(1)]), user=world.shenzhen_body)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["cluster"]
    assert not ImportJob._base_manager.exists()


def test_upload_page_runs_a_dry_run_then_commits_it(world, links, page_client_for, django_capture_on_commit_callbacks):
    client = page_client_for(world.nanjing_body)
    page = client.get(reverse("cluster-imports", args=[world.nanjing_cluster.pk]))
    assert page.status_code == 200
    assert 'id="import-form"' in page.content.decode()
    data = members_csv([member_row(1), member_row(2)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cluster-imports", args=[world.nanjing_cluster.pk]),
            {"kind": "members", "file": SimpleUploadedFile("成员.csv", data), "dry_run": "on"},
        )
    job = ImportJob._base_manager.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cluster-import-detail", args=[world.nanjing_cluster.pk, job.pk])
    detail = client.get(response["Location"]).content.decode()
    assert 'id="import-counts"' in detail and 'id="import-commit"' in detail
    assert not members_of(world.nanjing_cluster).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cluster-import-commit", args=[world.nanjing_cluster.pk, job.pk]))
    commit = ImportJob._base_manager.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("cluster-import-detail", args=[world.nanjing_cluster.pk, commit.pk])
    assert (commit.dry_run, commit.status, commit.created_rows) == (False, ImportJob.Status.SUCCEEDED, 2)
    assert members_of(world.nanjing_cluster).count() == 2
    history = client.get(reverse("cluster-imports", args=[world.nanjing_cluster.pk])).content.decode()
    assert f'id="import-{job.pk}"' in history and f'id="import-{commit.pk}"' in history


def test_upload_page_shows_a_refused_file_as_a_field_error(world, links, page_client_for):
    client = page_client_for(world.nanjing_body)
    response = client.post(
        reverse("cluster-imports", args=[world.nanjing_cluster.pk]),
        {"kind": "members", "file": SimpleUploadedFile("m.xlsx", b"name,credit_code\n"), "dry_run": "on"},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not ImportJob._base_manager.exists()


def test_report_page_lists_row_column_and_message(world, links, upload, page_client_for):
    _response, job = upload(members_csv([member_row(1), member_row(2, credit_code=code(1))]), dry_run=True)
    page = page_client_for(world.nanjing_body).get(
        reverse("cluster-import-detail", args=[world.nanjing_cluster.pk, job.pk])
    )
    html = page.content.decode()
    assert 'id="import-report"' in html
    assert '<td class="text-end">3</td><td>统一社会信用代码</td>' in html
    assert 'id="import-commit"' not in html


def test_status_endpoint_polls_while_queued_and_stops_when_finished(world, page_client_for):
    job = ImportJob._base_manager.create(
        cluster=world.nanjing_cluster, kind="members", file="imports/x.csv", original_name="x.csv"
    )
    client = page_client_for(world.nanjing_body)
    url = reverse("cluster-import-status", args=[world.nanjing_cluster.pk, job.pk])
    assert "hx-trigger" in client.get(url).content.decode()
    job.succeed("done")
    finished = client.get(url).content.decode()
    assert "hx-trigger" not in finished and 'id="import-result"' in finished


def test_a_vanished_file_fails_the_job_with_a_message(world):
    job = ImportJob._base_manager.create(
        cluster=world.nanjing_cluster, kind="members", file="imports/gone.csv", original_name="gone.csv"
    )
    with system_scope():
        import_job.import_job_run(job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.report[0]["row"] == 1


def test_cluster_page_links_to_imports_only_for_those_who_see_them(world, page_client_for):
    url = reverse("cluster-detail", args=[world.nanjing_cluster.pk])
    assert 'id="cluster-imports-link"' in page_client_for(world.nanjing_viewer).get(url).content.decode()
    assert 'id="cluster-imports-link"' not in page_client_for(world.jiangsu).get(url).content.decode()


# Stored files and progress -----------------------------------------------------------------------------------------


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def test_an_upload_is_stored_once_its_job_commits_under_the_name_the_job_holds(world, links, upload):
    _response, job = upload(members_csv([member_row(1)]))
    assert job.status == ImportJob.Status.SUCCEEDED
    assert stored_files() == [job.file.name]
    assert job.file.name.startswith(f"imports/cluster-{world.nanjing_cluster.pk}/")


def test_a_request_that_fails_after_creating_the_job_leaves_no_row_and_no_file(
    world, links, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from clusters.imports.api import views as api

    class BrokenSerializer(api.ImportJobSerializer):
        @property
        def data(self):
            raise RuntimeError("the response cannot be built")

    monkeypatch.setattr(api, "ImportJobSerializer", BrokenSerializer)
    body = {
        "cluster": world.nanjing_cluster.pk,
        "kind": "members",
        "file": SimpleUploadedFile("m.csv", members_csv([member_row(1)])),
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        client_for(world.nanjing_body).post(reverse("api:import-job-list"), body, format="multipart")
    assert callbacks == []
    assert not ImportJob._base_manager.exists()
    assert stored_files() == []


def test_a_creation_rolled_back_by_its_caller_stores_no_file(world, links, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        import_job.import_job_create(
            cluster=world.nanjing_cluster,
            kind="members",
            upload=SimpleUploadedFile("m.csv", members_csv([member_row(1)])),
            dry_run=True,
            by=world.nanjing_body,
        )
        raise RuntimeError("something later in the same transaction fails")
    assert callbacks == []
    assert stored_files() == []


def test_a_file_that_cannot_be_stored_fails_its_job_with_a_message(world, links, upload, monkeypatch):
    def full(self, name, content, max_length=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "save", full)
    response, job = upload(members_csv([member_row(1)]), dry_run=False)
    assert response.status_code == 202
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "could not be stored" in job.message
    assert job.report[0]["row"] == 1
    assert not members_of(world.nanjing_cluster).exists()


def test_deleting_an_import_deletes_its_file(world, links, upload, django_capture_on_commit_callbacks):
    _response, job = upload(members_csv([member_row(1)]))
    assert stored_files() == [job.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        job.delete()
    assert stored_files() == []


def test_a_file_shared_by_a_dry_run_and_its_commit_goes_with_the_last_of_them(
    world, links, upload, django_capture_on_commit_callbacks
):
    _response, dry_run = upload(members_csv([member_row(1)]), dry_run=True)
    with django_capture_on_commit_callbacks(execute=True):
        commit = import_job.import_job_commit(job=dry_run, by=world.nanjing_body)
    assert commit.file.name == dry_run.file.name
    with django_capture_on_commit_callbacks(execute=True):
        dry_run.delete()
    assert stored_files() == [commit.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        ImportJob._base_manager.filter(pk=commit.pk).delete()
    assert stored_files() == []


def test_a_deletion_that_rolls_back_keeps_the_file(world, links, upload, django_capture_on_commit_callbacks):
    _response, job = upload(members_csv([member_row(1)]))
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        job.delete()
        raise RuntimeError("the deletion is undone")
    assert callbacks == []
    assert stored_files() == [job.file.name]


def test_deleting_a_cluster_deletes_the_files_of_its_imports(world, django_capture_on_commit_callbacks):
    cluster = ClusterFactory(promotion_body=world.nanjing_cluster.promotion_body)
    for n in (1, 2):
        job = ImportJob(cluster=cluster, kind="members", original_name=f"{n}.csv")
        job.file.save(f"{n}.csv", ContentFile(members_csv([member_row(n)])), save=False)
        job.save()
    kept = ImportJob(cluster=world.nanjing_cluster, kind="members", original_name="kept.csv")
    kept.file.save("kept.csv", ContentFile(members_csv([member_row(3)])), save=False)
    kept.save()
    assert len(stored_files()) == 3
    with django_capture_on_commit_callbacks(execute=True):
        cluster.delete()
    assert stored_files() == [kept.file.name]


def test_the_write_step_reports_progress_per_chunk_and_a_broken_progress_connection_stops_nothing(
    world, links, monkeypatch
):
    monkeypatch.setattr(storage, "PROGRESS_EVERY", 10)
    monkeypatch.setattr(jobs, "PROGRESS_SECONDS", 0)
    shares = []
    original = jobs.StepProgress.__call__

    def watch(self, share):
        if self.apart:
            shares.append(share)
        original(self, share)

    def refuse(alias):
        raise OperationalError("too many connections")

    monkeypatch.setattr(jobs.StepProgress, "__call__", watch)
    monkeypatch.setattr(connections, "create_connection", refuse)
    job = ImportJob(cluster=world.nanjing_cluster, kind="members", dry_run=False, original_name="m.csv")
    job.file.save("m.csv", ContentFile(members_csv([member_row(n) for n in range(1, 51)])), save=False)
    job.save()
    with system_scope():
        import_job.import_job_run(job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, (job.message, job.error)
    assert members_of(world.nanjing_cluster).count() == 50
    assert len(shares) >= 10  # 50 members and 50 chain links, in chunks of 10
    assert shares == sorted(shares) and shares[-1] == 1.0


def grow_imports(world, n):
    for i in range(n):
        ImportJob._base_manager.create(
            cluster=world.nanjing_cluster,
            kind="members",
            file=f"imports/{i}.csv",
            original_name=f"{i}.csv",
            created_by=world.nanjing_body,
        )


@pytest.mark.parametrize("role", ["ministry", "nanjing_body"])
@pytest.mark.parametrize("api", [True, False])
def test_import_lists_use_as_many_queries_for_many_rows_as_for_few(world, client_for, page_client_for, role, api):
    client = client_for(world.user(role)) if api else page_client_for(world.user(role))
    url = reverse("api:import-job-list") if api else reverse("cluster-imports", args=[world.nanjing_cluster.pk])
    grow_imports(world, 1)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    grow_imports(world, 30)
    many = count_queries(lambda: client.get(url))
    assert few == many
