"""Sections of a cluster's profile page that higher apps add (the exchange app's gaps and partners), so the
clusters app shows them without importing those apps: an app registers a `ClusterSection` from its
AppConfig.ready(); the page includes each section's template with the dict its `context(request, cluster)` returns,
or leaves the section out when that is None (the viewer may not see it)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ClusterSection:
    app: str
    key: str
    template: str
    context: Callable  # (request, cluster) -> dict | None
    order: int = 0


CLUSTER_SECTIONS: list[ClusterSection] = []


def register_cluster_section(section: ClusterSection):
    """Add a section; registering the same key again (ready() run twice) replaces it."""
    CLUSTER_SECTIONS[:] = [s for s in CLUSTER_SECTIONS if (s.app, s.key) != (section.app, section.key)]
    CLUSTER_SECTIONS.append(section)
    CLUSTER_SECTIONS.sort(key=lambda s: (s.order, s.app, s.key))


@dataclass(frozen=True)
class RenderedSection:
    key: str
    template: str
    data: dict


def cluster_sections(request, cluster) -> list[RenderedSection]:
    """The registered sections this request's viewer sees on the cluster's page, in order."""
    rendered = []
    for section in CLUSTER_SECTIONS:
        data = section.context(request, cluster)
        if data is not None:
            rendered.append(RenderedSection(key=section.key, template=section.template, data=data))
    return rendered
