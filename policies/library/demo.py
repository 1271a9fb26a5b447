"""Demo policies, instruments and toolkits from the seed article.

Titles and facts are the article's where it gives them: Jiangsu's 2003 opinions and 2018 guiding opinions (13 key
clusters), Anhui's two agreements with the ministry (2012, 2018), nearly 2 billion yuan of support funds in total
across both agreements, and a 5 billion yuan industry fund for Hefei's intelligent voice cluster — the fund's scale,
not money the governments commit, so its committed amount is 0 and the note gives the scale. The article gives no
document numbers, exact dates or yearly payments: document numbers stay empty, a date the article gives as a year
is 1 January of that year (the summary says so), Hefei's instruments have no disbursements, and the national
policies and Jiangsu's fund (with its yearly payments) are marked as demo data.
Idempotent: policies are keyed on (issuer, title), instruments on (policy, name), toolkits on (owner, cluster).
"""

import datetime
from decimal import Decimal

from clusters.models import Cluster
from policies.library.selectors import level_of
from policies.models import Instrument, InstrumentDisbursement, Policy, Toolkit
from tenancy.demo import seeder
from tenancy.models import Organisation
from tenancy.scoping import unscoped

YEAR_ONLY = "（原文仅给出年份，日期取该年1月1日。）"
DEMO = "（演示数据：原文未给出该信息，仅用于展示。）"

# (issuer slug, title, English title, issued, status, categories, target cluster bodies, summary)
POLICIES = [
    (
        "ministry",
        "先进制造业集群竞赛工作安排（演示）",
        "Advanced manufacturing cluster competition (demo)",
        datetime.date(2019, 1, 1),
        Policy.Status.PUBLISHED,
        ["industry", "innovation", "region"],
        ["changsha-cm", "wuxi-iot", "shenzhen-ict", "nanjing-grid", "hefei-voice"],
        "自2019年起，工业和信息化部通过先进制造业集群竞赛，遴选出25个决赛优胜集群作为国家级集群重点培育对象。" + DEMO,
    ),
    (
        "ministry",
        "关于加快培育先进制造业集群的政策文件（演示草稿）",
        "Policy on accelerating the cultivation of advanced manufacturing clusters (demo draft)",
        datetime.date(2024, 1, 1),
        Policy.Status.DRAFT,
        ["industry", "innovation", "finance", "talent"],
        [],
        "原文建议国家层面“加快制定出台培育先进制造业集群的政策文件，统筹优化国家集群布局”。此草稿仅规划司可见。" + DEMO,
    ),
    (
        "jiangsu",
        "关于培育产业集群促进区域经济发展的意见",
        "Opinions on Cultivating Clusters to Promote Regional Economic Development",
        datetime.date(2003, 1, 1),
        Policy.Status.EXPIRED,
        ["industry", "region"],
        [],
        "江苏省早在2003年即出台该意见，以培育产业集群促进区域经济发展。" + YEAR_ONLY,
    ),
    (
        "jiangsu",
        "关于加快培育先进制造业集群的指导意见",
        "Guiding Opinions on Accelerating the Cultivation of Advanced Manufacturing Clusters",
        datetime.date(2018, 1, 1),
        Policy.Status.PUBLISHED,
        ["industry", "innovation", "finance", "talent"],
        ["nanjing-grid", "wuxi-iot"],
        "2018年江苏省在全国率先出台该指导意见，遴选新型电力（新能源）装备、物联网等13个基础较好的先进制造业集群"
        "作为重点培育对象，并制定分类培育政策措施。" + YEAR_ONLY,
    ),
    (
        "anhui",
        "安徽省与工业和信息化部共同推进合肥智能语音产业发展合作协议（2012年）",
        "Agreement of Anhui Province and MIIT on developing Hefei's intelligent voice industry (2012)",
        datetime.date(2012, 1, 1),
        Policy.Status.EXPIRED,
        ["industry", "innovation"],
        ["hefei-voice"],
        "2012年安徽省与工业和信息化部签署合作协议，共同推进合肥智能语音产业发展。" + YEAR_ONLY,
    ),
    (
        "anhui",
        "安徽省与工业和信息化部共同推进合肥智能语音产业发展合作协议（2018年）",
        "Agreement of Anhui Province and MIIT on developing Hefei's intelligent voice industry (2018)",
        datetime.date(2018, 1, 1),
        Policy.Status.PUBLISHED,
        ["industry", "innovation", "finance"],
        ["hefei-voice"],
        "2018年再次签署合作协议。两次协议以来，围绕“精准滴灌”“生态构建”出台系列政策措施，累计安排扶持资金近20亿元"
        "（两次协议合计，并非本协议单独承诺）；先后设立总规模50亿元的智能语音及人工智能产业发展基金"
        "（基金规模，不是政府承诺资金），打造“中国声谷”品牌。" + YEAR_ONLY,
    ),
]

# (policy title, kind, category, name, English name, amount, note, beneficiary bodies, {year: amount})
INSTRUMENTS = [
    # The article: "nearly 2 billion yuan in support funds in total" since the two agreements (2012 and 2018), with
    # no yearly figures; filed under the later agreement, the note says it covers both, and nothing is disbursed.
    (
        "安徽省与工业和信息化部共同推进合肥智能语音产业发展合作协议（2018年）",
        Instrument.Kind.SPECIAL_FUND,
        "industry",
        "智能语音产业扶持资金",
        "Intelligent voice industry support funds (both agreements together)",
        Decimal("2000000000"),
        "原文：2012年、2018年两次协议以来累计安排扶持资金近20亿元（约数，为上限）；原文未给出年度拨付",
        ["hefei-voice"],
        {},
    ),
    # The fund's "total scale of 5 billion yuan" is the fund's size, not money the governments commit: amount 0.
    (
        "安徽省与工业和信息化部共同推进合肥智能语音产业发展合作协议（2018年）",
        Instrument.Kind.INDUSTRY_FUND,
        "finance",
        "智能语音及人工智能产业发展基金",
        "Intelligent voice and AI industry development fund",
        Decimal("0"),
        "原文：基金总规模50亿元，为基金规模而非政府承诺资金，不计入承诺金额；原文未给出年度投放",
        ["hefei-voice"],
        {},
    ),
    (
        "关于加快培育先进制造业集群的指导意见",
        Instrument.Kind.SPECIAL_FUND,
        "industry",
        "先进制造业集群培育专项资金（演示）",
        "Advanced manufacturing cluster special fund (demo)",
        Decimal("300000000"),
        "演示数据：原文未给出金额",
        ["nanjing-grid", "wuxi-iot"],
        {2019: "60000000", 2020: "60000000", 2021: "60000000", 2022: "60000000"},
    ),
    (
        "关于加快培育先进制造业集群的指导意见",
        Instrument.Kind.TALENT_PROGRAMME,
        "talent",
        "集群高层次人才引进计划（演示）",
        "Cluster high-level talent programme (demo)",
        Decimal("0"),
        "演示数据：不单列资金",
        [],
        {},
    ),
]

# (owner slug, cluster promotion body slug, title, policy titles, instrument names, notes)
TOOLKITS = [
    (
        "anhui",
        "hefei-voice",
        "合肥智能语音集群政策工具箱",
        [
            "先进制造业集群竞赛工作安排（演示）",
            "安徽省与工业和信息化部共同推进合肥智能语音产业发展合作协议（2012年）",
            "安徽省与工业和信息化部共同推进合肥智能语音产业发展合作协议（2018年）",
        ],
        ["智能语音产业扶持资金", "智能语音及人工智能产业发展基金"],
        "“精准滴灌”与“生态构建”：扶持资金与产业基金并举。",
    ),
    (
        "jiangsu",
        "nanjing-grid",
        "南京新型电力（智能电网）装备集群政策工具箱",
        ["先进制造业集群竞赛工作安排（演示）", "关于加快培育先进制造业集群的指导意见"],
        ["先进制造业集群培育专项资金（演示）", "集群高层次人才引进计划（演示）"],
        "",
    ),
    (
        "jiangsu",
        "wuxi-iot",
        "无锡物联网集群政策工具箱",
        ["关于加快培育先进制造业集群的指导意见"],
        [],
        "仅纳入省级指导意见，尚未配置资金工具：覆盖视图将显示缺口。",
    ),
]


@seeder(order=40)
def seed_policy_library(*, scale=0, log=print):
    organisations = {o.slug: o for o in Organisation.objects.select_related("region")}
    clusters = {c.promotion_body.slug: c for c in unscoped(Cluster).select_related("promotion_body")}
    ministry = organisations["ministry"]
    policies = {}
    for slug, title, title_en, issued, status, categories, bodies, summary in POLICIES:
        issuer = organisations[slug]
        published = datetime.datetime.combine(issued, datetime.time(9), tzinfo=datetime.UTC)
        policy, _created = unscoped(Policy).update_or_create(
            issuer=issuer,
            title=title,
            defaults={
                "title_en": title_en,
                "level": level_of(issuer),
                "issued_on": issued,
                "status": status,
                "summary": summary,
                "published_at": None if status == Policy.Status.DRAFT else published,
                "expired_at": published.replace(year=issued.year + 6) if status == Policy.Status.EXPIRED else None,
            },
        )
        policy.categories.set(categories)
        policy.target_clusters.set([clusters[body] for body in bodies if body in clusters])
        policies[title] = policy
    instruments = {}
    for title, kind, category, name, name_en, amount, note, bodies, paid in INSTRUMENTS:
        instrument, _created = unscoped(Instrument).update_or_create(
            policy=policies[title],
            name=name,
            defaults={
                "kind": kind,
                "category_id": category,
                "name_en": name_en,
                "amount": amount,
                "currency_note": note,
            },
        )
        instrument.target_clusters.set([clusters[body] for body in bodies if body in clusters])
        unscoped(InstrumentDisbursement).filter(instrument=instrument).exclude(year__in=list(paid)).delete()
        for year, value in paid.items():
            unscoped(InstrumentDisbursement).update_or_create(
                instrument=instrument, year=year, defaults={"amount": Decimal(value)}
            )
        instruments[name] = instrument
    toolkits = 0
    for owner, body, title, policy_titles, instrument_names, notes in TOOLKITS:
        if body not in clusters:
            continue
        toolkit, _created = unscoped(Toolkit).update_or_create(
            owner=organisations[owner], cluster=clusters[body], defaults={"title": title, "notes": notes}
        )
        toolkit.policies.set([policies[t] for t in policy_titles])
        toolkit.instruments.set([instruments[n] for n in instrument_names])
        toolkits += 1
    log(
        f"policy library: {len(policies)} policies ({ministry.name} and 2 provinces), {len(instruments)} instruments, "
        f"{toolkits} toolkits"
    )
