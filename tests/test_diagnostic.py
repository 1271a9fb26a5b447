"""The six-mechanism diagnostic: scores worked out by hand on small inputs, then read from the database."""

import math

import pytest
from django.urls import reverse

from clusters.diagnostic.axes import AXES, diagnose
from clusters.diagnostic.results import DiagnosticInputs, MemberCounts, NetworkFigures, Reference
from clusters.diagnostic.selectors import diagnostic_inputs
from clusters.models import ChainLink, Collaboration, Member, Milestone, NetworkAnalysis

from .factories import ObservationFactory, indicator


def by_key(axes):
    return {axis.key: axis for axis in axes}


def components(axis):
    return {c.key: c for c in axis.components}


# Reference ranges ---------------------------------------------------------------------------------------------------


def test_linear_reference_maps_low_to_0_and_high_to_100_and_clips():
    reference = Reference(30, 90)
    assert reference.score(30) == 0.0
    assert reference.score(60) == 50.0
    assert reference.score(90) == 100.0
    assert reference.score(10) == 0.0
    assert reference.score(120) == 100.0


def test_log_reference_scores_orders_of_magnitude():
    reference = Reference(100, 10000, log=True)
    assert reference.score(100) == 0.0
    assert reference.score(1000) == 50.0
    assert reference.score(10000) == 100.0
    assert reference.score(0) == 0.0  # log of nothing: the bottom, not an error
    assert reference.score(1210) == round(100 * (math.log10(1210) - 2) / 2, 1) == 54.1


def test_six_axes_in_the_order_of_the_seed_article():
    assert [key for key, *_ in AXES] == [
        "resource_endowment",
        "division_of_labour",
        "derivative_expansion",
        "technology_diffusion",
        "policy_guidance",
        "institutional_culture",
    ]


# Worked by hand -----------------------------------------------------------------------------------------------------

HAND_MADE = DiagnosticInputs(
    reference_year=2024,
    observations={
        "revenue": {2020: 1000, 2022: 1155.625},  # +7.5 % a year
        "above_scale_enterprises": {2021: 50, 2022: 100},
        "rd_intensity": {2022: 3},
        "invention_patents": {2022: 1000},
        "policy_support_funds": {2022: 10},
        "promotion_staff": {2022: 15},
        "standards_set": {2022: 20},
        "local_supporting_rate": {2022: 80},  # the network's figure wins
    },
    network=NetworkFigures(analysis_id=7, nodes=100, edges=200, clustering=0.25, local_supporting_rate=0.6),
    members=MemberCounts(
        total=50,
        leading=5,
        little_giants=2,
        srdi_smes=100,
        national_platforms=4,
        associations=3,
        service_institutions=5,
        with_joined_year=40,
        joined_recently=6,
    ),
    milestones={"trigger_event": 2, "relocation": 1, "policy": 2, "transformation": 2},
    milestone_first_years={"trigger_event": 1985, "relocation": 1990, "policy": 2003, "transformation": 2010},
    collaborations=200,
    knowledge_collaborations=30,
    chain_links=9,
    chain_links_covered=6,
)


def test_resource_endowment_by_hand():
    axis = by_key(diagnose(HAND_MADE))["resource_endowment"]
    parts = components(axis)
    assert parts["revenue"].value == 1155.625
    assert parts["revenue"].score == 53.1  # 100 × (log₁₀ 1155.625 − 2) / 2
    assert parts["above_scale_enterprises"].value == 100  # the latest year, 2022
    assert parts["above_scale_enterprises"].score == 50.0  # 100 × (2 − 1) / 2
    assert parts["trigger_events"].value == 3  # two trigger events and one relocation
    assert parts["trigger_events"].score == 100.0
    assert parts["leading_enterprises"].score == 50.0  # 5 of 10
    assert axis.score == pytest.approx((53.1 + 50 + 100 + 50) / 4, abs=0.05)  # 63.3


def test_division_of_labour_by_hand():
    axis = by_key(diagnose(HAND_MADE))["division_of_labour"]
    parts = components(axis)
    assert parts["average_degree"].value == 4.0  # 2 × 200 / 100
    assert parts["average_degree"].score == 50.0
    assert parts["clustering"].score == 50.0  # 0.25 of 0.5
    assert parts["local_supporting_rate"].value == 60.0  # the network analysis, not the observed 80 %
    assert "7" in parts["local_supporting_rate"].source  # names run #7, in either language
    assert parts["local_supporting_rate"].score == 50.0  # (60 − 30) / (90 − 30)
    assert parts["chain_link_coverage"].value == pytest.approx(200 / 3)  # 6 of 9 links
    assert parts["chain_link_coverage"].score == 33.3
    assert axis.score == pytest.approx((50 + 50 + 50 + 33.3) / 4, abs=0.05)  # 45.8


def test_derivative_expansion_by_hand():
    axis = by_key(diagnose(HAND_MADE))["derivative_expansion"]
    parts = components(axis)
    assert parts["new_members_share"].value == 15.0  # 6 of 40 joined 2020–2024
    assert parts["new_members_share"].score == 50.0
    assert parts["revenue_growth"].value == pytest.approx(7.5)  # (1155.625 / 1000)^(1/2) − 1
    assert parts["revenue_growth"].score == 50.0
    assert parts["srdi_smes"].value == 100  # no observation: the member records
    assert parts["srdi_smes"].score == 50.0
    assert parts["transformations"].score == 100.0
    assert axis.score == 62.5


def test_technology_diffusion_by_hand():
    axis = by_key(diagnose(HAND_MADE))["technology_diffusion"]
    parts = components(axis)
    assert [parts[k].score for k in ("rd_intensity", "invention_patents", "national_platforms", "knowledge_share")] == [
        50.0,  # (3 − 1) / (5 − 1)
        50.0,  # log: 1000 between 100 and 10000
        10.0,  # 4 national platforms among the members, of 40
        50.0,  # 30 of 200 collaborations carry knowledge: 15 % of 30 %
    ]
    assert axis.score == 40.0


def test_policy_guidance_by_hand():
    axis = by_key(diagnose(HAND_MADE))["policy_guidance"]
    parts = components(axis)
    assert parts["policies"].score == 40.0  # 2 of 5
    assert parts["policy_continuity"].value == 21  # 2024 − 2003
    assert parts["policy_continuity"].score == 100.0  # clipped at 20 years
    assert parts["policy_support_funds"].score == 50.0  # log: 10 between 1 and 100
    assert axis.score == pytest.approx(190 / 3, abs=0.05)  # 63.3


def test_institutional_culture_by_hand():
    axis = by_key(diagnose(HAND_MADE))["institutional_culture"]
    parts = components(axis)
    assert parts["associations"].score == 30.0  # 3 associations among the members, of 10
    assert parts["promotion_staff"].score == 50.0
    assert parts["standards_set"].score == 20.0
    assert parts["service_institutions"].score == 10.0
    assert parts["cluster_age"].value == 39  # 2024 − 1985, the first milestone
    assert parts["cluster_age"].score == 97.5
    assert axis.score == 41.5


def test_no_inputs_is_no_data_on_every_axis_never_zero():
    axes = diagnose(DiagnosticInputs(reference_year=2024))
    assert [axis.score for axis in axes] == [None] * 6
    for axis in axes:
        assert axis.coverage == (0, len(axis.components))
        assert all(c.value is None and c.score is None and c.source for c in axis.components)


def test_missing_inputs_are_left_out_of_the_mean():
    axes = by_key(diagnose(DiagnosticInputs(reference_year=2024, observations={"rd_intensity": {2023: 5}})))
    technology = axes["technology_diffusion"]
    assert technology.score == 100.0  # the one input with data, not (100 + 0 + 0 + 0) / 4
    assert technology.coverage == (1, 4)
    assert axes["policy_guidance"].score is None


def test_an_observed_indicator_wins_over_member_counts():
    inputs = DiagnosticInputs(
        reference_year=2024, observations={"srdi_smes": {2023: 1000}}, members=MemberCounts(total=3, srdi_smes=1)
    )
    part = components(by_key(diagnose(inputs))["derivative_expansion"])["srdi_smes"]
    assert (part.value, part.score) == (1000, 100.0)
    assert "srdi_smes" in part.source


def test_the_observed_local_supporting_rate_serves_without_a_network_analysis():
    inputs = DiagnosticInputs(reference_year=2024, observations={"local_supporting_rate": {2023: 84}})
    part = components(by_key(diagnose(inputs))["division_of_labour"])["local_supporting_rate"]
    assert (part.value, part.score) == (84, 90.0)  # (84 − 30) / 60


# From the database --------------------------------------------------------------------------------------------------


def build_cluster_data(cluster):
    ObservationFactory(cluster=cluster, indicator=indicator("revenue"), year=2022, value="1000")
    ObservationFactory(cluster=cluster, indicator=indicator("revenue"), year=2024, value="1210")
    ObservationFactory(cluster=cluster, indicator=indicator("rd_intensity"), year=2024, value="3")
    members = [
        Member.objects.create(cluster=cluster, name="国电南瑞", is_leading=True, joined_year=2001),
        Member.objects.create(cluster=cluster, name="小巨人甲", is_little_giant=True, joined_year=2022),
        Member.objects.create(cluster=cluster, name="专精特新乙", is_srdi_sme=True),
        Member.objects.create(cluster=cluster, name="电力行业协会", kind=Member.Kind.INDUSTRY_ASSOCIATION),
        Member.objects.create(
            cluster=cluster, name="国家平台", kind=Member.Kind.INNOVATION_PLATFORM, platform_level="national"
        ),
    ]
    generation = ChainLink.objects.create(cluster=cluster, name="发电", segment="upstream", position=1)
    ChainLink.objects.create(cluster=cluster, name="调度", segment="midstream", position=2)
    members[0].chain_links.add(generation)
    Collaboration.objects.create(cluster=cluster, source=members[1], target=members[0], kind="supply")
    Collaboration.objects.create(cluster=cluster, source=members[4], target=members[0], kind="rd")
    Milestone.objects.create(cluster=cluster, year=1998, kind="trigger_event", title="南瑞迁宁")
    Milestone.objects.create(cluster=cluster, year=2003, kind="policy", title="江苏集群意见")
    Milestone.objects.create(cluster=cluster, year=2018, kind="policy", title="先进制造业集群指导意见")
    NetworkAnalysis.objects.create(cluster=cluster, status="failed", nodes=1, edges=0)
    return NetworkAnalysis.objects.create(
        cluster=cluster, status="succeeded", nodes=5, edges=2, density=0.2, clustering=0.0, local_supporting_rate=0.85
    )


def test_inputs_are_read_from_the_cluster_records(world):
    analysis = build_cluster_data(world.nanjing_cluster)
    build_cluster_data(world.wuxi_cluster)  # another cluster's records never count
    inputs = diagnostic_inputs(cluster=world.nanjing_cluster, reference_year=2024)
    assert inputs.observations == {"revenue": {2022: 1000.0, 2024: 1210.0}, "rd_intensity": {2024: 3.0}}
    assert inputs.network.analysis_id == analysis.pk  # the succeeded one, not the failed
    assert inputs.network.local_supporting_rate == 0.85
    assert inputs.members == MemberCounts(
        total=5,
        leading=1,
        little_giants=1,
        srdi_smes=2,
        national_platforms=1,
        associations=1,
        service_institutions=0,
        with_joined_year=2,
        joined_recently=1,
    )
    assert inputs.milestones == {"trigger_event": 1, "policy": 2}
    assert inputs.milestone_first_years == {"trigger_event": 1998, "policy": 2003}
    assert (inputs.collaborations, inputs.knowledge_collaborations) == (2, 1)
    assert (inputs.chain_links, inputs.chain_links_covered) == (2, 1)
    revenue_growth = components(by_key(diagnose(inputs))["derivative_expansion"])["revenue_growth"]
    assert revenue_growth.value == pytest.approx(10.0)  # 1000 → 1210 in two years


def test_api_gives_the_same_scores_to_everyone_who_sees_the_cluster(world, client_for):
    build_cluster_data(world.nanjing_cluster)
    url = reverse("api:diagnostic-detail", args=[world.nanjing_cluster.pk])
    bodies = [client_for(world.user(role)).get(url).json() for role in ("ministry", "jiangsu", "nanjing_viewer")]
    assert bodies[0] == bodies[1] == bodies[2]
    axes = {axis["key"]: axis for axis in bodies[0]["axes"]}
    assert len(axes) == 6
    local = {c["key"]: c for c in axes["division_of_labour"]["components"]}["local_supporting_rate"]
    assert local["value"] == pytest.approx(85.0)
    assert local["score"] == pytest.approx(91.7)  # (85 − 30) / 60
    assert local["reference_low"] == 30 and local["reference_high"] == 90
    assert local["reference_scale"] == "linear"
    promotion = {c["key"]: c for c in axes["institutional_culture"]["components"]}["promotion_staff"]
    assert promotion["score"] is None and promotion["value"] is None


def test_diagnostic_page_says_how_and_shows_no_data_honestly(world, page_client_for):
    build_cluster_data(world.nanjing_cluster)
    client = page_client_for(world.nanjing_viewer)
    client.cookies.load({"django_language": "en"})
    page = client.get(reverse("cluster-diagnostic", args=[world.nanjing_cluster.pk])).content.decode()
    assert 'id="radar-chart"' in page and "vendor/echarts/echarts.min" in page
    assert "Division of labour and cooperative competition" in page
    assert "100 × (x − 30) / (90 − 30), clipped to 0–100" in page  # the formula of the local supporting rate
    assert "85" in page and "91.7" in page
    assert "no data" in page  # e.g. no promotion staff observed
    empty = client.get(reverse("cluster-diagnostic", args=[world.provincial_cluster.pk]))
    assert empty.status_code == 200
    assert empty.content.decode().count("(no data)") == 6  # every radar axis is marked
