"""Demo: one enterprise in two clusters. Huawei Technologies (华为技术有限公司, Shenzhen) is a leading member of the
Shenzhen ICT cluster; the seed article says the Dongguan smart mobile terminals cluster seized the smartphone race
"by introducing Huawei's R&D and manufacturing base", so the Dongguan cluster counts the same legal entity (the
same credit code) among its members too: registered in Shenzhen, hence outside Dongguan's region, and not the
cluster's leading-enterprise record (that is 华为终端有限公司, registered in Dongguan). Its own figures stay empty:
the group's revenue is Shenzhen's record, and counting it twice would double the totals."""

from clusters.members.demo import member_years_from_figures
from clusters.models import ChainLink, Cluster, Member
from tenancy.demo import seeder

HUAWEI = "华为技术有限公司"
# (the cluster it is a leading member of, the other cluster, the other cluster's chain links it works in: the
# "R&D and manufacturing base" is solution design and complete-machine manufacturing)
LINKS = [
    ("深圳市新一代信息通信集群", "东莞市智能移动终端集群", ("方案设计", "整机制造")),
]


@seeder(order=35)  # after the clusters' members (30), before the observations and the competition
def seed_enterprises_in_several_clusters(*, scale=0, log=print):
    added = 0
    for home_name, other_name, link_names in LINKS:
        home = Member.objects.filter(cluster__name=home_name, name=HUAWEI).first()
        other = Cluster.objects.filter(name=other_name).first()
        if home is None or other is None or not home.credit_code:
            continue
        member, created = Member.objects.get_or_create(
            cluster=other,
            credit_code=home.credit_code,
            defaults={
                "kind": Member.Kind.ENTERPRISE,
                "name": home.name,
                "name_en": home.name_en,
                "size_class": Member.SizeClass.LARGE,
                "region_id": home.region_id,
                "is_local": False,
            },
        )
        if created:
            member.chain_links.add(*ChainLink.objects.filter(cluster=other, name__in=link_names))
            member_years_from_figures(members=Member.objects.filter(pk=member.pk), log=None)
            added += 1
    if log:
        log(f"enterprises in several clusters: {HUAWEI} in {len(LINKS) + 1} clusters ({added} member added)")
