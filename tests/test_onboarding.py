"""Bulk onboarding (issue 12, items 1 and 3): organisations with their first administrators and experts from a CSV
or Excel file, with the member import's dry run, row/column report and all-or-nothing commit. Every row passes the
single-record service, so a province's file holds only the governments below it."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tenancy.models import ExpertProfile, Invitation, Membership, Organisation
from tenancy.onboarding.models import OnboardingImport

from .builders.imports_files import csv_bytes, xlsx_bytes
from .conftest import count_queries
from .factories import OnboardingImportFactory

pytestmark = pytest.mark.usefixtures("_media")

ORGANISATION_HEADER = ["类型", "名称", "英文名称", "简称", "地区代码", "管理员用户名", "管理员姓名", "管理员邮箱"]
EXPERT_HEADER = ["用户名", "姓名", "电子邮箱", "工作单位", "地区代码", "领域", "职称", "电话"]
LIST = reverse("api:onboarding-list")
PHONE = "025-83790000"

SUZHOU_GOVERNMENT = ["地方政府", "苏州市工业和信息化局", "Suzhou MIIT", "suzhou-gov", "320500"]
SUZHOU_BODY = ["集群促进机构", "苏州纳米新材料集群促进中心", "", "suzhou-nano", "320500"]


def admin(name):
    return [f"{name}-admin", "王芳", f"{name}@example.cn"]


@pytest.fixture
def onboard(client_for, world, django_capture_on_commit_callbacks, mailoutbox):
    """POST a file to the API (as the ministry unless told) and run the queued task (eager): (response, job)."""

    def send(data, name="organisations.csv", kind="organisations", dry_run=True, user=None, **extra):
        client = client_for(user or world.ministry)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        body = {"kind": kind, "file": SimpleUploadedFile(name, data), "dry_run": "true" if dry_run else "false"}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(LIST, body | extra, format="multipart")
        job = OnboardingImport._base_manager.get(pk=response.json()["id"]) if response.status_code == 202 else None
        return response, job

    return send


@pytest.fixture
def commit(client_for, world, django_capture_on_commit_callbacks):
    def send(job, user=None):
        client = client_for(user or world.ministry)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("api:onboarding-commit", args=[job.pk]))
        return response

    return send


def report_of(job):
    return [(entry["row"], entry["column"]) for entry in job.report]


def test_a_dry_run_writes_nothing_and_its_commit_creates_every_organisation_and_invites_its_administrator(
    world, onboard, commit, mailoutbox
):
    rows = [[*SUZHOU_GOVERNMENT, *admin("suzhou")], [*SUZHOU_BODY, *admin("nano")]]
    response, job = onboard(csv_bytes(ORGANISATION_HEADER, rows))
    assert response.status_code == 202
    job.refresh_from_db()
    assert (job.status, job.rows, job.created_rows, job.report) == ("succeeded", 2, 2, [])
    assert "would create 2" in job.message
    assert not Organisation._base_manager.filter(slug__in=["suzhou-gov", "suzhou-nano"]).exists()
    assert mailoutbox == []

    response = commit(job)
    assert response.status_code == 202, response.content
    done = OnboardingImport._base_manager.get(pk=response.json()["id"])
    assert (done.status, done.dry_run, done.created_rows, done.file.name) == ("succeeded", False, 2, job.file.name)
    government = Organisation._base_manager.get(slug="suzhou-gov")
    body = Organisation._base_manager.get(slug="suzhou-nano")
    # The parent follows from the region, and a body's government may come from an earlier row of the same file.
    assert (government.kind, government.parent, body.kind, body.parent) == (
        "local",
        world.orgs["jiangsu"],
        "cluster_body",
        government,
    )
    admins = Membership._base_manager.filter(organisation__in=[government, body], role="admin")
    assert sorted(admins.values_list("user__username", flat=True)) == ["nano-admin", "suzhou-admin"]
    assert sorted(mail.to[0] for mail in mailoutbox) == ["nano@example.cn", "suzhou@example.cn"]
    assert Invitation._base_manager.filter(organisation__in=[government, body], invited_by=world.ministry).count() == 2


def test_one_bad_row_writes_nothing_and_the_report_names_row_and_column(world, onboard, commit, mailoutbox):
    rows = [
        [*SUZHOU_GOVERNMENT, *admin("suzhou")],
        ["政府机关", "无锡市工信局", "", "wuxi-gov", "320200"],  # unknown kind
        ["地方政府", '=HYPERLINK("x")', "", "changzhou-gov", "320400"],  # a formula
        ["地方政府", "南通市工信局", "", "nantong-gov", "329999"],  # no such region
        ["地方政府", "泰州市工信局", "", "t-jiangsu", "321200"],  # a short name already taken
        ["地方政府", "扬州市工信局", "", "yangzhou-gov", "321000", "suzhou-admin", "", "y@example.cn"],  # repeat
    ]
    _response, job = onboard(csv_bytes(ORGANISATION_HEADER, rows, encoding="gbk"), dry_run=False)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "6 problems" in job.message or "problems found" in job.message
    assert report_of(job) == [
        (2, "管理员用户名"),  # the first row names the repeat below it
        (3, "类型"),
        (4, "名称"),
        (5, "地区代码"),
        (6, "简称"),
        (7, "管理员用户名"),
    ]
    by_row = {entry["row"]: entry["message"] for entry in job.report}
    assert "7" in by_row[2] and "2" in by_row[7]  # both rows of the repeat are named
    assert not Organisation._base_manager.filter(slug__in=["suzhou-gov", "yangzhou-gov"]).exists()
    assert mailoutbox == []
    assert commit(job).status_code == 409  # only a clean dry run can be imported


def test_a_file_without_a_required_column_or_rows_is_refused_with_the_place_it_looked(world, onboard):
    _response, job = onboard(csv_bytes(["名称", "地区代码"], [["苏州市工信局", "320500"]]))
    job.refresh_from_db()
    assert job.status == "failed"
    [entry] = job.report
    assert entry["row"] == 1 and "类型 (kind)" in entry["message"] and "简称 (slug)" in entry["message"]
    _response, job = onboard(csv_bytes(ORGANISATION_HEADER, []))
    job.refresh_from_db()
    assert (job.status, report_of(job)) == ("failed", [(2, "")])


def test_a_province_onboards_only_the_governments_below_it(world, onboard, client_for):
    rows = [
        ["地方政府", "苏州市工信局", "", "suzhou-gov", "320500"],
        ["地方政府", "东莞市工信局", "", "dongguan-gov", "441900"],  # Guangdong's
        [*SUZHOU_BODY],  # a promotion body: the ministry's
    ]
    _response, job = onboard(csv_bytes(ORGANISATION_HEADER, rows), user=world.jiangsu, dry_run=False)
    job.refresh_from_db()
    assert (job.status, report_of(job)) == ("failed", [(3, "地区代码"), (4, "类型")])
    assert not Organisation._base_manager.filter(slug="suzhou-gov").exists()

    _response, job = onboard(csv_bytes(ORGANISATION_HEADER, rows[:1]), user=world.jiangsu, dry_run=False)
    job.refresh_from_db()
    assert job.status == "succeeded", job.report
    assert Organisation._base_manager.get(slug="suzhou-gov").parent == world.orgs["jiangsu"]
    # Experts are the ministry's; and a body or an expert onboards nothing.
    response, _job = onboard(csv_bytes(EXPERT_HEADER, []), kind="experts", user=world.jiangsu)
    assert response.status_code == 403
    for user in (world.nanjing_body, world.expert):
        response, _job = onboard(csv_bytes(ORGANISATION_HEADER, rows[:1]), user=user)
        assert response.status_code == 403
    assert OnboardingImport._base_manager.count() == 2
    # Guangdong does not see Jiangsu's files; the ministry does.
    assert client_for(world.guangdong).get(reverse("api:onboarding-detail", args=[job.pk])).status_code == 404
    assert client_for(world.ministry).get(reverse("api:onboarding-detail", args=[job.pk])).status_code == 200


def test_experts_are_imported_from_excel_with_their_fields_and_invited(world, onboard, commit, mailoutbox):
    rows = [
        [
            "expert-zhang",
            "张伟",
            "zhang@example.edu.cn",
            "东南大学",
            "320100",
            "高端装备、新材料",
            "教授",
            "025-83790000",
        ],
        ["expert-li", "李娜", "li@example.edu.cn", "华南理工大学", 440100, "ngit", "", ""],
    ]
    _response, job = onboard(xlsx_bytes(EXPERT_HEADER, rows), name="experts.xlsx", kind="experts")
    job.refresh_from_db()
    assert (job.status, job.created_rows) == ("succeeded", 2), job.report
    assert commit(job).status_code == 202
    zhang = ExpertProfile._base_manager.get(user__username="expert-zhang")
    assert (zhang.affiliation, zhang.region_id, zhang.title, zhang.phone) == (
        "东南大学",
        "320100",
        "教授",
        "025-83790000",
    )
    assert sorted(zhang.fields.values_list("code", flat=True)) == ["high_end_equipment", "new_materials"]
    assert not zhang.is_eligible and not zhang.user.has_usable_password()
    assert ExpertProfile._base_manager.get(user__username="expert-li").region_id == "440100"
    assert sorted(mail.to[0] for mail in mailoutbox) == ["li@example.edu.cn", "zhang@example.edu.cn"]


def test_expert_rows_are_checked_against_the_pool_and_each_other(world, onboard):
    rows = [
        ["expert-a", "甲", "a@example.cn", "东南大学", "320100", "航天", "", ""],  # unknown field
        ["t-expert", "乙", "b@example.cn", "东南大学", "320100", "", "", ""],  # username taken
        ["expert-c", "丙", "c@example.cn", "", "320100", "", "", ""],  # no affiliation
        ["expert-d", "丁", "d@example.cn", "南京大学", "320100", "", "", ""],
        ["expert-e", "戊", "D@example.cn", "南京大学", "320100", "", "", ""],  # the same e-mail as row 5
    ]
    _response, job = onboard(csv_bytes(EXPERT_HEADER, rows), kind="experts", dry_run=False)
    job.refresh_from_db()
    assert job.status == "failed"
    assert report_of(job) == [(2, "领域"), (3, "用户名"), (4, "工作单位"), (5, "电子邮箱"), (6, "电子邮箱")]
    assert not ExpertProfile._base_manager.filter(user__username="expert-a").exists()


def test_without_invitations_experts_are_added_but_not_mailed(world, onboard, mailoutbox):
    rows = [["expert-wang", "王强", "wang@example.cn", "南京大学", "320100", "", "", ""]]
    _response, job = onboard(csv_bytes(EXPERT_HEADER, rows), kind="experts", dry_run=False, send_invitations="false")
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert ExpertProfile._base_manager.filter(user__username="expert-wang").exists()
    assert mailoutbox == []


def test_a_dry_run_is_imported_once_however_often_it_is_committed(world, onboard, commit):
    _response, job = onboard(csv_bytes(ORGANISATION_HEADER, [SUZHOU_GOVERNMENT]))
    assert commit(job).status_code == 202
    second = commit(job)
    assert (second.status_code, second.json()["error"]["code"]) == (409, "already_imported")
    assert Organisation._base_manager.filter(slug="suzhou-gov").count() == 1


def test_an_uploader_who_lost_the_right_before_the_worker_ran_writes_nothing(world, onboard):
    job = OnboardingImportFactory(
        organisation=world.orgs["jiangsu"],
        created_by=world.nanjing_body,
        dry_run=False,
        file=SimpleUploadedFile("o.csv", csv_bytes(ORGANISATION_HEADER, [SUZHOU_GOVERNMENT])),
    )
    from tenancy.onboarding.services import onboarding_import_run

    onboarding_import_run(job=job)
    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "上传该文件的用户已无权添加这些记录，未写入任何内容。")
    assert not Organisation._base_manager.filter(slug="suzhou-gov").exists()


def test_the_template_files_hold_the_headers_and_an_example_that_passes_a_dry_run(world, page_client_for, onboard):
    client = page_client_for(world.ministry)
    response = client.get(reverse("onboarding-template", args=["organisations", "xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, example = [[cell.value for cell in row] for row in sheet.iter_rows(max_row=2)]
    assert header == ORGANISATION_HEADER
    _response, job = onboard(response.content, name="template.xlsx")
    job.refresh_from_db()
    assert (job.status, job.created_rows) == ("succeeded", 1), job.report
    assert example[3] == "suzhou-gov"
    csv_template = client.get(reverse("onboarding-template", args=["experts", "csv"]))
    assert csv_template.content.decode("utf-8-sig").splitlines()[0] == ",".join(EXPERT_HEADER)


def test_the_pages_upload_show_the_report_and_commit(world, page_client_for, django_capture_on_commit_callbacks):
    client = page_client_for(world.ministry)
    page = client.get(reverse("onboarding-list"), {"kind": "experts"})
    assert page.status_code == 200
    assert 'value="experts" selected' in page.content.decode()
    assert "批量导入机构与专家" in page.content.decode() and "从 Excel 或 CSV 文件一次导入" in page.content.decode()
    upload = SimpleUploadedFile("o.csv", csv_bytes(ORGANISATION_HEADER, [[*SUZHOU_GOVERNMENT, *admin("suzhou")]]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("onboarding-list"), {"kind": "organisations", "file": upload, "dry_run": "on"})
    job = OnboardingImport._base_manager.get()
    assert response.status_code == 302 and response["Location"] == reverse("onboarding-detail", args=[job.pk])
    detail = client.get(response["Location"]).content.decode()
    assert 'id="onboarding-commit"' in detail
    assert "试运行：全部 1 行均有效；正式导入将新建 1 条。未写入任何内容。" in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("onboarding-commit", args=[job.pk]))
    assert Organisation._base_manager.filter(slug="suzhou-gov").exists()
    done = OnboardingImport._base_manager.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("onboarding-detail", args=[done.pk])
    history = client.get(reverse("onboarding-list")).content.decode()
    assert f'id="onboarding-{done.pk}"' in history and f'id="onboarding-{job.pk}"' in history
    # A bad upload answers on the form and records nothing.
    response = client.post(reverse("onboarding-list"), {"kind": "organisations"})
    assert response.status_code == 200 and OnboardingImport._base_manager.count() == 2


def test_the_list_runs_the_same_queries_for_one_file_and_for_many(world, client_for):
    client = client_for(world.ministry)
    OnboardingImportFactory(organisation=world.orgs["ministry"], created_by=world.ministry)
    client.get(LIST)
    one = count_queries(lambda: client.get(LIST))
    for _ in range(12):
        OnboardingImportFactory(organisation=world.orgs["jiangsu"], created_by=world.jiangsu)
    many = count_queries(lambda: client.get(LIST))
    assert one == many
    assert client.get(LIST).json()["count"] == 13
