"""Demo data: organisations and accounts of DESIGN §5 (password `cluster-demo`).

Each app contributes a `demo.py` whose seeders `seed_demo` runs in order.
Seeders are idempotent (keyed on natural keys) and deterministic.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from .invitations.services import membership_invite
from .models import ExpertProfile, IndustryField, Membership, Organisation, Region

DEMO_PASSWORD = "cluster-demo"


@dataclass(order=True)
class Seeder:
    order: int
    name: str
    function: Callable


SEEDERS: list[Seeder] = []


def seeder(order: int):
    def register(function):
        if not any(s.name == function.__module__ + "." + function.__name__ for s in SEEDERS):
            SEEDERS.append(Seeder(order, function.__module__ + "." + function.__name__, function))
        return function

    return register


MINISTRY = ("ministry", "工业和信息化部规划司", "MIIT Department of Planning", None)

PROVINCES = [
    ("hunan", "湖南省工业和信息化厅", "Hunan Department of Industry and Information Technology", "430000"),
    ("jiangsu", "江苏省工业和信息化厅", "Jiangsu Department of Industry and Information Technology", "320000"),
    ("guangdong", "广东省工业和信息化厅", "Guangdong Department of Industry and Information Technology", "440000"),
    ("zhejiang", "浙江省经济和信息化厅", "Zhejiang Department of Economy and Information Technology", "330000"),
    ("anhui", "安徽省经济和信息化厅", "Anhui Department of Economy and Information Technology", "340000"),
]

# Prefecture-level governments under their provinces: (slug, name, English name, region, province).
PREFECTURES = [
    ("nanjing", "南京市工业和信息化局", "Nanjing Bureau of Industry and Information Technology", "320100", "jiangsu"),
    ("hefei", "合肥市经济和信息化局", "Hefei Bureau of Economy and Information Technology", "340100", "anhui"),
    (
        "shenzhen",
        "深圳市工业和信息化局",
        "Shenzhen Bureau of Industry and Information Technology",
        "440300",
        "guangdong",
    ),
    ("changsha", "长沙市工业和信息化局", "Changsha Bureau of Industry and Information Technology", "430100", "hunan"),
]

# Promotion bodies of the clusters named in the seed article: (slug, name, English name, region, province).
PROMOTION_BODIES = [
    (
        "changsha-cm",
        "长沙市工程机械产业集群促进中心",
        "Changsha Construction Machinery Cluster Promotion Centre",
        "430100",
        "hunan",
    ),
    ("wuxi-iot", "无锡市物联网产业集群发展促进会", "Wuxi IoT Cluster Development Association", "320200", "jiangsu"),
    (
        "shenzhen-ict",
        "深圳市新一代信息通信产业集群促进中心",
        "Shenzhen New-Generation ICT Cluster Promotion Centre",
        "440300",
        "guangdong",
    ),
    (
        "nanjing-grid",
        "南京市智能电网产业集群促进中心",
        "Nanjing Smart Grid Cluster Promotion Centre",
        "320100",
        "jiangsu",
    ),
    (
        "dongguan-terminals",
        "东莞市智能移动终端产业集群促进会",
        "Dongguan Smart Mobile Terminal Cluster Association",
        "441900",
        "guangdong",
    ),
    (
        "sz-gz-medical",
        "深广高端医疗器械产业集群促进中心",
        "Shenzhen–Guangzhou High-End Medical Device Cluster Promotion Centre",
        "440300",
        "guangdong",
    ),
    (
        "hangzhou-security",
        "杭州市数字安防产业集群促进中心",
        "Hangzhou Digital Security Cluster Promotion Centre",
        "330100",
        "zhejiang",
    ),
    (
        "wenzhou-electrical",
        "温州乐清电气产业集群促进会",
        "Wenzhou Yueqing Electrical Cluster Association",
        "330382",
        "zhejiang",
    ),
    (
        "gfh-uhd-home",
        "广佛惠超高清视频和智能家电产业集群促进中心",
        "Guangzhou–Foshan–Huizhou UHD Video and Smart Home Appliance Cluster Promotion Centre",
        "440100",
        "guangdong",
    ),
    (
        "hefei-voice",
        "合肥市智能语音产业集群促进中心",
        "Hefei Intelligent Voice Cluster Promotion Centre",
        "340100",
        "anhui",
    ),
]

# Promotion bodies of the demo competition's candidate clusters (provincial tier, synthetic: the seed article names
# none), in the same shape as PROMOTION_BODIES.
CANDIDATE_BODIES = [
    (
        "xiangtan-equipment",
        "湘潭市智能装备集群促进中心",
        "Xiangtan Intelligent Equipment Cluster Centre",
        "430300",
        "hunan",
    ),
    (
        "changzhou-equipment",
        "常州市智能装备集群促进会",
        "Changzhou Intelligent Equipment Cluster Association",
        "320400",
        "jiangsu",
    ),
    ("suzhou-software", "苏州市工业软件集群促进中心", "Suzhou Industrial Software Cluster Centre", "320500", "jiangsu"),
    ("wuhu-sensors", "芜湖市智能传感器集群促进会", "Wuhu Smart Sensor Cluster Association", "340200", "anhui"),
    (
        "taizhou-pharma",
        "台州市化学原料药集群促进会",
        "Taizhou Active Pharmaceutical Ingredients Cluster Association",
        "331000",
        "zhejiang",
    ),
    ("zhuhai-biomed", "珠海市生物医药集群促进中心", "Zhuhai Biomedicine Cluster Centre", "440400", "guangdong"),
    (
        "zhongshan-home",
        "中山市智能家电集群促进会",
        "Zhongshan Smart Home Appliance Cluster Association",
        "442000",
        "guangdong",
    ),
    (
        "ningbo-textiles",
        "宁波市时尚纺织服装集群促进会",
        "Ningbo Fashion Textile and Garment Cluster Association",
        "330200",
        "zhejiang",
    ),
]

# (username, full name, affiliation, region, fields)
EXPERTS = [
    ("expert1", "王建国", "清华大学", "110100", ["high_end_equipment", "ngit"]),
    ("expert2", "李明华", "上海交通大学", "310100", ["ngit", "biomedicine"]),
    ("expert3", "张伟", "东南大学", "320100", ["high_end_equipment", "new_energy_vehicles"]),
    ("expert4", "陈晓燕", "华南理工大学", "440100", ["consumer_goods", "ngit"]),
    ("expert5", "刘洋", "华中科技大学", "420100", ["high_end_equipment", "new_materials"]),
    ("expert6", "赵静", "西安交通大学", "610100", ["biomedicine", "new_materials"]),
]


# Colleagues invited and not yet signed up (username, full name, organisation, role, invited by): the invitations
# page of these organisations shows them pending.
PENDING_INVITATIONS = [
    ("nanjing-grid-analyst", "周敏", "nanjing-grid", Membership.Role.EDITOR, "nanjing-grid"),
    ("changsha-officer", "何磊", "changsha", Membership.Role.VIEWER, "changsha"),
    ("hefei-voice-editor", "孙悦", "hefei-voice", Membership.Role.EDITOR, "hefei-voice"),
]


def demo_user(username, *, full_name=""):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    user.first_name, user.last_name = full_name, ""
    user.email = f"{username}@demo.cluster-platform.cn"
    user.is_active = True
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)  # hashing is slow: only for new accounts
    user.save()
    return user


def demo_organisation(slug, *, kind, name, name_en, region_code, parent=None, user_role=Membership.Role.ADMIN):
    organisation, _created = Organisation.objects.update_or_create(
        slug=slug,
        defaults={"kind": kind, "name": name, "name_en": name_en, "region_id": region_code, "parent": parent},
    )
    user = demo_user(slug)
    Membership.objects.update_or_create(
        user=user, defaults={"organisation": organisation, "role": user_role, "is_active": True}
    )
    return organisation


@seeder(order=10)
def seed_organisations(*, scale=0, log=print):
    slug, name, name_en, region = MINISTRY
    ministry = demo_organisation(slug, kind=Organisation.Kind.NATIONAL, name=name, name_en=name_en, region_code=region)
    provinces = {}
    for slug, name, name_en, region in PROVINCES:
        provinces[slug] = demo_organisation(
            slug, kind=Organisation.Kind.LOCAL, name=name, name_en=name_en, region_code=region, parent=ministry
        )
    for slug, name, name_en, region, province in PREFECTURES:
        demo_organisation(
            slug,
            kind=Organisation.Kind.LOCAL,
            name=name,
            name_en=name_en,
            region_code=region,
            parent=provinces[province],
        )
    for slug, name, name_en, region, province in [*PROMOTION_BODIES, *CANDIDATE_BODIES]:
        demo_organisation(
            slug,
            kind=Organisation.Kind.CLUSTER_BODY,
            name=name,
            name_en=name_en,
            region_code=region,
            parent=provinces[province],
        )
    fields = {field.code: field for field in IndustryField.objects.all()}
    for username, full_name, affiliation, region, field_codes in EXPERTS:
        user = demo_user(username, full_name=full_name)
        profile, _created = ExpertProfile.objects.update_or_create(
            user=user,
            defaults={"affiliation": affiliation, "region": Region.objects.get(pk=region), "is_eligible": True},
        )
        profile.fields.set([fields[code] for code in field_codes])
    log(
        f"organisations: 1 ministry, {len(PROVINCES)} provinces, {len(PREFECTURES)} prefecture governments, "
        f"{len(PROMOTION_BODIES) + len(CANDIDATE_BODIES)} promotion bodies; "
        f"{len(EXPERTS)} experts"
    )


@seeder(order=15)
def seed_invitations(*, scale=0, log=print):
    """A few invitations waiting for their colleagues (sent once; a second run finds the accounts and sends none)."""
    User = get_user_model()
    sent = 0
    for username, full_name, slug, role, by in PENDING_INVITATIONS:
        if User.objects.filter(username=username).exists():
            continue
        membership_invite(
            organisation=Organisation.objects.get(slug=slug),
            username=username,
            email=f"{username}@demo.cluster-platform.cn",
            role=role,
            full_name=full_name,
            invited_by=User.objects.get(username=by),
            language="zh-hans",
        )
        sent += 1
    log(f"invitations: {sent} sent, {len(PENDING_INVITATIONS)} pending in the demo")


REMINDER_HISTORY_DAYS = 365


@seeder(order=95)
def seed_reminder_history(*, scale=0, log=print):
    """The reminder history a year of Beat would have left: the daily reminders run at 08:00 (Asia/Shanghai) of each
    of the last REMINDER_HISTORY_DAYS days, over the demo's deadlines as the data stands (once per person, deadline
    and step, as Beat sends them; a second run adds nothing)."""
    from datetime import datetime, time, timedelta

    from django.db.models import Max
    from django.utils import timezone

    from .mail.models import OutgoingMail
    from .mail.reminders import reminders_send
    from .models import Notification, Reminder
    from .scoping import unscoped

    written = (Reminder, OutgoingMail, Notification)
    before = unscoped(Reminder).count()
    today = timezone.localdate()
    for days in range(REMINDER_HISTORY_DAYS, -1, -1):
        moment = timezone.make_aware(
            datetime.combine(today - timedelta(days=days), time(8, 0)), timezone.get_default_timezone()
        )
        last = {model: unscoped(model).aggregate(last=Max("pk"))["last"] or 0 for model in written}
        if reminders_send(now=moment):
            # Rows carry the morning they were sent on, as Beat and the mail worker would have left them.
            for model in written:
                unscoped(model).filter(pk__gt=last[model]).update(created=moment)
            unscoped(OutgoingMail).filter(pk__gt=last[OutgoingMail]).update(
                status=OutgoingMail.Status.SENT, sent_at=moment, attempts=1
            )
    log(f"reminders: {unscoped(Reminder).count() - before} sent over the last {REMINDER_HISTORY_DAYS} days")
