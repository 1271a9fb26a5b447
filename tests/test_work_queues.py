"""Work queues (tenancy.work): each role's dashboard lists the work it may act on, each item linking to the page
where it is done with its due date, and `GET /api/v1/me/tasks/` returns the same list; another tenant's work
never shows; the expert's queue and the "to review" tab of the assignment list read one selector; the dashboard
and the API run as many queries for one row per queue as for many."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clusters.models import Indicator
from clusters.observations.reminders import filing_deadline

from .builders.work import cluster_body_rows, expert_rows, local_rows, ministry_rows
from .conftest import count_queries


def tasks(client_for, user):
    response = client_for(user).get(reverse("api:me-tasks"))
    assert response.status_code == 200
    return response.json()


def queues_of(data):
    return {queue["key"]: queue for queue in data["queues"]}


def entry(title, url, due=None, *, overdue=False):
    return {"title": title, "url": url, "due": None if due is None else due.isoformat(), "overdue": overdue}


def _filing():
    """The year of the yearly data filed next, its deadline, and whether that deadline has passed."""
    deadline = filing_deadline(timezone.localtime().year)
    return deadline.year - 1, deadline, timezone.now() > deadline


def _missing_title(cluster, year):
    total = Indicator.objects.count()
    return f"{cluster.name}：{year}年 {total} 项指标中有 {total} 项未填报"


# The ministry --------------------------------------------------------------------------------------------------------


def test_ministry_queues_list_each_kind_of_work_with_its_page_and_due_date(world, client_for):
    made = ministry_rows(world, 1)
    data = tasks(client_for, world.ministry)
    queues = queues_of(data)
    assert list(queues) == [
        "plans-to-approve",
        "entries-to-check",
        "rounds-missing-reviews",
        "runs-to-publish",
        "objections-to-handle",
        "results-to-decide",
        "rectifications-to-read",
    ]
    assert data["count"] == 7
    plan, checked, round_, run = made["plans"][0], made["entries"][0], made["rounds"][0], made["runs"][0]
    objection, result, note = made["objections"][0], made["results"][0], made["notes"][0]
    assert queues["plans-to-approve"] == {
        "key": "plans-to-approve",
        "label": "待审批的培育提升方案",
        "count": 1,
        "url": "/plans/?status=submitted",
        "items": [entry("待审批方案0 · 南京智能电网测试集群", reverse("plan-detail", args=[plan.pk]))],
    }
    assert queues["entries-to-check"]["items"] == [
        entry(
            "工作队列测试集群c0 · 形式审查竞赛0 小组赛",
            reverse("entry-detail", args=[checked.pk]),
            checked.round.review_opens,
        )
    ]
    assert queues["rounds-missing-reviews"]["items"] == [
        entry(
            "缺评审竞赛0 小组赛：1 份评审未提交", reverse("round-assignments", args=[round_.pk]), round_.review_closes
        )
    ]
    assert queues["runs-to-publish"]["items"] == [
        entry(f"待公示竞赛0 小组赛：第 {run.pk} 号评审计算", f"{reverse('notice-add')}?run={run.pk}")
    ]
    assert queues["objections-to-handle"]["items"] == [
        entry(
            "异议竞赛0公示：异议人0 提出的异议",
            reverse("objection-detail", args=[objection.pk]),
            objection.notice.closes,
        )
    ]
    assert queues["objections-to-handle"]["url"] == "/objections/?status=lodged"
    assert queues["results-to-decide"]["items"] == [
        entry("工作队列测试集群w0 · 2024年：建议“警示”", reverse("adjustment-decide", args=[result.pk]))
    ]
    filed = timezone.localtime(note.created).strftime("%Y-%m-%d")
    assert queues["rectifications-to-read"]["items"] == [
        entry(
            f"工作队列测试集群w0：{world.orgs['nanjing_body'].name} 的整改说明（{filed}）",
            reverse("rectification-list", args=[note.cluster_id]),
        )
    ]


def test_overdue_work_is_marked_and_done_work_leaves_the_queue(world, client_for):
    from evaluations.models import Objection, Round

    made = ministry_rows(world, 1)
    round_ = made["rounds"][0]
    Round._base_manager.filter(pk=round_.pk).update(
        review_opens=timezone.now() - timedelta(days=9), review_closes=timezone.now() - timedelta(days=1)
    )
    round_.refresh_from_db()
    Objection._base_manager.filter(pk=made["objections"][0].pk).update(status=Objection.Status.HANDLED)
    queues = queues_of(tasks(client_for, world.ministry))
    assert queues["rounds-missing-reviews"]["items"] == [
        entry(
            "缺评审竞赛0 小组赛：1 份评审未提交",
            reverse("round-assignments", args=[round_.pk]),
            round_.review_closes,
            overdue=True,
        )
    ]
    assert "objections-to-handle" not in queues


def test_an_editor_role_is_needed_to_act_and_a_viewer_has_no_queue(world, client_for):
    from tenancy.models import Membership

    ministry_rows(world, 1)
    cluster_body_rows(world, 1)
    Membership._base_manager.filter(user=world.ministry).update(role=Membership.Role.VIEWER)
    assert tasks(client_for, world.ministry) == {"count": 0, "queues": []}
    assert tasks(client_for, world.nanjing_viewer) == {"count": 0, "queues": []}


# A local government ------------------------------------------------------------------------------------------------


def test_local_government_queues_list_its_jurisdictions_work(world, client_for):
    made = local_rows(world, 1)
    queues = queues_of(tasks(client_for, world.jiangsu))
    year, deadline, late = _filing()
    expected = ["entries-to-endorse", "returned-plans", "observations-to-verify", "early-warnings"]
    if late:
        expected.insert(3, "data-late")
    assert sorted(queues) == sorted(expected)
    entry_, plan, observation, result = (made[key][0] for key in ("entries", "plans", "observations", "results"))
    assert queues["entries-to-endorse"]["items"] == [
        entry(
            "工作队列测试集群e0 · 推荐竞赛0 小组赛",
            reverse("entry-detail", args=[entry_.pk]),
            entry_.round.review_opens,
        )
    ]
    assert queues["entries-to-endorse"]["url"] == "/entries/?view=to_endorse"
    assert queues["returned-plans"]["items"] == [
        entry("退回方案0 · 南京智能电网测试集群", reverse("plan-detail", args=[plan.pk]))
    ]
    assert queues["observations-to-verify"]["items"] == [
        entry(
            f"南京智能电网测试集群 · {observation.indicator.name} 2019",
            reverse("observation-detail", args=[observation.cluster_id, observation.pk]),
        )
    ]
    assert queues["early-warnings"]["items"] == [
        entry("工作队列测试集群l0 · 2024年：1 条预警", reverse("rectification-list", args=[result.cluster_id]))
    ]
    if late:
        national = [world.nanjing_cluster, world.wuxi_cluster, world.cross_cluster, entry_.cluster]
        assert queues["data-late"]["items"] == [
            entry(_missing_title(c, year), reverse("cluster-indicators", args=[c.pk]), deadline, overdue=True)
            for c in sorted(national, key=lambda c: (c.name, c.pk))[:5]
        ]


def test_another_provinces_work_never_appears(world, client_for):
    """Guangdong sees none of Jiangsu's entries, plans, observations or warnings (the cross-region cluster, which
    lies in both provinces, is the one cluster both see)."""
    local_rows(world, 1)
    cluster_body_rows(world, 1)
    data = tasks(client_for, world.guangdong)
    titles = [item["title"] for queue in data["queues"] for item in queue["items"]]
    for foreign in ("推荐竞赛0", "退回方案0", "南京智能电网测试集群", "工作队列测试集群l0", "工作队列测试集群b0"):
        assert not any(foreign in title for title in titles), (foreign, titles)
    assert set(queues_of(data)) <= {"data-late"}
    shenzhen = tasks(client_for, world.shenzhen_body)
    titles = [item["title"] for queue in shenzhen["queues"] for item in queue["items"]]
    assert not any("南京" in title or "工作队列测试集群b0" in title for title in titles), titles


# A promotion body --------------------------------------------------------------------------------------------------


def test_cluster_body_queues_list_its_deadlines_returned_items_and_warnings(world, client_for):
    made = cluster_body_rows(world, 1)
    queues = queues_of(tasks(client_for, world.nanjing_body))
    year, deadline, late = _filing()
    assert list(queues) == [
        "data-due",
        "entry-deadlines",
        "returned-entries",
        "returned-observations",
        "early-warnings",
    ]
    nanjing = world.nanjing_cluster
    assert queues["data-due"]["items"] == [
        entry(_missing_title(nanjing, year), reverse("cluster-indicators", args=[nanjing.pk]), deadline, overdue=late)
    ]
    open_round, draft, returned = made["rounds"][0], made["drafts"][0], made["returned"][0]
    enter = f"{reverse('entry-add')}?round={open_round.pk}"
    assert queues["entry-deadlines"]["items"] == [
        entry("南京智能电网测试集群 申报参加开放申报竞赛0 小组赛", enter, open_round.submission_closes),
        entry("南京省级测试集群 申报参加开放申报竞赛0 小组赛", enter, open_round.submission_closes),
        entry(
            "完成并提交参赛申报：南京智能电网测试集群 · 草稿竞赛0 小组赛",
            reverse("entry-edit", args=[draft.pk]),
            draft.round.submission_closes,
        ),
    ]
    assert queues["returned-entries"]["items"] == [
        entry(
            "南京智能电网测试集群 · 退回竞赛0 小组赛",
            reverse("entry-edit", args=[returned.pk]),
            returned.round.submission_closes,
        )
    ]
    observation = made["observations"][0]
    assert queues["returned-observations"]["items"] == [
        entry(
            f"南京智能电网测试集群 · {observation.indicator.name} 2009",
            reverse("observation-edit", args=[nanjing.pk, observation.pk]),
        )
    ]
    assert queues["early-warnings"]["items"] == [
        entry(
            "工作队列测试集群b0 · 2024年：1 条预警",
            reverse("rectification-list", args=[made["results"][0].cluster_id]),
        )
    ]


# The expert --------------------------------------------------------------------------------------------------------


def test_expert_queue_lists_open_assignments_by_review_close(world, client_for):
    made = expert_rows(world, 2)
    queues = queues_of(tasks(client_for, world.expert))
    assert list(queues) == ["reviews-to-write"]
    queue = queues["reviews-to-write"]
    assert queue["count"] == 2
    assert queue["url"] == "/review/assignments/?show=open"
    assert queue["items"] == [
        entry(
            f"{a.submission.cluster.name} · 专家评审竞赛{i} 小组赛",
            reverse("review-form", args=[a.pk]),
            a.submission.round.review_closes,
        )
        for i, a in enumerate(made["open"])
    ]


def _panel_count(html, key):
    match = re.search(rf'id="work-{key}".*?<span class="badge text-bg-secondary work-count">(\d+)</span>', html, re.S)
    return int(match.group(1)) if match else 0


def test_expert_panel_count_equals_the_assignment_lists_count(world, page_client_for):
    """The dashboard once said no entry was assigned while the assignment list showed three: both now read
    `open_assignments`, and the panel links to that list."""
    made = expert_rows(world, 3)
    client = page_client_for(world.expert)
    html = client.get(reverse("dashboard")).content.decode()
    listed = client.get(reverse("my-assignments"), {"show": "open"})
    assert _panel_count(html, "reviews-to-write") == listed.context["page"].paginator.count == 3
    assert 'href="/review/assignments/?show=open"' in html
    assert 'id="no-work"' not in html
    for assignment in made["open"]:
        assert reverse("review-form", args=[assignment.pk]) in html
    # The full list still shows every assignment, the submitted and the recused ones too.
    assert client.get(reverse("my-assignments")).context["page"].paginator.count == 9


def test_dashboard_panel_shows_counts_first_items_due_dates_and_the_full_list(world, page_client_for):
    made = ministry_rows(world, 6)
    html = page_client_for(world.ministry).get(reverse("dashboard")).content.decode()
    assert "待办工作" in html
    assert _panel_count(html, "plans-to-approve") == 6
    plans = sorted(made["plans"], key=lambda plan: (plan.updated, plan.pk))
    for plan in plans[:5]:
        assert reverse("plan-detail", args=[plan.pk]) in html
    assert reverse("plan-detail", args=[plans[5].pk]) not in html
    assert "全部 6 项" in html
    closes = timezone.localtime(made["rounds"][0].review_closes).strftime("%Y-%m-%d %H:%M")
    assert f"截止 {closes}" in html


def test_a_viewer_with_nothing_to_do_is_told_so(world, page_client_for):
    html = page_client_for(world.expert).get(reverse("dashboard")).content.decode()
    assert 'id="no-work"' in html
    assert "当前没有需要您处理的事项。" in html


# Queries ---------------------------------------------------------------------------------------------------------


BUILDERS = {
    "ministry": ministry_rows,
    "jiangsu": local_rows,
    "nanjing_body": cluster_body_rows,
    "expert": expert_rows,
}


@pytest.mark.parametrize("role", BUILDERS)
def test_dashboard_and_api_queries_do_not_grow_with_rows(role, world, client_for, page_client_for):
    user = world.user(role)
    BUILDERS[role](world, 1)
    api, page = client_for(user), page_client_for(user)
    url = reverse("api:me-tasks")
    one = (count_queries(lambda: api.get(url)), count_queries(lambda: page.get(reverse("dashboard"))))
    before = api.get(url).json()["count"]
    BUILDERS[role](world, 4, start=1)
    assert api.get(url).json()["count"] > before
    many = (count_queries(lambda: api.get(url)), count_queries(lambda: page.get(reverse("dashboard"))))
    assert many == one


def test_the_schema_documents_the_tasks_endpoint(world, client_for):
    schema = client_for(world.ministry).get(reverse("schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/me/tasks/"]["get"]
    reference = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    tasks_schema = schema["components"]["schemas"][reference.rsplit("/", 1)[1]]
    assert set(tasks_schema["properties"]) == {"count", "queues"}
    queue_ref = tasks_schema["properties"]["queues"]["items"]["$ref"]
    queue = schema["components"]["schemas"][queue_ref.rsplit("/", 1)[1]]
    assert set(queue["properties"]) == {"key", "label", "count", "url", "items"}
    item_ref = queue["properties"]["items"]["items"]["$ref"]
    assert set(schema["components"]["schemas"][item_ref.rsplit("/", 1)[1]]["properties"]) == {
        "title",
        "url",
        "due",
        "overdue",
    }


# The registry ----------------------------------------------------------------------------------------------------


def test_the_registry_lists_only_non_empty_queues_of_the_viewers_kind_that_it_may_act_on():
    from datetime import date

    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from tenancy.registry import Registry
    from tenancy.visibility import Viewer
    from tenancy.work import WorkList, WorkQueue, item

    def queue(key, kinds, count, *, order=0, may=True):
        found = [item(f"{key} {n}", f"/{key}/{n}/", date(2020, 1, n + 1)) for n in range(count)]
        return WorkQueue(
            app="t",
            key=key,
            label=key.title(),
            kinds=kinds,
            items=lambda request, viewer, limit: WorkList(count=len(found), items=found[:limit]),
            url=lambda request, viewer: f"/{key}/",
            predicate=lambda request, viewer: may,
            order=order,
        )

    own = Registry()
    own.register_work(
        queue("second", {Viewer.LOCAL}, 3, order=2),
        queue("first", {Viewer.LOCAL, Viewer.NATIONAL}, 1, order=1),
        queue("empty", {Viewer.LOCAL}, 0),
        queue("national", {Viewer.NATIONAL}, 2),
        queue("refused", {Viewer.LOCAL}, 2, may=False),
    )
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    local = own.work_for(request, Viewer(kind=Viewer.LOCAL, user_id=1), limit=2)
    assert [(q.key, q.label, q.count, q.url, q.more) for q in local] == [
        ("first", "First", 1, "/first/", 0),
        ("second", "Second", 3, "/second/", 1),
    ]
    assert [(i.title, i.url, i.due_text, i.overdue) for i in local[1].items] == [
        ("second 0", "/second/0/", "2020-01-01", True),
        ("second 1", "/second/1/", "2020-01-02", True),
    ]
    assert [q.key for q in own.work_for(request, Viewer(kind=Viewer.EXPERT, user_id=1))] == []
