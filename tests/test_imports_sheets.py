"""Spreadsheets as offices make them: hidden and instructions sheets, title rows, two-row grouped headers, `;` and
tab separators, credit codes that Excel turned into numbers, and duplicates named at both rows. Every workbook is
built here with openpyxl and imported through the API (the task runs eagerly)."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from clusters.imports import cells as import_cells
from clusters.imports import wording
from clusters.models import ImportJob, Member
from tenancy.spreadsheets import reading

from .builders.imports_files import MEMBER_HEADER_ZH, code, csv_bytes, member_row

pytestmark = pytest.mark.usefixtures("_media")

ZH_KEYS = ["name", "credit_code", "kind", "size_class", "is_leading", "chain_links", "region", "revenue", "employees"]


def cells_of(row):
    return [row[key] for key in ZH_KEYS]


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewritten(data, name, change):
    """The workbook with the XML part `name` changed by `change(text)`: what openpyxl would not write itself."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == name:
                content = change(content.decode()).encode()
            archive.writestr(item, content)
    return target.getvalue()


def with_active_tab(data, tab):
    """The workbook with its active tab set to `tab` (openpyxl never saves a hidden sheet as active)."""

    def change(text):
        text = re.sub(r'activeTab="\d+"', "", text)
        return text.replace("<workbookView", f'<workbookView activeTab="{tab}"', 1)

    return rewritten(data, "xl/workbook.xml", change)


def names_in(cluster):
    return sorted(Member.objects.filter(cluster=cluster).values_list("name", flat=True))


# Which sheet -------------------------------------------------------------------------------------------------------


def test_a_hidden_first_sheet_is_ignored_and_the_active_visible_sheet_is_read(world, links, upload):
    workbook = openpyxl.Workbook()
    stale = workbook.active
    stale.title = "旧数据"
    stale.append(MEMBER_HEADER_ZH)
    stale.append(cells_of(member_row(91)))
    stale.append(cells_of(member_row(92)))
    stale.sheet_state = "hidden"
    current = workbook.create_sheet("成员")
    current.append(MEMBER_HEADER_ZH)
    for n in (1, 2, 3):
        current.append(cells_of(member_row(n)))
    workbook.active = 1
    _response, job = upload(workbook_bytes(workbook), name="成员.xlsx", dry_run=False)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    assert job.source == "sheet “成员”, header on row 1"
    assert names_in(world.nanjing_cluster) == [f"南京示例电气{n}有限公司" for n in (1, 2, 3)]


def test_a_hidden_active_sheet_is_never_read(world, links, upload):
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "成员"
    first.append(MEMBER_HEADER_ZH)
    first.append(cells_of(member_row(1)))
    hidden = workbook.create_sheet("旧数据")
    hidden.append(MEMBER_HEADER_ZH)
    hidden.append(cells_of(member_row(91)))
    hidden.sheet_state = "hidden"
    data = with_active_tab(workbook_bytes(workbook), 1)
    assert openpyxl.load_workbook(io.BytesIO(data)).active.title == "旧数据"  # the file really says so
    _response, job = upload(data, name="m.xlsx", dry_run=False)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    assert job.source == "sheet “成员”, header on row 1"
    assert names_in(world.nanjing_cluster) == ["南京示例电气1有限公司"]


def test_an_instructions_sheet_first_is_passed_over_for_the_sheet_with_the_header(world, links, upload):
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "填报说明"
    notes.append(["填报说明：请在“成员”工作表中填写，每行一个成员。"])
    notes.append(["统一社会信用代码为18位，请设置为文本格式。"])
    data = workbook.create_sheet("成员")
    data.append(MEMBER_HEADER_ZH)
    data.append(cells_of(member_row(1)))
    data.append(cells_of(member_row(2)))
    _response, job = upload(workbook_bytes(workbook), name="m.xlsx", dry_run=True)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    assert (job.rows, job.created_rows) == (2, 2)
    assert job.source == "sheet “成员”, header on row 1"


def test_no_header_on_any_visible_sheet_says_where_it_looked_and_what_it_expected(world, links, upload):
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "说明"
    notes.append(["请按模板填写"])
    other = workbook.create_sheet("数据")
    other.append(["企业", "代码", "备注"])
    other.append(["某公司", code(1), ""])
    hidden = workbook.create_sheet("隐藏")
    hidden.append(MEMBER_HEADER_ZH)
    hidden.append(cells_of(member_row(1)))
    hidden.sheet_state = "hidden"
    _response, job = upload(workbook_bytes(workbook), name="m.xlsx", dry_run=True)
    assert job.status == ImportJob.Status.FAILED
    expected = (
        "No header row found in rows 1–10 of sheet “说明”、“数据”: expected a row with the column names "
        "名称 (name)、统一社会信用代码 (credit_code) (see the template). Hidden sheets are not read."
    )
    assert job.message == expected
    assert job.report == [{"row": 1, "column": "", "message": expected}]
    with translation.override("zh-hans"), pytest.raises(reading.FileRefused) as refused:
        reading.read_table("xlsx", workbook_bytes(workbook), wording.MEMBER_COLUMNS)
    assert str(refused.value) == (
        "在工作表“说明”、“数据”的第 1–10 行中未找到表头：应有一行列名 名称 (name)、统一社会信用代码 (credit_code)"
        "（参见模板）。隐藏的工作表不会被读取。"
    )


# Where the header is -----------------------------------------------------------------------------------------------


def test_title_rows_above_the_header_are_skipped_and_rows_keep_their_numbers(world, links, upload):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "成员名单"
    sheet.append(["南京市智能电网产业集群成员名单"])
    sheet.merge_cells("A1:I1")
    sheet.append(["填报单位：南京市工业和信息化局", None, None, None, "填报日期：2025年3月"])
    sheet.append([])
    sheet.append(MEMBER_HEADER_ZH)
    sheet.append(cells_of(member_row(1)))
    sheet.append(cells_of(member_row(2, employees="三百")))
    _response, job = upload(workbook_bytes(workbook), name="m.xlsx", dry_run=True)
    assert job.source == "sheet “成员名单”, header on row 4"
    assert [(entry["row"], entry["column"]) for entry in job.report] == [(6, "从业人员")]  # the row Excel shows
    sheet.delete_rows(6)
    _response, job = upload(workbook_bytes(workbook), name="m.xlsx", dry_run=False)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    assert names_in(world.nanjing_cluster) == ["南京示例电气1有限公司"]


def test_a_two_row_grouped_header_is_flattened(world, links, upload):
    workbook = openpyxl.Workbook()
    grouped = workbook.active
    grouped.title = "成员"
    grouped.append(["集群成员信息表"])
    grouped.append(["名称", "统一社会信用代码", "企业资质", None, None, "营业收入", "从业人员"])
    grouped.append([None, None, "龙头企业", "单项冠军", "高新技术企业", "（万元）", None])
    for cells in ("A2:A3", "B2:B3", "C2:E2", "G2:G3"):
        grouped.merge_cells(cells)
    grouped.append(["南京示例电气1有限公司", code(1), "是", "否", "是", "1200", "300"])
    grouped.append(["南京示例电气2有限公司", code(2), "否", "是", "否", "80.5", "40"])
    _response, job = upload(workbook_bytes(workbook), name="m.xlsx", dry_run=False)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    assert job.source == "sheet “成员”, two-row header on rows 2–3"
    first, second = Member.objects.filter(cluster=world.nanjing_cluster).order_by("name")
    assert (first.is_leading, first.is_single_champion, first.is_high_tech, first.employees) == (True, False, True, 300)
    assert (second.is_leading, second.is_single_champion, str(second.revenue)) == (False, True, "80.50")


def test_the_flattened_header_joins_group_and_sub_header_when_only_that_names_a_column():
    header = reading.header_of(wording.MEMBER_COLUMNS)
    flat = reading._flatten(["名称", "研发投入", "", "专利"], ["", "（万元）", "加入年份", "数"], header)
    assert flat == ["名称", "研发投入（万元）", "加入年份", "专利数"]


# CSV separators ----------------------------------------------------------------------------------------------------


def csv_with(separator, rows, header=MEMBER_HEADER_ZH, title=None):
    lines = [title] if title else []
    lines += [separator.join(header)] + [separator.join(cells_of(row)) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def test_a_semicolon_separated_csv_is_read_and_says_so(world, links, upload):
    rows = [member_row(1, chain_links="智能电网芯片、输变电设备"), member_row(2, revenue="1200.5")]
    _response, job = upload(csv_with(";", rows), dry_run=False)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    assert job.source == "CSV file, columns separated by semicolon (“;”), header on row 1"
    first = Member.objects.get(credit_code=code(1))
    assert sorted(first.chain_links.values_list("name", flat=True)) == ["智能电网芯片", "输变电设备"]
    assert names_in(world.nanjing_cluster) == ["南京示例电气1有限公司", "南京示例电气2有限公司"]


def test_a_tab_separated_csv_with_a_title_line_is_read_and_says_so(world, links, upload):
    data = csv_with("\t", [member_row(1), member_row(2)], title="成员名单（2025年）")
    _response, job = upload(data, dry_run=False)
    assert job.status == ImportJob.Status.SUCCEEDED, job.report
    assert job.source == "CSV file, columns separated by tab (“\\t”), header on row 2"
    assert Member.objects.filter(cluster=world.nanjing_cluster).count() == 2


def test_a_comma_csv_says_comma(world, links, upload):
    _response, job = upload(csv_bytes(MEMBER_HEADER_ZH, [cells_of(member_row(1))]), dry_run=True)
    assert job.source == "CSV file, columns separated by comma (“,”), header on row 1"


def test_a_csv_without_a_known_header_says_where_it_looked(world, links, upload):
    data = csv_bytes(["企业", "代码"], [["某公司", code(1)]] * 3)
    _response, job = upload(data, dry_run=True)
    assert job.status == ImportJob.Status.FAILED
    assert job.message == (
        "No header row found in rows 1–10 of the file: expected a row with the column names "
        "名称 (name)、统一社会信用代码 (credit_code) (see the template)."
    )


def test_the_separator_falls_back_to_the_sniffer_and_then_a_comma():
    header = reading.header_of(wording.MEMBER_COLUMNS)
    assert reading._separator("a;b;c\r\n1;2;3\r\n4;5;6\r\n", header) == ";"
    assert reading._separator("abc\r\n", header) == ","


# Codes that Excel turned into numbers ------------------------------------------------------------------------------


def test_a_credit_code_stored_as_a_number_is_refused_with_the_hint_to_store_it_as_text(world, links, upload):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["名称", "统一社会信用代码"])
    sheet.append(["整数公司", 914403001922038272])  # openpyxl writes it as 9.144030019220383e+17
    sheet.append(["小数公司", 9.14403001922038e17])  # a float cell, as Excel stores a code typed as a number
    sheet.append(["文本公司", code(3)])
    sheet.append(["另一整数公司", 1])
    data = rewritten(  # an integer cell as other writers store it
        workbook_bytes(workbook), "xl/worksheets/sheet1.xml", lambda text: text.replace("<v>1</v>", "<v>9144030019</v>")
    )
    _response, job = upload(data, name="m.xlsx", dry_run=True)
    assert job.status == ImportJob.Status.FAILED
    hint = (
        "“%s” is a number, not text: Excel turned the code into a number and may have rounded it. "
        "Store the column as text (format the cells as Text) and enter the codes again."
    )
    assert job.report == [
        {"row": 2, "column": "统一社会信用代码", "message": hint % "9.144030019220383e+17"},
        {"row": 3, "column": "统一社会信用代码", "message": hint % "9.14403001922038e+17"},
        {"row": 5, "column": "统一社会信用代码", "message": hint % "9144030019"},
    ]
    with translation.override("zh-hans"):
        message = import_cells.number_message("9.14403E+17")
    assert message == (
        "“9.14403E+17”是数字而不是文本：Excel 把代码转成了数字，可能已经四舍五入。"
        "请把该列设为文本格式（单元格格式选“文本”）后重新填写代码。"
    )


def test_a_credit_code_in_scientific_notation_in_a_csv_is_refused_as_given(world, links, upload):
    rows = [member_row(1, credit_code="9.14403E+17"), member_row(2)]
    _response, job = upload(csv_with(",", rows), dry_run=True)
    assert job.report == [
        {
            "row": 2,
            "column": "统一社会信用代码",
            "message": "“9.14403E+17” is a number, not text: Excel turned the code into a number and may have "
            "rounded it. Store the column as text (format the cells as Text) and enter the codes again.",
        }
    ]


def test_collaboration_codes_stored_as_numbers_are_refused_too(world, links, upload):
    upload(csv_with(",", [member_row(1), member_row(2)]), dry_run=False)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["来源统一社会信用代码", "目标统一社会信用代码", "合作类型"])
    sheet.append([code(1), 914403001922038272, "供应配套"])
    sheet.append([code(1), code(2), "供应配套"])
    _response, job = upload(workbook_bytes(workbook), name="c.xlsx", kind="collaborations", dry_run=True)
    assert [(entry["row"], entry["column"]) for entry in job.report] == [(2, "目标统一社会信用代码")]
    assert job.report[0]["message"].startswith("“9.144030019220383e+17” is a number, not text")


# The page says what was read ---------------------------------------------------------------------------------------


def test_the_result_page_says_which_sheet_was_read(world, links, upload, page_client_for):
    workbook = openpyxl.Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["请填写“成员”工作表"])
    sheet = workbook.create_sheet("成员")
    sheet.append(MEMBER_HEADER_ZH)
    sheet.append(cells_of(member_row(1)))
    _response, job = upload(workbook_bytes(workbook), name="m.xlsx", dry_run=True)
    client = page_client_for(world.nanjing_body)
    page = client.get(
        reverse("cluster-import-detail", args=[world.nanjing_cluster.pk, job.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert 'id="import-source"' in page.content.decode()
    assert "sheet “成员”, header on row 1" in page.content.decode()


# Two commits of the same dry run at once ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_commits_of_the_same_dry_run_at_once_give_one_import(world, links, upload):
    import threading

    from django.db import connections

    from clusters.imports import job as import_job
    from tenancy.errors import Refusal

    _response, dry_run = upload(csv_with(",", [member_row(1), member_row(2)]), dry_run=True)
    barrier, outcomes = threading.Barrier(2), []

    def commit():
        try:
            barrier.wait()
            outcomes.append(import_job.import_job_commit(job=dry_run, by=world.nanjing_body).pk)
        except Refusal as refusal:
            outcomes.append(refusal.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=commit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("already_imported") == 1
    assert ImportJob._base_manager.filter(dry_run=False).count() == 1
    commit = ImportJob._base_manager.get(dry_run=False)
    assert commit.status == ImportJob.Status.SUCCEEDED, commit.report
    assert Member.objects.filter(cluster=world.nanjing_cluster).count() == 2
