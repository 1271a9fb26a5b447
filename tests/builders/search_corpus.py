"""A fixed corpus for global search and its answers, the same on PostgreSQL and on SQLite (tests/test_search.py
runs `answers()` in the test database and, through `main()`, in a throw-away SQLite database of `make run`)."""

import datetime
import json

from stdnum.cn import uscc

CLUSTERS = [
    ("南京市新型电力装备集群", "Nanjing New-type Power Equipment Cluster"),
    ("深圳市新一代信息通信集群", "Shenzhen New-generation ICT Cluster"),
    ("苏州精密制造集群", "Suzhou Précision Manufacturing Cluster"),
]


def code(serial: int) -> str:
    base = f"91320100{serial:09d}"
    return base + uscc.calc_check_digit(base)


# (cluster index, name, English name, credit code)
MEMBERS = [
    (0, "国电南瑞科技股份有限公司", "NARI Technology Co., Ltd.", code(1)),
    (0, "南瑞继保电气有限公司", "NR Electric Co., Ltd.", code(2)),
    (0, "江苏南瑞帕威尔电气有限公司", "Jiangsu NARI Power Electric", code(3)),
    (0, "国电南京自动化股份有限公司", "Guodian Nanjing Automation", code(4)),
    (0, "西门子电气传动（南京）有限公司", "Siemens Electrical Drive (Nanjing)", code(5)),
    (1, "华为技术有限公司", "Huawei Technologies Co., Ltd.", code(6)),
    (1, "中兴通讯股份有限公司", "ZTE Corporation", code(7)),
    (1, "深圳市汇川技术股份有限公司", "Inovance Technology", code(8)),
    (2, "Société Générale d'Électricité", "Societe Generale d'Electricite", code(9)),
    (2, "苏州南瑞精密机械", "", ""),
]

# (title, English title, document number, text, status)
POLICIES = [
    (
        "关于加快推进先进制造业集群发展的指导意见",
        "Guidance on Advanced Manufacturing Clusters",
        "工信部规〔2023〕12号",
        "支持国电南瑞等链主企业牵头建设创新联合体。",
        "published",
    ),
    ("南京市电力装备产业扶持办法", "", "宁政发〔2022〕7号", "对电力装备企业给予研发补助。", "published"),
    ("南瑞草稿政策", "", "", "", "draft"),
]

QUERIES = [
    "南瑞",
    "国电南瑞",
    "南瑞科技",
    "南京",
    "电力",
    "集群",
    "技术",
    "NARI",
    "nari technology",
    "HUAWEI",
    "inov",
    "zte",
    "societe",
    "ÉLECTRICITÉ",
    "Précision",
    "precision",
    code(1),
    code(1).lower(),
    code(6)[:10],
    "工信部规",
    "2023",
    "宁政发〔2022〕7号",
    "西门子",
    "不存在的名字",
    "南",
    "",
]


def build():
    """The corpus, written as the system (reference rows created where a bare SQLite database lacks them)."""
    from clusters.models import Cluster, ClusterRegion, Member
    from policies.models import CultivationPlan, Policy
    from tenancy.models import IndustryField, Organisation, Region
    from tenancy.scoping import system_scope

    with system_scope():
        province, _ = Region.objects.get_or_create(
            code="320000", defaults={"name": "江苏省", "name_en": "Jiangsu", "level": "province"}
        )
        Region.objects.get_or_create(
            code="320100",
            defaults={"name": "南京市", "name_en": "Nanjing", "level": "prefecture", "parent": province},
        )
        IndustryField.objects.get_or_create(
            code="high_end_equipment", defaults={"name": "高端装备", "name_en": "High-end equipment"}
        )
        ministry = Organisation.objects.create(kind="national", slug="corpus-ministry", name="语料部委")
        local = Organisation.objects.create(kind="local", slug="corpus-jiangsu", name="语料省厅", region_id="320000")
        body = Organisation.objects.create(
            kind="cluster_body", slug="corpus-body", name="语料促进机构", region_id="320100"
        )
        clusters = []
        for name, name_en in CLUSTERS:
            cluster = Cluster.objects.create(
                name=name, name_en=name_en, field_id="high_end_equipment", promotion_body=body, tier="national"
            )
            ClusterRegion.objects.create(cluster=cluster, region_id="320100", position=0)
            clusters.append(cluster)
        for index, name, name_en, credit_code in MEMBERS:
            Member.objects.create(cluster=clusters[index], name=name, name_en=name_en, credit_code=credit_code)
        for title, title_en, number, text, status in POLICIES:
            Policy.objects.create(
                issuer=ministry,
                level="national",
                title=title,
                title_en=title_en,
                document_number=number,
                text=text,
                status=status,
                issued_on=datetime.date(2023, 3, 1),
            )
        plan = CultivationPlan.objects.create(
            cluster=clusters[0], title="南京电力装备集群培育提升方案", period_start=2023, period_end=2027, version=1
        )
        plan.owners.set([local])


def answers() -> dict:
    """Query -> the system's hits: per kind, what was found and the titles in their order; or the problem."""
    from django.utils import translation

    from tenancy.scoping import system_scope
    from tenancy.search.selectors import search
    from tenancy.visibility import Viewer

    found = {}
    with system_scope(), translation.override("zh-hans"):
        for text in QUERIES:
            results = search(viewer=Viewer.system(), text=text, limit=50)
            if not results.query.ok:
                found[text] = results.query.problem
                continue
            found[text] = {group.kind.kind: [hit.title for hit in group.hits] for group in results.groups}
    return found


def main():
    """In a bare database (the SQLite one of `make run`): build the corpus, print its answers as JSON."""
    build()
    print(json.dumps(answers(), ensure_ascii=False))
