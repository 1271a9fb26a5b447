"""The columns of the onboarding files and their template files."""

from django.utils.translation import gettext_lazy

from tenancy.spreadsheets import columns
from tenancy.spreadsheets.columns import Column

from .models import OnboardingImport

ORGANISATION_COLUMNS = [
    Column("kind", "类型", ("机构类型", "组织类型", "type"), required=True, example="地方政府"),
    Column("name", "名称", ("机构名称", "单位名称", "组织名称"), required=True, example="苏州市工业和信息化局"),
    Column("name_en", "英文名称", ("english name",), example="Suzhou Bureau of Industry and Information Technology"),
    Column("slug", "简称", ("短名称", "代号", "short name"), required=True, example="suzhou-gov"),
    Column("region", "地区代码", ("行政区划代码", "region code"), example="320500"),
    Column("admin_username", "管理员用户名", ("管理员账号", "admin username"), example="suzhou-admin"),
    Column("admin_full_name", "管理员姓名", ("admin name",), example="王芳"),
    Column("admin_email", "管理员邮箱", ("管理员电子邮箱", "admin email"), example="admin@suzhou.example.cn"),
]

EXPERT_COLUMNS = [
    Column("username", "用户名", ("账号", "username"), required=True, example="expert-zhang"),
    Column("full_name", "姓名", ("专家姓名", "name"), required=True, example="张伟"),
    Column("email", "电子邮箱", ("邮箱", "e-mail", "email"), required=True, example="zhang.wei@example.edu.cn"),
    Column("affiliation", "工作单位", ("单位", "所在单位", "affiliation"), required=True, example="东南大学"),
    Column("region", "地区代码", ("所在地区代码", "region code"), required=True, example="320100"),
    Column("fields", "领域", ("产业领域", "专业领域", "fields"), example="高端装备、新材料"),
    Column("title", "职称", ("职务", "title"), example="教授"),
    Column("phone", "电话", ("联系电话", "手机", "phone"), example="025-83790000", as_text=True),
]

COLUMNS = {OnboardingImport.Kind.ORGANISATIONS: ORGANISATION_COLUMNS, OnboardingImport.Kind.EXPERTS: EXPERT_COLUMNS}

TEMPLATE_NAMES = {
    OnboardingImport.Kind.ORGANISATIONS: gettext_lazy("organisations"),
    OnboardingImport.Kind.EXPERTS: gettext_lazy("experts"),
}

TEMPLATE_FORMATS = {
    "csv": (
        lambda kind: columns.template_csv(COLUMNS[kind]),
        "text/csv; charset=utf-8",
    ),
    "xlsx": (
        lambda kind: columns.template_xlsx(COLUMNS[kind], TEMPLATE_NAMES[kind]),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}
