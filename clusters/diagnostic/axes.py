"""The six axes of the diagnostic, their components and reference ranges, and `diagnose(inputs)`, a pure function."""

from django.utils.translation import gettext_lazy as _

from clusters.diagnostic.results import (
    RECENT_YEARS,
    AxisResult,
    Component,
    ComponentResult,
    DiagnosticInputs,
    Reading,
    Reference,
)

# Readers: each returns a Reading, or None when the input is missing ------------------------------------------------


def _latest(inputs, code):
    series = inputs.observations.get(code) or {}
    if not series:
        return None
    year = max(series)
    return year, float(series[year])


def _indicator_source(inputs, code, year):
    name = inputs.indicator_names.get(code, code)
    return _("indicator “%(name)s” (%(code)s), %(year)d") % {"name": name, "code": code, "year": year}


def indicator(code):
    def read(inputs):
        latest = _latest(inputs, code)
        if latest is None:
            return None
        year, value = latest
        return Reading(value, _indicator_source(inputs, code, year))

    return read


def indicator_or_members(code, attribute, what):
    """The indicator's latest observation; without one, a count of the cluster's member records."""

    def read(inputs):
        latest = _latest(inputs, code)
        if latest is not None:
            year, value = latest
            return Reading(value, _indicator_source(inputs, code, year))
        if inputs.members.total:
            return Reading(float(getattr(inputs.members, attribute)), _("member records: %(what)s") % {"what": what})
        return None

    return read


def members(attribute, what):
    def read(inputs):
        if not inputs.members.total:
            return None
        return Reading(float(getattr(inputs.members, attribute)), _("member records: %(what)s") % {"what": what})

    return read


def milestones(kinds, what):
    def read(inputs):
        if not inputs.milestone_total:
            return None
        count = sum(inputs.milestones.get(kind, 0) for kind in kinds)
        return Reading(float(count), _("formation milestones: %(what)s") % {"what": what})

    return read


def _network_source(network):
    if network.computed:
        return _("network analysis #%(id)s of %(date)s") % {"id": network.analysis_id, "date": network.computed}
    return _("network analysis #%(id)s") % {"id": network.analysis_id}


def network_average_degree(inputs):
    network = inputs.network
    if network is None or not network.nodes or network.edges is None:
        return None
    return Reading(
        2 * network.edges / network.nodes, _network_source(network) + " · 2 × " + _("edges") + " / " + _("nodes")
    )


def network_clustering(inputs):
    network = inputs.network
    if network is None or network.clustering is None:
        return None
    return Reading(network.clustering, _network_source(network))


def local_supporting_rate(inputs):
    network = inputs.network
    if network is not None and network.local_supporting_rate is not None:
        return Reading(100 * network.local_supporting_rate, _network_source(network))
    return indicator("local_supporting_rate")(inputs)


def chain_link_coverage(inputs):
    if inputs.chain_links:
        return Reading(
            100 * inputs.chain_links_covered / inputs.chain_links,
            _("chain links with members: %(covered)d of %(total)d")
            % {"covered": inputs.chain_links_covered, "total": inputs.chain_links},
        )
    return indicator("chain_link_coverage")(inputs)


def new_members_share(inputs):
    counts = inputs.members
    if not counts.with_joined_year:
        return None
    first = inputs.reference_year - RECENT_YEARS + 1
    return Reading(
        100 * counts.joined_recently / counts.with_joined_year,
        _("member records: %(recent)d of %(known)d joined in %(first)d–%(last)d")
        % {
            "recent": counts.joined_recently,
            "known": counts.with_joined_year,
            "first": first,
            "last": inputs.reference_year,
        },
    )


def revenue_growth(inputs):
    """Compound annual growth of revenue over the last five observed years."""
    series = inputs.observations.get("revenue") or {}
    years = sorted(series)[-RECENT_YEARS:]
    if len(years) < 2 or float(series[years[0]]) <= 0:
        return None
    first, last = years[0], years[-1]
    growth = (float(series[last]) / float(series[first])) ** (1 / (last - first)) - 1
    return Reading(
        100 * growth,
        _("indicator “%(name)s” (revenue), %(first)d–%(last)d, compound annual growth")
        % {"name": inputs.indicator_names.get("revenue", "revenue"), "first": first, "last": last},
    )


def knowledge_share(inputs):
    if not inputs.collaborations:
        return None
    return Reading(
        100 * inputs.knowledge_collaborations / inputs.collaborations,
        _("collaborations: %(knowledge)d of %(total)d are R&D cooperation, technology licensing or talent flow")
        % {"knowledge": inputs.knowledge_collaborations, "total": inputs.collaborations},
    )


def years_since_first(kinds, what):
    def read(inputs):
        years = [inputs.milestone_first_years[kind] for kind in kinds if kind in inputs.milestone_first_years]
        if not years:
            return None
        first = min(years)
        return Reading(
            float(max(0, inputs.reference_year - first)),
            _("formation milestones: first %(what)s in %(year)d") % {"what": what, "year": first},
        )

    return read


ALL_MILESTONE_KINDS = ("trigger_event", "relocation", "policy", "leading_enterprise", "transformation")


# The six axes ------------------------------------------------------------------------------------------------------

AXES = [
    (
        "resource_endowment",
        _("Resource endowment and trigger events"),
        _("Resource endowment effects and significant events are the starting point of a cluster."),
        [
            Component(
                "revenue",
                _("Revenue"),
                "亿元",
                Reference(100, 10000, log=True),
                indicator("revenue"),
                _("no revenue observed"),
            ),
            Component(
                "above_scale_enterprises",
                _("Industrial enterprises above designated size"),
                "",
                Reference(10, 1000, log=True),
                indicator("above_scale_enterprises"),
                _("no observation"),
            ),
            Component(
                "trigger_events",
                _("Trigger events and relocations"),
                "",
                Reference(0, 3),
                milestones(("trigger_event", "relocation"), _("trigger events and relocations")),
                _("no milestones recorded"),
            ),
            Component(
                "leading_enterprises",
                _("Leading enterprises"),
                "",
                Reference(0, 10),
                members("leading", _("leading enterprises")),
                _("no members recorded"),
            ),
        ],
    ),
    (
        "division_of_labour",
        _("Division of labour and cooperative competition"),
        _("Specialised division of labour and cooperative competition along the industrial chain."),
        [
            Component(
                "average_degree",
                _("Average collaborations per member"),
                "",
                Reference(0, 8),
                network_average_degree,
                _("no network analysis"),
            ),
            Component(
                "clustering",
                _("Clustering coefficient"),
                "",
                Reference(0, 0.5),
                network_clustering,
                _("no network analysis"),
            ),
            Component(
                "local_supporting_rate",
                _("Local supporting rate"),
                "%",
                Reference(30, 90),
                local_supporting_rate,
                _("no network analysis and no observation"),
            ),
            Component(
                "chain_link_coverage",
                _("Industrial-chain link coverage"),
                "%",
                Reference(50, 100),
                chain_link_coverage,
                _("no chain links and no observation"),
            ),
        ],
    ),
    (
        "derivative_expansion",
        _("Derivative expansion and self-renewal"),
        _("New enterprises and industries extend and renew the cluster."),
        [
            Component(
                "new_members_share",
                _("Members that joined in the last five years"),
                "%",
                Reference(0, 30),
                new_members_share,
                _("no member has a year joined"),
            ),
            Component(
                "revenue_growth",
                _("Revenue growth per year"),
                "%",
                Reference(0, 15),
                revenue_growth,
                _("fewer than two years of revenue"),
            ),
            Component(
                "srdi_smes",
                _("SRDI SMEs"),
                "",
                Reference(10, 1000, log=True),
                indicator_or_members("srdi_smes", "srdi_smes", _("SRDI SMEs and little giants")),
                _("no observation and no members recorded"),
            ),
            Component(
                "transformations",
                _("Transformations"),
                "",
                Reference(0, 2),
                milestones(("transformation",), _("transformations")),
                _("no milestones recorded"),
            ),
        ],
    ),
    (
        "technology_diffusion",
        _("Technology diffusion"),
        _("Knowledge spills over and technology diffuses between enterprises and research institutions."),
        [
            Component(
                "rd_intensity", _("R&D intensity"), "%", Reference(1, 5), indicator("rd_intensity"), _("no observation")
            ),
            Component(
                "invention_patents",
                _("Invention patents granted"),
                "",
                Reference(100, 10000, log=True),
                indicator("invention_patents"),
                _("no observation"),
            ),
            Component(
                "national_platforms",
                _("National-level innovation platforms"),
                "",
                Reference(0, 40),
                indicator_or_members(
                    "national_innovation_platforms", "national_platforms", _("national innovation platforms")
                ),
                _("no observation and no members recorded"),
            ),
            Component(
                "knowledge_share",
                _("Knowledge-carrying collaborations"),
                "%",
                Reference(0, 30),
                knowledge_share,
                _("no collaborations recorded"),
            ),
        ],
    ),
    (
        "policy_guidance",
        _("Policy guidance"),
        _("Government guidance and special policies put the cluster on the fast lane."),
        [
            Component(
                "policies",
                _("Policy milestones"),
                "",
                Reference(0, 5),
                milestones(("policy",), _("policies")),
                _("no milestones recorded"),
            ),
            Component(
                "policy_continuity",
                _("Years of policy support"),
                "",
                Reference(0, 20),
                years_since_first(("policy",), _("policy")),
                _("no policy milestone"),
            ),
            Component(
                "policy_support_funds",
                _("Dedicated cluster support funds"),
                "亿元",
                Reference(1, 100, log=True),
                indicator("policy_support_funds"),
                _("no observation"),
            ),
        ],
    ),
    (
        "institutional_culture",
        _("Institutional culture"),
        _("Associations, alliances and a shared culture root the cluster in its region."),
        [
            Component(
                "associations",
                _("Industry associations and alliances"),
                "",
                Reference(0, 10),
                indicator_or_members("associations", "associations", _("industry associations")),
                _("no observation and no members recorded"),
            ),
            Component(
                "promotion_staff",
                _("Full-time staff of the promotion body"),
                "",
                Reference(0, 30),
                indicator("promotion_staff"),
                _("no observation"),
            ),
            Component(
                "standards_set",
                _("Standards set"),
                "",
                Reference(0, 100),
                indicator("standards_set"),
                _("no observation"),
            ),
            Component(
                "service_institutions",
                _("Service institutions"),
                "",
                Reference(0, 50),
                indicator_or_members(
                    "service_institutions", "service_institutions", _("service and financial institutions")
                ),
                _("no observation and no members recorded"),
            ),
            Component(
                "cluster_age",
                _("Years since the first milestone"),
                "",
                Reference(0, 40),
                years_since_first(ALL_MILESTONE_KINDS, _("milestone")),
                _("no milestone with a year recorded"),
            ),
        ],
    ),
]


def diagnose(inputs: DiagnosticInputs) -> list[AxisResult]:
    """The six axes, each with its components, their inputs and scores (None: no data)."""
    results = []
    for key, label, mechanism, components in AXES:
        component_results = []
        for component in components:
            reading = component.read(inputs)
            if reading is None:
                component_results.append(
                    ComponentResult(
                        component.key,
                        component.label,
                        component.unit,
                        component.reference,
                        None,
                        component.missing,
                        None,
                    )
                )
            else:
                component_results.append(
                    ComponentResult(
                        component.key,
                        component.label,
                        component.unit,
                        component.reference,
                        reading.value,
                        reading.source,
                        component.reference.score(reading.value),
                    )
                )
        scores = [c.score for c in component_results if c.score is not None]
        score = round(sum(scores) / len(scores), 1) if scores else None
        results.append(AxisResult(key, label, mechanism, component_results, score))
    return results
