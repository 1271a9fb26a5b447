"""The words of an import file: its columns (English key, Chinese header, accepted aliases, example) and the
template files offered for download."""

from django.utils.translation import gettext_lazy

from clusters.models import ImportJob
from tenancy.spreadsheets import columns
from tenancy.spreadsheets.columns import Column

MEMBER_COLUMNS = [
    Column("name", "名称", ("企业名称", "单位名称", "成员名称"), required=True, example="南京示例电气股份有限公司"),
    Column("credit_code", "统一社会信用代码", ("信用代码", "uscc"), True, "91320100MA1MUNX59A", as_text=True),
    Column("name_en", "英文名称", ("english name",), example="Nanjing Example Electric Co., Ltd."),
    Column("kind", "类型", ("主体类型", "成员类型", "type"), example="企业"),
    Column("platform_level", "平台级别", (), example=""),
    Column("size_class", "规模", ("企业规模", "size"), example="大型"),
    Column("is_leading", "龙头企业", ("leading",), example="是"),
    Column("is_single_champion", "单项冠军", ("制造业单项冠军", "single champion"), example="否"),
    Column("is_little_giant", "专精特新小巨人", ("小巨人", "little giant"), example="否"),
    Column("is_srdi_sme", "专精特新中小企业", ("srdi sme",), example="否"),
    Column("is_high_tech", "高新技术企业", ("高新企业", "high tech"), example="是"),
    Column("chain_links", "产业链环节", ("链环节", "chain link"), example=""),
    Column("region", "地区代码", ("行政区划代码", "region code"), example="320100"),
    Column("is_local", "本地", ("是否本地", "local"), example="是"),
    Column("revenue", "营业收入（万元）", ("营业收入",), example="125000"),
    Column("employees", "从业人员", ("从业人员数", "员工数"), example="3200"),
    Column("rd_spend", "研发投入（万元）", ("研发投入", "r&d spend"), example="8600"),
    Column("patents", "专利数", ("专利数量", "有效专利数"), example="412"),
    Column("joined_year", "加入年份", ("year joined",), example="2019"),
]

COLLABORATION_COLUMNS = [
    Column("source_credit_code", "来源统一社会信用代码", ("来源信用代码", "source"), True, "91320100MA1MUNX59A", True),
    Column("target_credit_code", "目标统一社会信用代码", ("目标信用代码", "target"), True, "91320115MA1N3LDJ4F", True),
    Column("kind", "合作类型", ("类型", "type"), required=True, example="供应配套"),
    Column("value", "金额（万元）", ("金额", "合作金额"), example="3500"),
    Column("year", "年份", (), example="2024"),
]

COLUMNS = {ImportJob.Kind.MEMBERS: MEMBER_COLUMNS, ImportJob.Kind.COLLABORATIONS: COLLABORATION_COLUMNS}
# Template files -----------------------------------------------------------------------------------------------------

TEMPLATE_NAMES = {
    ImportJob.Kind.MEMBERS: gettext_lazy("members"),
    ImportJob.Kind.COLLABORATIONS: gettext_lazy("collaborations"),
}


def template_csv(kind: str) -> bytes:
    return columns.template_csv(COLUMNS[kind])


def template_xlsx(kind: str) -> bytes:
    return columns.template_xlsx(COLUMNS[kind], TEMPLATE_NAMES[kind])
