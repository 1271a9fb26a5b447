"""Demo partner posts between the demo clusters, from the article's facts: Dongguan's terminal makers need chips and
RF components, Shenzhen's ICT cluster offers 5G modules, Hefei offers speech modules, Changsha's construction
machinery needs hydraulics, Wenzhou offers low-voltage apparatus. Dongguan's interest in Shenzhen's 5G modules is
accepted (contacts exchanged), its interest in Hefei's speech modules awaits Hefei's answer, and a Nanjing post is
closed with its outcome; Wuxi keeps a draft.

Posts are written through the services as the bodies' demo accounts, so notifications and history are those the
pages produce. Expiry dates are counted in days from the day of seeding (an open post must expire within a year of
its opening, so no fixed calendar date can stay open); seeding again finds each post by its cluster and title and
changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from clusters.models import ChainCategory, Cluster
from exchange.posts import services
from exchange.posts.models import Follow, Interest, Post
from tenancy.demo import seeder
from tenancy.models import Region
from tenancy.scoping import unscoped

# (body slug, direction, kind, title, description, category words, region, days to expiry, final state)
POSTS = [
    (
        "dongguan-terminals",
        "need",
        "supply",
        "5G射频前端与基带芯片稳定供应",
        "东莞智能移动终端集群年产智能手机逾3亿部，整机企业对5G射频前端模组、基带芯片和电源管理芯片需求大、"
        "本地配套率低。寻求芯片设计与封测企业建立长期供货与联合备货机制，优先考虑珠三角及长三角集群。",
        ("芯片", "元器件"),
        "441900",
        150,
        "open",
    ),
    (
        "shenzhen-ict",
        "offer",
        "technology",
        "5G通信模组与行业定制方案",
        "深圳新一代信息通信集群可提供5G通信模组、RedCap轻量化模组及面向智能终端、工业互联网的行业定制方案，"
        "支持联合调测与小批量试产，欢迎终端整机集群对接。",
        ("通信", "模组"),
        "440300",
        200,
        "open",
    ),
    (
        "hefei-voice",
        "offer",
        "technology",
        "智能语音识别与合成模组授权",
        "合肥智能语音集群依托中国声谷，可提供离线与在线语音识别、语音合成、声纹识别模组及开发套件，"
        "支持整机厂商按量授权与联合适配，面向智能终端、智能家居和汽车座舱。",
        ("语音", "软件"),
        "340100",
        180,
        "open",
    ),
    (
        "changsha-cm",
        "need",
        "supply",
        "高压液压泵阀与液压系统配套",
        "长沙工程机械集群主机企业对高压柱塞泵、多路阀和液压系统的需求持续增长，核心液压件仍依赖进口。"
        "寻求液压件研发制造企业开展国产化联合攻关和配套供货。",
        ("液压", "零部件"),
        "430100",
        120,
        "open",
    ),
    (
        "wenzhou-electrical",
        "offer",
        "supply",
        "低压电器成套与智能配电元件",
        "温州乐清电气集群可批量供应断路器、接触器、继电器等低压电器及智能配电元件，具备成套设计能力，"
        "面向智能电网、新能源和建筑配电领域的集群开放配套合作。",
        ("低压", "电器"),
        "330382",
        240,
        "open",
    ),
    (
        "nanjing-grid",
        "need",
        "capacity",
        "电力电子器件可靠性测试验证能力",
        "南京智能电网集群需要第三方电力电子器件（IGBT 模块、电力电容）可靠性测试与验证能力，"
        "用于柔性直流输电装备的国产化验证。",
        ("电力电子", "器件"),
        "320100",
        90,
        "closed",
    ),
    (
        "wuxi-iot",
        "need",
        "technology",
        "物联网感知终端低功耗联合测试",
        "无锡物联网集群拟与终端集群共建低功耗物联网感知终端联合测试环境（草稿，待完善后发布）。",
        ("感知", "传感"),
        "320200",
        100,
        "draft",
    ),
]

# (follower body, followed cluster's body)
FOLLOWS = [("dongguan-terminals", "shenzhen-ict"), ("nanjing-grid", "wenzhou-electrical")]

CONTACTS = {
    "dongguan-terminals": ("李经理（演示）", "0769-0000-0001", "partner@dongguan-terminals.example.cn"),
    "shenzhen-ict": ("王主任（演示）", "0755-0000-0002", "partner@shenzhen-ict.example.cn"),
}


def _category(cluster, words):
    """The first category of the cluster's field whose name holds one of the words (the taxonomy is filled by the
    matching concept; without it a post has no category)."""
    categories = ChainCategory.objects.filter(field_id=cluster.field_id).order_by("position", "code")
    for word in words:
        for category in categories:
            if word in category.name:
                return category
    return None


@seeder(order=90)
def seed_posts(*, scale=0, log=print):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=[p[0] for p in POSTS])}
    clusters = {c.promotion_body.slug: c for c in unscoped(Cluster).select_related("promotion_body")}
    if not all(slug in users and slug in clusters for slug, *_rest in POSTS):
        log("partner posts: demo bodies missing, skipped")
        return
    for follower, followed in FOLLOWS:
        Follow.objects.get_or_create(organisation=clusters[follower].promotion_body, cluster=clusters[followed])
    today = timezone.localdate()
    made = {}
    created = 0
    for slug, direction, kind, title, description, words, region, days, state in POSTS:
        cluster = clusters[slug]
        post = Post.objects.filter(cluster=cluster, title=title).first()
        if post is None:
            post = services.post_create(
                by=users[slug],
                cluster=cluster,
                direction=direction,
                kind=kind,
                title=title,
                description=description,
                category=_category(cluster, words),
                region=Region.objects.get(code=region),
                expires_on=today + datetime.timedelta(days=days),
            )
            if state in ("open", "closed"):
                post = services.post_open(post=post, by=users[slug])
            if state == "closed":
                post = services.post_close(
                    post=post,
                    by=users[slug],
                    outcome=Post.Outcome.PARTNER_FOUND,
                    note="经集群间对接，已与南京本地检测机构及合作高校共建联合测试平台。（演示数据）",
                )
            created += 1
        made[slug] = post
    _seed_interests(made, users, clusters)
    log(f"partner posts: {created} written, {Post.objects.count()} in all, {Interest.objects.count()} interests")


def _seed_interests(made, users, clusters):
    dongguan = users.get("dongguan-terminals")
    if dongguan is None:
        return
    shenzhen_post, hefei_post = made["shenzhen-ict"], made["hefei-voice"]
    name, phone, email = CONTACTS["dongguan-terminals"]
    if not Interest.objects.filter(post=shenzhen_post, organisation=clusters["dongguan-terminals"].promotion_body):
        interest = services.interest_express(
            post=shenzhen_post,
            by=dongguan,
            message="东莞整机企业计划在中高端机型导入5G RedCap 模组，希望对接模组供应与联合调测。",
            contact_name=name,
            contact_phone=phone,
            contact_email=email,
        )
        own_name, own_phone, own_email = CONTACTS["shenzhen-ict"]
        services.interest_accept(
            interest=interest,
            by=users["shenzhen-ict"],
            contact_name=own_name,
            contact_phone=own_phone,
            contact_email=own_email,
            note="欢迎对接，可安排样品和联合调测。",
        )
    if not Interest.objects.filter(post=hefei_post, organisation=clusters["dongguan-terminals"].promotion_body):
        services.interest_express(
            post=hefei_post,
            by=dongguan,
            message="东莞终端企业希望在新机型中集成离线语音唤醒与识别，想了解授权方式和适配周期。",
            contact_name=name,
            contact_phone=phone,
            contact_email=email,
        )
