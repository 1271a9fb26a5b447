"""Bulk import refusals: every bad-input class is reported with row, column and message and nothing is written;
refused file types, sizes and row counts; the credit code column against stdnum; re-imports that rewrite only
what changed."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from stdnum.cn import uscc

from clusters.imports import cells as import_cells
from clusters.models import ImportJob, Member
from tenancy.spreadsheets import report

from .builders.imports_files import (
    MEMBER_HEADER_EN,
    MEMBER_HEADER_ZH,
    bad_checksum,
    code,
    csv_bytes,
    member_row,
    members_csv,
    members_of,
    xlsx_bytes,
)

pytestmark = pytest.mark.usefixtures("_media")


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
