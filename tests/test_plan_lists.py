"""Cultivation plans: visibility of the lists, filters and search, query counts that do not grow with rows, the
dashboard badge, editing through the page and the Excel export."""

import pytest
from django.urls import reverse

from policies.models import KeyTask, PlanTarget
from policies.plans.services import plan_create, plan_return, plan_submit, plan_update

from .builders.exports import export, exported, workbook
from .builders.plans import make_plan, target, task
from .cast import ROLES
from .conftest import count_queries
from .factories import ClusterFactory

# Visibility of the lists -----------------------------------------------------------------------------------------

# Five plans; which each role's list holds (DESIGN §2: drafts are the filer's own business).
LIST_PLANS = {
    "draft-nanjing": ("nanjing_cluster", "jiangsu", None, "draft"),
    "submitted-nanjing": ("nanjing_cluster", "jiangsu", None, "submitted"),
    "approved-shenzhen": ("shenzhen_cluster", "guangdong", None, "approved"),
    "returned-cross": ("cross_cluster", "guangdong", ["guangdong", "jiangsu"], "returned"),
    "draft-shenzhen": ("shenzhen_cluster", "guangdong", None, "draft"),
}
VISIBLE_PLANS = {
    "ministry": {"submitted-nanjing", "approved-shenzhen", "returned-cross"},
    "jiangsu": {"draft-nanjing", "submitted-nanjing", "returned-cross"},
    "guangdong": {"approved-shenzhen", "returned-cross", "draft-shenzhen"},
    "nanjing_body": {"submitted-nanjing"},
    "nanjing_viewer": {"submitted-nanjing"},
    "shenzhen_body": {"approved-shenzhen", "returned-cross"},
    "expert": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_plan_lists_hold_exactly_the_visible_plans(role, world, client_for, page_client_for):
    plans = {
        name: make_plan(world, cluster=cluster, by=by, owners=owners, state=state, title=f"{name}方案")
        for name, (cluster, by, owners, state) in LIST_PLANS.items()
    }
    expected = {plans[name].pk for name in VISIBLE_PLANS[role]}
    body = client_for(world.user(role)).get(reverse("api:plan-list")).json()
    assert {row["id"] for row in body["results"]} == expected
    assert body["count"] == len(expected)
    response = page_client_for(world.user(role)).get(reverse("plan-list"))
    if role == "expert":
        assert response.status_code == 403
        return
    page = response.content.decode()
    for name, plan in plans.items():
        assert (f'id="plan-{plan.pk}"' in page) == (name in VISIBLE_PLANS[role]), name


def test_list_filters_and_search(world, client_for, page_client_for):
    make_plan(world, state="submitted", title="南京方案")
    make_plan(world, cluster="shenzhen_cluster", by="guangdong", state="approved", title="深圳方案")
    co_owners = ["guangdong", "jiangsu"]
    make_plan(world, cluster="cross_cluster", by="guangdong", owners=co_owners, state="returned", title="跨区域方案")
    client = client_for(world.ministry)

    def titles(**params):
        return sorted(row["title"] for row in client.get(reverse("api:plan-list"), params).json()["results"])

    assert titles(status="approved") == ["深圳方案"]
    assert titles(province="320000") == ["南京方案", "跨区域方案"]
    assert titles(cluster=world.shenzhen_cluster.pk) == ["深圳方案"]
    assert titles(owner=world.orgs["jiangsu"].pk) == ["南京方案", "跨区域方案"]
    assert titles(search="跨区域") == ["跨区域方案"]
    page = page_client_for(world.ministry).get(reverse("plan-list"), {"province": "440000", "status": "returned"})
    assert [plan.title for plan in page.context["page"].object_list] == ["跨区域方案"]


# Query counts ----------------------------------------------------------------------------------------------------


def grow_plans(world, n):
    for index in range(n):
        cluster = ClusterFactory(promotion_body=world.orgs["nanjing_body"], region_codes=["320100"])
        plan = plan_create(
            by=world.jiangsu,
            cluster=cluster,
            title=f"增长方案{index}",
            period_start=2023,
            period_end=2027,
            overall_thinking="思路",
            tasks=[task()],
            targets=[target(), target("little_giants", baseline_value="10", target_value="20")],
        )
        plan_submit(plan=plan, by=world.jiangsu)


LIST_ROUTES = [
    ("api:plan-list", True, None, "ministry"),
    ("api:plan-list", True, None, "jiangsu"),
    ("plan-list", False, None, "ministry"),
    ("plan-list", False, None, "jiangsu"),
    ("plan-summary-national", False, None, "ministry"),
    ("plan-summary-local", False, "jiangsu", "ministry"),
    ("plan-summary-local", False, "jiangsu", "jiangsu"),
]


@pytest.mark.parametrize(("route", "api", "org", "role"), LIST_ROUTES, ids=[f"{r[0]}-{r[3]}" for r in LIST_ROUTES])
def test_plan_list_query_counts_do_not_grow_with_rows(world, client_for, page_client_for, route, api, org, role):
    make_plan(world, state="submitted")
    client = client_for(world.user(role)) if api else page_client_for(world.user(role))
    url = reverse(route, args=[world.orgs[org].pk] if org else [])
    assert client.get(url).status_code == 200
    few = count_queries(lambda: client.get(url))
    grow_plans(world, 12)
    many = count_queries(lambda: client.get(url))
    assert few == many, f"{route}: {few} queries with 1 plan, {many} with 13"


def test_the_plan_export_runs_as_many_queries_for_one_plan_as_for_many(world, page_client_for):
    make_plan(world, state="submitted")
    client = page_client_for(world.jiangsu)
    exported(client, "policies.plans", "xlsx")  # warm caches
    few = count_queries(lambda: exported(client, "policies.plans", "xlsx"))
    grow_plans(world, 12)
    many = count_queries(lambda: exported(client, "policies.plans", "xlsx"))
    assert few == many, f"{few} queries with 1 plan, {many} with 13"


def test_plan_page_query_count_does_not_grow_with_targets_tasks_and_versions(world, page_client_for):
    plan = make_plan(world, state="submitted")
    client = page_client_for(world.ministry)
    url = reverse("plan-detail", args=[plan.pk])
    client.get(url)
    few = count_queries(lambda: client.get(url))
    plan_return(plan=plan, by=world.ministry, comment="补充")
    codes = ["little_giants", "single_champions", "srdi_smes", "rd_intensity", "invention_patents"]
    plan_update(
        plan=plan,
        by=world.jiangsu,
        tasks=[task(f"任务{i}") for i in range(8)],
        targets=[target(), *(target(code, baseline_value="10", target_value="20") for code in codes)],
    )
    plan_submit(plan=plan, by=world.jiangsu)
    many = count_queries(lambda: client.get(url))
    assert few == many


def test_dashboard_badge_and_nav_link(world, page_client_for):
    make_plan(world, state="submitted")
    page = page_client_for(world.ministry).get(reverse("dashboard")).content.decode()
    assert 'id="nav-plans"' in page and 'id="unread-notifications">1<' in page
    expert_page = page_client_for(world.expert).get(reverse("dashboard")).content.decode()
    assert 'id="nav-plans"' not in expert_page and 'id="nav-notifications"' not in expert_page


def edit_form_data(response):
    """What the browser sends back from the edit page unchanged: every bound field's initial value."""
    data = {}
    context = response.context
    for form in (context["form"],):
        for field in form:
            value = field.value()
            if isinstance(value, list):
                data[field.html_name] = [str(v) for v in value]
            elif value not in (None, ""):
                data[field.html_name] = str(value)
    for formset in (context["task_formset"], context["target_formset"]):
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = str(value)
        for row in formset.forms:
            for field in row:
                value = field.value()
                if value not in (None, "", False):
                    data[field.html_name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return data


def test_editing_through_the_page_keeps_the_rows_left_as_they_were(world, page_client_for):
    plan = make_plan(
        world,
        state="returned",
        tasks=[task("培育链主企业"), task("建设公共服务平台")],
        targets=[target(), target("little_giants", baseline_value="10", target_value="20")],
    )
    client = page_client_for(world.jiangsu)
    url = reverse("plan-edit", args=[plan.pk])
    data = edit_form_data(client.get(url))
    data["overall_thinking"] = "按意见修改后的总体思路。"
    data["targets-1-DELETE"] = "on"  # remove the second target, keep the rest
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert list(KeyTask._base_manager.filter(plan=plan).order_by("position").values_list("task", flat=True)) == [
        "培育链主企业",
        "建设公共服务平台",
    ]
    assert list(PlanTarget._base_manager.filter(plan=plan).values_list("indicator__code", flat=True)) == ["revenue"]
    plan.refresh_from_db()
    assert plan.overall_thinking == "按意见修改后的总体思路。"


def test_the_excel_export_escapes_formulas_and_holds_the_targets_progress(world, page_client_for):
    make_plan(world, state="submitted", title='=HYPERLINK("http://evil")')
    _response, job = export(page_client_for(world.ministry), "policies.plans", "xlsx")
    job.refresh_from_db()
    assert (job.status, job.rows) == ("succeeded", 1)  # the plans listed (their targets on the second sheet)
    plans, targets = workbook(job).worksheets
    assert plans.cell(row=2, column=2).value == '\'=HYPERLINK("http://evil")'
    assert [cell.value for cell in targets[2]][2:4] == ["营业收入", "亿元"]  # the indicator's name, not its code
    assert targets.cell(row=2, column=13).value == "无数据"


@pytest.mark.parametrize("route", ["api:plan-versions", "api:plan-transitions", "plan-diff"])
def test_version_and_transition_lists_query_counts_do_not_grow(world, client_for, page_client_for, route):
    plan = make_plan(world, state="resubmitted")
    client = page_client_for(world.ministry) if route == "plan-diff" else client_for(world.ministry)
    url = reverse(route, args=[plan.pk])
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for _ in range(2):
        plan_return(plan=plan, by=world.ministry, comment="再改")
        plan_submit(plan=plan, by=world.jiangsu)
    many = count_queries(lambda: client.get(url))
    assert few == many
