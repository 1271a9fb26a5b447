"""The platform's URLs plus the baseline of bench/member_list.py: the same page of members read with
`.values()` and written with orjson, without authentication, scoping or DRF. The page is the API's: every member
field and the member's chain link ids (read for the page's members in one more `.values_list()` query)."""

import orjson
from django.http import HttpResponse
from django.urls import path
from django_scopes import scopes_disabled

from clusters.members.selectors import MEMBER_ROW_FIELDS
from clusters.models import Member
from config.urls import urlpatterns as platform_urlpatterns


def members_baseline(request):
    cluster = int(request.GET["cluster"])
    limit, offset = int(request.GET.get("limit", 100)), int(request.GET.get("offset", 0))
    with scopes_disabled():
        members = Member.objects.filter(cluster_id=cluster).order_by("name", "id")
        rows = list(members.values(*MEMBER_ROW_FIELDS)[offset : offset + limit])
        links = {row["id"]: [] for row in rows}
        pairs = Member.chain_links.through.objects.filter(member_id__in=list(links)).order_by("chainlink_id")
        for member_id, link_id in pairs.values_list("member_id", "chainlink_id"):
            links[member_id].append(link_id)
        for row in rows:
            row["chain_links"] = links[row["id"]]
        body = {"count": members.count(), "results": rows}
    return HttpResponse(orjson.dumps(body, default=str), content_type="application/json")


urlpatterns = [path("bench/members-baseline/", members_baseline, name="bench-members-baseline"), *platform_urlpatterns]
