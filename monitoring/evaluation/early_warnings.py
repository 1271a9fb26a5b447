"""The early warnings (pure): each named rule of the method's catalogue checked on a cluster's data."""

from monitoring.evaluation.inputs import ClusterData, MonitoringData
from monitoring.evaluation.method import indicator_codes_of

# Early warnings (pure) --------------------------------------------------------------------------------------------


def early_warnings(cluster: ClusterData, data: MonitoringData) -> list[dict]:
    rules_config, year = data.config["rules"], data.year
    found = []

    def warn(code, severity=None, **details):
        found.append({"rule": code, "severity": severity or rules_config[code]["severity"], "details": details})

    # An indicator of the method worsening for `years` years running.
    rule = rules_config["indicator_falling"]
    for code in indicator_codes_of(data.config):
        series = cluster.observations.get(code, {})
        higher = data.higher_is_better.get(code, True)
        run, y = 0, year
        while (
            y in series
            and (y - 1) in series
            and ((series[y] < series[y - 1]) if higher else (series[y] > series[y - 1]))
        ):
            run += 1
            y -= 1
        if run >= rule["years"]:
            warn(
                "indicator_falling",
                "serious" if run >= rule["serious_years"] else None,
                indicator=code,
                years=run,
                series={str(y): series[y] for y in range(year - run, year + 1)},
                higher_is_better=higher,
            )

    # Concentration of revenue on the largest enterprise.
    rule = rules_config["concentration"]
    members = cluster.members or {}
    if members.get("revenue_total"):
        share = members["revenue_largest"] / members["revenue_total"]
        hhi = members["revenue_squares"] / members["revenue_total"] ** 2
        if share > rule["largest_share"] or hhi > rule["hhi"]:
            warn(
                "concentration",
                largest_enterprise=cluster.largest_enterprise,
                largest_revenue=members["revenue_largest"],
                revenue_total=members["revenue_total"],
                enterprises=members["enterprises_with_revenue"],
                largest_share=round(share, 4),
                hhi=round(hhi, 4),
            )

    # Local supporting rate falling.
    rule = rules_config["local_supporting_falling"]
    now = before = None
    basis = ""
    if cluster.network and cluster.previous_network:
        now, before = (
            cluster.network.get("local_supporting_rate"),
            cluster.previous_network.get("local_supporting_rate"),
        )
        if now is not None and before is not None:
            now, before, basis = now * 100, before * 100, "network"
    if not basis:
        series = cluster.observations.get("local_supporting_rate", {})
        if year in series and year - 1 in series:
            now, before, basis = series[year], series[year - 1], "indicator"
    if basis and before - now > rule["drop_points"]:
        warn(
            "local_supporting_falling",
            basis=basis,
            previous=round(before, 2),
            current=round(now, 2),
            drop_points=round(before - now, 2),
            analyses=[cluster.previous_network["id"], cluster.network["id"]] if basis == "network" else None,
        )

    # More single points of failure.
    rule = rules_config["single_points_rising"]
    if cluster.network and cluster.previous_network:
        now_points, before_points = (
            cluster.network["articulation_points"],
            cluster.previous_network["articulation_points"],
        )
        if now_points - before_points >= max(rule["increase"], 1):
            warn(
                "single_points_rising",
                previous=before_points,
                current=now_points,
                analyses=[cluster.previous_network["id"], cluster.network["id"]],
            )

    # Empty chain links.
    rule = rules_config["empty_chain_links"]
    # The article's caution against pursuing the entire chain: an empty link warns only where the cluster's
    # approved plan names it as key; other empty links are information (severity "notice").
    if cluster.network and cluster.network.get("empty_links", 0) >= max(rule["links"], 1):
        names = cluster.network.get("empty_names", [])
        key_links = set(cluster.key_links)
        key_empty = [name for name in names if name in key_links]
        warn(
            "empty_chain_links",
            severity=None if len(key_empty) >= max(rule["links"], 1) else "notice",
            empty=cluster.network["empty_links"],
            links=cluster.network.get("chain_links"),
            names=names,
            key_names=key_empty,
            analysis=cluster.network["id"],
        )

    # Stagnation: nobody joined in the evaluated year or the years before it.
    rule = rules_config["stagnation"]
    if members.get("with_joined_year"):
        latest = members.get("latest_joined")
        if latest is None or latest < year - rule["years"]:
            warn("stagnation", latest_joined=latest, since=year - rule["years"], members=members.get("total"))

    # Plan targets off track.
    rule = rules_config["plan_off_track"]
    if cluster.plan:
        off = [t for t in cluster.plan["targets"] if t["status"] == "off_track"]
        if off and len(off) >= max(rule["targets"], 1):
            judged = [t for t in cluster.plan["targets"] if t["status"] != "no_data"]
            warn(
                "plan_off_track",
                "serious" if len(off) * 2 >= len(judged) else None,
                plan=cluster.plan["id"],
                title=cluster.plan["title"],
                off_track=off,
                targets=len(cluster.plan["targets"]),
            )

    # Data not filed on time.
    rule = rules_config["data_late"]
    if data.deadline_passed:
        codes = indicator_codes_of(data.config)
        filed_before = [code for code in codes if any(y < year for y in cluster.observations.get(code, {}))]
        expected = filed_before or codes  # what the cluster files; all of them for one that never filed
        missing = [code for code in expected if year not in cluster.observations.get(code, {})]
        if missing and len(missing) >= max(rule["missing"], 1):
            warn(
                "data_late",
                "serious" if len(missing) * 2 >= len(codes) else None,
                missing=missing,
                deadline=f"{year + 1}-{rule['deadline']}",
            )
    return found
