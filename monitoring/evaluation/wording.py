"""Words for people: why a warning was raised, with its figures, as the pages and the reports say it."""

from django.utils.translation import gettext

# Words for people ----------------------------------------------------------------------------------------------------


def number(value) -> str:
    """A figure for reading: thousands separated, at most four significant digits below 1,000."""
    if value is None:
        return "—"
    value = float(value)
    if abs(value) >= 1000:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.4g}"


def indicator_names(codes) -> dict:
    """Indicator codes → their names in the active language, for sentences that list indicators."""
    from clusters.models import Indicator

    return {indicator.code: indicator.display_name for indicator in Indicator.objects.filter(code__in=list(codes))}


def why(code, d) -> str:
    """The figures that triggered a warning, in one sentence; indicators by their names, never their codes."""
    if code == "indicator_falling":
        series = " → ".join(f"{year}: {number(value)}" for year, value in d["series"].items())
        return gettext("%(indicator)s worsened %(years)d years running (%(series)s).") % {
            "indicator": d.get("indicator_name", d["indicator"]),
            "years": d["years"],
            "series": series,
        }
    if code == "concentration":
        return gettext(
            "%(name)s has %(share).1f %% of the revenue of %(count)d enterprises (%(largest)s of %(total)s, 10k CNY); "
            "revenue HHI %(hhi).3f."
        ) % {
            "name": d["largest_enterprise"],
            "share": d["largest_share"] * 100,
            "count": d["enterprises"],
            "largest": number(d["largest_revenue"]),
            "total": number(d["revenue_total"]),
            "hhi": d["hhi"],
        }
    if code == "local_supporting_falling":
        return gettext(
            "Local supporting rate %(previous)s %% → %(current)s %% (−%(drop)s points, from the %(basis)s)."
        ) % {
            "previous": number(d["previous"]),
            "current": number(d["current"]),
            "drop": number(d["drop_points"]),
            "basis": gettext("network analyses") if d["basis"] == "network" else gettext("indicator"),
        }
    if code == "single_points_rising":
        return gettext("Single points of failure: %(previous)d → %(current)d.") % d
    if code == "empty_chain_links":
        return gettext("%(empty)d of %(links)d chain links have no member: %(names)s.") % {
            **d,
            "names": "、".join(d.get("names") or []),
        }
    if code == "stagnation":
        if d.get("latest_joined") is None:
            return gettext("No member has joined since records began.")
        return gettext("The latest member joined in %(latest)d (none since %(since)d).") % {
            "latest": d["latest_joined"],
            "since": d["since"],
        }
    if code == "plan_off_track":
        return gettext("%(off)d of %(targets)d targets of “%(title)s” off track: %(codes)s.") % {
            "off": len(d["off_track"]),
            "targets": d["targets"],
            "title": d["title"],
            "codes": "、".join(_names([t["code"] for t in d["off_track"]])),
        }
    if code == "data_late":
        return gettext("No value for the year by %(deadline)s: %(codes)s.") % {
            "deadline": d["deadline"],
            "codes": "、".join(_names(d["missing"])),
        }
    return ""


def _names(codes) -> list[str]:
    names = indicator_names(codes)
    return [names.get(code, code) for code in codes]
