"""Forms that fit the job (issue 15, item 5) and the words on the pages (item 6): the rubric formset ignores an
untouched blank row, long forms open with a summary of every error, a stale decision is shown disabled before
anyone writes a reason, the region and co-owner pickers are plain controls that post without JavaScript, things
are 名称 (people 姓名), public notices 公示, and pages and exports name rules and indicators, never their codes."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from clusters.models import Cluster
from evaluations.models import Criterion
from monitoring.adjustment import services as adjustment_services
from monitoring.evaluation import services as monitoring_services
from monitoring.models import AdjustmentDecision, MonitoringResult
from tenancy.errors import Refusal

from .builders.adjustment import make_evaluation, make_result, monitoring
from .builders.competitions import make_competition
from .builders.exports import export, workbook
from .builders.monitoring import monitoring_evaluation
from .builders.notice import objection_in
from .factories import indicator

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def rubric_post(criteria, *, weights, extra_rows=()):
    data = {
        "criteria-TOTAL_FORMS": str(len(criteria) + len(extra_rows)),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, (criterion, weight) in enumerate(zip(criteria, weights, strict=True)):
        data.update(
            {
                f"criteria-{index}-id": criterion.pk,
                f"criteria-{index}-name": criterion.name,
                f"criteria-{index}-kind": criterion.kind,
                f"criteria-{index}-weight": weight,
                f"criteria-{index}-max_score": "100",
                f"criteria-{index}-indicator": criterion.indicator.code if criterion.indicator else "",
                f"criteria-{index}-dimension": criterion.dimension,
            }
        )
    for offset, row in enumerate(extra_rows):
        data.update({f"criteria-{len(criteria) + offset}-{key}": value for key, value in row.items()})
    return data


# The rubric editor -----------------------------------------------------------------------------------------------


def test_an_untouched_blank_row_does_not_block_saving_the_rubric(world, page_client_for):
    _competition, round_ = make_competition(by=world.ministry, publish=False)
    criteria = list(Criterion.objects.filter(round=round_).order_by("position"))
    # What the browser posts for the page's empty row: its preset kind, dimension and maximum score, nothing typed.
    blank = {"id": "", "name": "", "name_en": "", "kind": "expert", "indicator": "", "dimension": "resource_endowment"}
    blank |= {"weight": "", "max_score": "100", "floor": "", "ceiling": ""}
    data = rubric_post(criteria, weights=["30", "70"], extra_rows=[blank])
    response = page_client_for(world.ministry).post(reverse("rubric-edit", args=[round_.pk]), data, **EN)
    assert response.status_code == 302
    assert sorted(Criterion.objects.filter(round=round_).values_list("weight", flat=True)) == [30, 70]


def test_a_typed_new_row_is_saved_and_a_half_typed_one_is_a_field_error(world, page_client_for):
    _competition, round_ = make_competition(by=world.ministry, publish=False)
    criteria = list(Criterion.objects.filter(round=round_).order_by("position"))
    client = page_client_for(world.ministry)
    row = {"name": "协同创新", "kind": "expert", "dimension": "resource_endowment", "max_score": "100", "weight": ""}
    data = rubric_post(criteria, weights=["30", "60"], extra_rows=[row])
    response = client.post(reverse("rubric-edit", args=[round_.pk]), data, **EN)
    assert response.status_code == 400  # a name without a weight is not blank: the weight is asked for
    assert "This field is required." in response.content.decode()
    data["criteria-2-weight"] = "10"
    assert client.post(reverse("rubric-edit", args=[round_.pk]), data, **EN).status_code == 302
    assert set(Criterion.objects.filter(round=round_).values_list("name", "weight")) == {
        (criteria[0].name, 30),
        (criteria[1].name, 60),
        ("协同创新", 10),
    }


def test_the_rubric_page_offers_one_empty_row_and_the_template_for_more(world, page_client_for):
    _competition, round_ = make_competition(by=world.ministry, publish=False)
    page = page_client_for(world.ministry).get(reverse("rubric-edit", args=[round_.pk]), **EN).content.decode()
    assert page.count('class="criterion-row"') == 2 + 1 + 1  # two criteria, one empty row, the template's row
    assert 'id="criterion-empty"' in page and "criteria-__prefix__-name" in page
    assert "js/rubric_formset" in page


# The error summary -----------------------------------------------------------------------------------------------


def test_the_error_summary_lists_every_fields_error_with_an_anchor(world, page_client_for):
    response = page_client_for(world.ministry).post(
        reverse("competition-add"), {"year": "1900", "name": "", "endorsement_level": "nowhere"}, **EN
    )
    assert response.status_code == 400
    page = response.content.decode()
    summary = page[page.index('id="error-summary"') : page.index("</div>", page.index('id="error-summary"'))]
    form = response.context["form"]
    assert set(form.errors) >= {"year", "name", "endorsement_level", "entry_tiers"}
    for name in form.errors:
        field = form[name]
        assert f'href="#{field.id_for_label or field.auto_id}"' in summary, name  # a checkbox list: its wrapper
        assert str(field.label) in summary
    assert f"Correct the {len(form.errors)} fields below:" in summary


def test_a_valid_form_has_no_error_summary(world, page_client_for):
    page = page_client_for(world.ministry).get(reverse("competition-add"), **EN).content.decode()
    assert 'id="error-summary"' not in page


# Stale actions ---------------------------------------------------------------------------------------------------


SCORES = {key: {"score": 60.0, "weight": 20, "inputs": []} for key in ("innovation", "ecosystem")}


def results_of_two_runs(world, *, same_year=False):
    """The wuxi cluster's result in a first run and in the run that replaced it (a later year, or a re-run)."""
    first = make_evaluation(year=2023, by=world.ministry)
    second = make_evaluation(year=2023 if same_year else 2024, by=world.ministry)
    return [
        make_result(run, world.wuxi_cluster, grade="B", overall="70.00", recommendation="keep", scores=SCORES)
        for run in (first, second)
    ]


def test_a_replaced_result_shows_the_decision_disabled_with_the_reason_and_the_current_result(world, page_client_for):
    earlier, current = results_of_two_runs(world)
    client = page_client_for(world.ministry)
    html = client.get(reverse("monitoring-result-detail", args=[earlier.pk]), **EN).content.decode()
    assert re.search(r'<button type="button" class="btn btn-primary btn-sm" id="record-decision" disabled', html)
    assert f"Replaced by run {current.evaluation_id} of 2024: decide on the current result." in html
    assert f'href="{reverse("monitoring-result-detail", args=[current.pk])}" id="current-result"' in html
    assert reverse("adjustment-decide", args=[earlier.pk]) not in html
    # The current result offers the decision as a link.
    html = client.get(reverse("monitoring-result-detail", args=[current.pk])).content.decode()
    assert f'href="{reverse("adjustment-decide", args=[current.pk])}" id="record-decision"' in html


def test_a_rerun_of_the_same_year_replaces_the_earlier_result(world, page_client_for):
    first, second = results_of_two_runs(world, same_year=True)
    refusal = adjustment_services.decision_refusal(first)
    assert (refusal.code, refusal.details["current_result"]) == ("superseded", second.pk)
    assert adjustment_services.decision_refusal(second) is None
    with pytest.raises(Refusal) as error:
        adjustment_services.decision_record(result=first, decision="keep", reason="x", by=world.ministry)
    assert error.value.code == "superseded"
    assert not AdjustmentDecision._base_manager.filter(result=first).exists()
    html = page_client_for(world.ministry).get(reverse("monitoring-result-detail", args=[first.pk]), **ZH)
    html = html.content.decode()
    assert f"已被 2023 年第 {second.evaluation_id} 次监测评价取代" in html and 'id="record-decision" disabled' in html


# Pickers without JavaScript ----------------------------------------------------------------------------------------


def test_region_fields_are_plain_controls_with_the_pickers_data(world, page_client_for):
    client = page_client_for(world.ministry)
    page = client.get(reverse("cluster-governance", args=[world.nanjing_cluster.pk]), **EN).content.decode()
    select = re.search(r'<select name="regions"[^>]*>', page).group(0)
    assert 'data-picker="regions"' in select and "multiple" in select
    for code in world.nanjing_cluster.regions.values_list("code", flat=True):
        option = re.search(rf'<option value="{code}"[^>]*>', page).group(0)
        assert "selected" in option and 'data-level="' in option and 'data-parent="' in option
    jiangsu = re.search(r'<option value="320500"[^>]*>', page).group(0)
    assert 'data-level="prefecture"' in jiangsu and 'data-parent="320000"' in jiangsu
    assert "js/pickers" in page
    organisation = client.get(reverse("organisation-add"), **EN).content.decode()
    field = re.search(r'<input type="text" name="region"[^>]*>', organisation).group(0)
    assert 'data-picker="regions"' in field and "320500" in field


def test_the_governance_form_posts_its_regions_without_javascript(world, page_client_for):
    cluster = world.nanjing_cluster
    response = page_client_for(world.ministry).post(
        reverse("cluster-governance", args=[cluster.pk]),
        {
            "regions": ["320100", "440300"],
            "is_public": "on",
            "promotion_body": cluster.promotion_body_id,
            "reason": "跨区域协同",
        },
    )
    assert response.status_code == 302
    codes = list(Cluster._base_manager.get(pk=cluster.pk).regions.values_list("code", flat=True).order_by("code"))
    assert codes == ["320100", "440300"]


def test_the_plan_form_offers_co_owners_in_a_searchable_select(world, page_client_for):
    page = page_client_for(world.jiangsu).get(reverse("plan-add"), **EN).content.decode()
    select = re.search(r'<select name="co_owners"[^>]*>', page).group(0)
    assert 'data-picker="searchable"' in select and "multiple" in select


# Words ------------------------------------------------------------------------------------------------------------


def test_names_of_things_read_mingcheng_and_people_xingming(world, page_client_for):
    make_competition(by=world.ministry, publish=False)
    client = page_client_for(world.ministry)
    for url in (reverse("competition-list"), reverse("organisation-list"), reverse("competition-add")):
        page = client.get(url, **ZH).content.decode()
        assert "名称" in page and "姓名" not in page, url
    _competition, round_ = make_competition(by=world.ministry, publish=False, name="第二届竞赛")
    page = client.get(reverse("rubric-edit", args=[round_.pk]), **ZH).content.decode()
    assert "<th>名称</th>" in page and "姓名" not in page
    with translation.override("zh-hans"):
        assert translation.pgettext("person", "Name") == "姓名"
        assert translation.gettext("Name") == "名称"
        assert translation.pgettext("public notice", "Notice") == "公示"
        assert translation.gettext("Objector") == "异议人"


def test_notice_and_objection_lists_say_gongshi_and_the_objector(world, page_client_for):
    objection = objection_in(world)
    client = page_client_for(world.ministry)
    notices = client.get(reverse("notice-list"), **ZH).content.decode()
    assert 'sort-link">公示</a>' in notices and ">提示<" not in notices
    objections = client.get(reverse("objection-list"), **ZH).content.decode()
    assert 'sort-link">公示</a>' in objections and 'sort-link">异议人</a>' in objections and "操作人" not in objections
    detail = client.get(reverse("objection-detail", args=[objection.pk]), **ZH).content.decode()
    assert '<dt class="col-sm-3">姓名</dt>' in detail  # the objector is a person


# No raw codes -----------------------------------------------------------------------------------------------------

RAW_CODES = [
    "largest_share",
    "rd_intensity",
    "plan_off_track",
    "data_late",
    "serious_years",
    "drop_points",
    "indicator_falling",
    "mean_all",
    "1E+",
]


def visible_text(html: str) -> str:
    """The page's words: tags, attributes, scripts and JSON data left out."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    html = re.sub(r"<template.*?</template>", " ", html, flags=re.S)
    html = re.sub(r"<pre.*?</pre>", " ", html, flags=re.S)  # a method's configuration, shown as JSON on purpose
    return re.sub(r"<[^>]+>", " ", html)


def test_the_rules_page_and_a_warned_result_show_no_code(world, page_client_for):
    indicator("rd_intensity")
    result = MonitoringResult.objects.get(evaluation=monitoring_evaluation(world), cluster=world.shenzhen_cluster)
    for rule, details in (
        ("plan_off_track", {"off_track": [{"code": "rd_intensity"}], "targets": 3, "title": "无锡物联网培育方案"}),
        ("data_late", {"deadline": "2025-02-28", "missing": ["rd_intensity"]}),
        (
            "concentration",
            {"largest_enterprise": "甲公司", "largest_share": 0.8, "enterprises": 9, "hhi": 0.61}
            | {"largest_revenue": 800, "revenue_total": 1000},
        ),
    ):
        result.warnings.create(rule=rule, severity="warning", details=details)
    client = page_client_for(world.ministry)
    for url in (reverse("monitoring-rules"), reverse("monitoring-result-detail", args=[result.pk])):
        text = visible_text(client.get(url, **ZH).content.decode())
        for code in RAW_CODES:
            assert code not in text, (url, code)
    text = visible_text(client.get(reverse("monitoring-result-detail", args=[result.pk]), **ZH).content.decode())
    assert "研发投入强度" in text or "R&D" in text  # the indicator by its name


def test_the_method_page_names_its_inputs_and_scales_in_words(world, page_client_for):
    indicator("rd_intensity")
    method = monitoring_services.method_current()
    page = page_client_for(world.ministry).get(reverse("monitoring-method-detail", args=[method.pk]), **ZH)
    text = visible_text(page.content.decode())
    assert "研发投入强度" in text and "按固定区间" in text
    for code in ("rd_intensity", "local_supporting_rate", "on_track_share", "minmax", "indicator:"):
        assert code not in text, code


def test_the_monitoring_summary_export_names_rules_not_codes(world, page_client_for):
    data = monitoring(world)
    response, job = export(
        page_client_for(world.ministry), "monitoring.summary", "xlsx", target=data["evaluation"].pk, language="zh-hans"
    )
    assert job is not None, response.content[:300]
    book = workbook(job)
    cells = [str(cell) for sheet in book.worksheets for row in sheet.values for cell in row if cell is not None]
    for code in ("stagnation", "concentration", "indicator_falling", "1E+"):
        assert not any(code == cell or code in cell for cell in cells), code
