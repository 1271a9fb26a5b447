"""The demo is plausible: the demo seeded once (tests/builders/demo.py), then its figures checked as an auditor
would — counts whole, no indicator the same across most clusters, members' totals within the cluster's own
figures, named enterprises at their real order of magnitude, and the seed article's facts exact."""

from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django_scopes import scopes_disabled

from clusters.demo import CLUSTERS
from clusters.demo import data as demo_data
from clusters.models import Cluster, Member, MemberYear, Milestone, Observation
from monitoring.models import MonitoringResult
from policies.models import Instrument, InstrumentDisbursement, PlanTarget, Toolkit

COUNT_UNITS = {"家", "件", "个", "人", "项", "场"}


@pytest.fixture
def clusters(demo):
    """The demo's clusters by their promotion body's slug (the demo is seeded once: tests/builders/demo.py)."""
    with scopes_disabled():
        yield {c.promotion_body.slug: c for c in Cluster.objects.select_related("promotion_body")}


def observations(**filters):
    return Observation._base_manager.filter(**filters).select_related("indicator", "cluster__promotion_body")


def test_counts_are_whole_numbers(clusters):
    counts = observations(indicator__unit__in=COUNT_UNITS)
    assert counts.count() > 500
    fractional = [(o.cluster.name, o.indicator.code, o.year, o.value) for o in counts if o.value != int(o.value)]
    assert fractional == []
    baselines = PlanTarget.objects.filter(indicator__unit__in=COUNT_UNITS).values_list("baseline_value", flat=True)
    assert baselines and all(value == int(value) for value in baselines)


def test_no_indicator_is_the_same_across_most_clusters(clusters):
    values = defaultdict(list)
    for code, value in observations(year=2024).values_list("indicator__code", "value"):
        values[code].append(value)
    assert len(values) >= 15
    for code, found in values.items():
        if len(found) < 4:
            continue  # the article's figure of one or two clusters
        most_common, times = Counter(found).most_common(1)[0]
        assert times <= len(found) // 2, f"{code}: {most_common} in {times} of {len(found)} clusters"


def test_no_rounding_step_moves_a_cluster_from_2023_to_2024(clusters):
    # Small values keep four significant digits: energy per output falls by the cluster's own rate, not by a
    # rounding step of 0.01.
    for cluster in clusters.values():
        series = dict(observations(cluster=cluster, indicator__code="energy_per_output").values_list("year", "value"))
        rates = [series[year] / series[year - 1] for year in range(2021, 2025)]
        assert max(rates) - min(rates) < Decimal("0.01"), (cluster.name, series)
    for name in ("深圳市新一代信息通信集群", "杭州市数字安防集群", "南京市新型电力（智能电网）装备集群"):
        results = dict(MonitoringResult.objects.filter(cluster__name=name).values_list("evaluation__year", "overall"))
        assert abs(results[2024] - results[2023]) < 2, (name, results)


def test_monitoring_grades_are_spread(clusters):
    # 2023 covers the ten clusters of the article; the two winners made national in 2024 join in 2024.
    seen = set()
    for year, evaluated in ((2023, 10), (2024, 12)):
        grades = Counter(MonitoringResult.objects.filter(evaluation__year=year).values_list("grade", flat=True))
        assert sum(grades.values()) == evaluated and len(grades) >= 2, (year, grades)
        assert grades["D"] < sum(grades.values()) / 2, (year, grades)
        seen |= set(grades)
    assert len(seen) >= 3, seen


def test_members_totals_are_within_the_clusters_figures(clusters):
    latest = {
        (o.cluster_id, o.indicator.code): o.value
        for o in observations(year=2024, cluster__in=[c.pk for c in clusters.values()])
    }
    totals = (
        Member._base_manager.values("cluster_id")
        .order_by()
        .annotate(
            revenue_sum=Sum("revenue", filter=Q(kind="enterprise")),
            employees_sum=Sum("employees", filter=Q(kind="enterprise")),
            champions=Count("pk", filter=Q(is_single_champion=True)),
            giants=Count("pk", filter=Q(is_little_giant=True)),
            srdi=Count("pk", filter=Q(is_srdi_sme=True)),
            national=Count("pk", filter=Q(kind="innovation_platform", platform_level="national")),
            provincial=Count("pk", filter=Q(kind="innovation_platform", platform_level="provincial")),
            associations=Count("pk", filter=Q(kind="industry_association")),
            above_scale=Count("pk", filter=Q(kind="enterprise", revenue__gte=2000)),
            over_10bn=Count("pk", filter=Q(kind="enterprise", revenue__gt=1_000_000)),
        )
    )
    checked = 0
    for row in totals:
        cluster = row["cluster_id"]
        if (cluster, "revenue") not in latest:
            continue  # not a demo cluster
        figure = latest[(cluster, "revenue")]
        assert row["revenue_sum"] / 10_000 <= figure  # 万元 → 亿元
        assert row["revenue_sum"] / 10_000 >= figure * Decimal("0.75")  # the members hold most of it
        if (cluster, "employment") in latest:
            assert row["employees_sum"] / 10_000 <= latest[(cluster, "employment")]  # people → 万人
        assert row["champions"] == latest[(cluster, "single_champions")]
        assert row["giants"] == latest[(cluster, "little_giants")]
        assert row["national"] == latest[(cluster, "national_innovation_platforms")]
        assert row["provincial"] == latest[(cluster, "provincial_innovation_carriers")]
        assert row["associations"] == latest[(cluster, "associations")]
        assert row["above_scale"] <= latest[(cluster, "above_scale_enterprises")]
        if (cluster, "srdi_smes") in latest:
            assert row["srdi"] == latest[(cluster, "srdi_smes")]
        if (cluster, "enterprises_over_10bn") in latest:
            assert row["over_10bn"] == latest[(cluster, "enterprises_over_10bn")]
        checked += 1
    assert checked == 18


@pytest.mark.parametrize("year", [2023, 2024])
def test_members_figures_of_each_year_are_within_that_years_cluster_figures(clusters, year):
    """The members' figures by year (MemberYear) follow the cluster's own figures back in time, and the data-quality
    check of member totals finds nothing in the demo."""
    from clusters.quality.checks import member_totals_check

    own = {o.cluster_id: o.value for o in observations(year=year, indicator__code="revenue")}
    totals = (
        MemberYear._base_manager.filter(year=year, member__kind="enterprise")
        .values("cluster_id")
        .order_by()
        .annotate(revenue_sum=Sum("revenue"))
    )
    checked = 0
    for row in totals:
        if row["cluster_id"] in own:
            assert own[row["cluster_id"]] * Decimal("0.6") <= row["revenue_sum"] / 10_000 <= own[row["cluster_id"]]
            checked += 1
    assert checked == 18
    assert list(member_totals_check(clusters=list(clusters.values()), year=year)) == []


def test_named_enterprises_earn_their_real_order_of_magnitude(clusters):
    def revenue(name):  # 亿元
        return Member._base_manager.get(name=name, is_leading=True).revenue / 10_000  # 华为 is in two clusters

    assert 150 <= revenue("科大讯飞股份有限公司") <= 250  # 2023: 196.5亿
    assert 400 <= revenue("国电南瑞科技股份有限公司") <= 600  # 2023: 515.7亿
    assert revenue("南京高精齿轮集团有限公司") < revenue("国电南瑞科技股份有限公司")
    assert 600 <= revenue("三一重工股份有限公司") <= 900
    assert 6000 <= revenue("华为技术有限公司") <= 8000
    leaders = Member._base_manager.filter(is_leading=True, cluster__in=[c.pk for c in clusters.values()])
    assert leaders.count() == sum(len(rows) for rows in demo_data.LEADERS.values())
    # Of real enterprises only the published revenue is given; nothing is invented about them.
    assert not leaders.filter(Q(employees__isnull=False) | Q(joined_year__isnull=False) | Q(rd_spend__isnull=False))
    assert not leaders.filter(name__in=["OPPO广东移动通信有限公司", "维沃移动通信有限公司"], revenue__isnull=False)
    # Hefei's largest enterprise no longer makes up most of the cluster.
    hefei = clusters["hefei-voice"]
    enterprises = Member._base_manager.filter(cluster=hefei, kind="enterprise")
    assert revenue("科大讯飞股份有限公司") / (enterprises.aggregate(total=Sum("revenue"))["total"] / 10_000) < Decimal(
        "0.3"
    )
    midea = Member._base_manager.get(name="美的集团股份有限公司")
    assert midea.region_id == "440600"  # Foshan, one of the cluster's three cities


def test_the_articles_facts_are_exact(clusters, client):
    changsha = clusters["changsha-cm"]
    puyuan = Milestone._base_manager.get(cluster=changsha, title__contains="浦沅")
    assert "长沙" in puyuan.title and "湖南" not in puyuan.title and puyuan.year is None
    assert "长沙" in changsha.summary
    # Every year a demo milestone carries is one the article gives.
    years = set(
        Milestone._base_manager.filter(cluster__in=[c.pk for c in clusters.values()]).values_list("year", flat=True)
    )
    assert years == {None, 2003, 2009, 2012, 2018}
    assert set(Milestone._base_manager.filter(cluster=clusters["hefei-voice"]).values_list("year", flat=True)) == {
        2012,
        2018,
        None,
    }
    article_clusters = Cluster._base_manager.filter(name__in=[row[1] for row in CLUSTERS])
    assert article_clusters.count() == 10 and not article_clusters.filter(national_since__isnull=False).exists()

    # Hefei: nearly 2 billion of support across both agreements; the 5-billion fund is a fund's scale, not a
    # government commitment, and no yearly payments are invented.
    support = Instrument._base_manager.get(name="智能语音产业扶持资金")
    fund = Instrument._base_manager.get(name="智能语音及人工智能产业发展基金")
    assert support.amount == Decimal("2000000000") and "近20亿元" in support.currency_note
    assert "2012年、2018年两次协议" in support.currency_note
    assert fund.amount == 0 and "50亿元" in fund.currency_note and "而非政府承诺资金" in fund.currency_note
    assert not InstrumentDisbursement._base_manager.filter(instrument__in=[support, fund]).exists()
    toolkit = Toolkit._base_manager.get(cluster=clusters["hefei-voice"])
    assert sum(i.amount for i in toolkit.instruments.all()) == Decimal("2000000000")
    assert not observations(cluster=clusters["hefei-voice"], indicator__code="policy_support_funds").exists()

    # The layout flags the clusters spanning several cities as cross-region.
    client.force_login(get_user_model().objects.get(username="ministry"))
    body = client.get(reverse("api:layout")).json()
    flagged = {c["name"] for c in body["clusters"] if c["cross_region"]}
    assert flagged == {"广佛惠超高清视频和智能家电集群", "深广高端医疗器械集群"}


def test_shenzhen_has_the_articles_over_50000_enterprises(clusters):
    shenzhen = clusters["shenzhen-ict"]
    assert Member._base_manager.filter(cluster=shenzhen, kind="enterprise").count() > 50_000


def test_the_demo_keeps_a_year_of_deadline_reminders(clusters):
    from django.utils import timezone

    from tenancy.models import Notification, OutgoingMail, Reminder
    from tenancy.scoping import unscoped

    reminders = list(unscoped(Reminder).select_related("mail"))
    assert len(reminders) >= 20
    today = timezone.localdate()
    for reminder in reminders:
        sent = timezone.localtime(reminder.created)
        assert (sent.hour, sent.minute) == (8, 0)
        assert 0 <= (today - sent.date()).days <= 365
        assert sent < reminder.deadline
        if reminder.mail:
            assert reminder.mail.status == OutgoingMail.Status.SENT
            assert reminder.mail.sent_at == reminder.created
    assert {reminder.kind for reminder in reminders} >= {"reminders.observations_missing"}
    assert unscoped(Notification).filter(kind="reminders.observations_missing").count() >= 1
    # A second run of the same moments sends nothing again: test_platform's test of seeding the demo again.
