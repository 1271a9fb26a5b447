"""Reports of the monitoring evaluation: the per-cluster PDF (Chinese as text in an embedded CJK font), the national
summary in Excel (formula escaping, three sheets) and the ministry dashboard (counts on hand-made data, constant
queries)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from monitoring.adjustment import reports as monitoring_reports
from monitoring.adjustment import selectors
from monitoring.adjustment import services as adjustment_services
from monitoring.models import RectificationNote

from .builders.adjustment import make_result, monitoring
from .builders.exports import export
from .builders.exports import workbook as export_workbook
from .conftest import count_queries
from .factories import ClusterFactory

pytestmark = pytest.mark.django_db


def pdf_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts the PDF's pages use (their descendant CID fonts included), subset tags dropped."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get_object().get("/Font") or {}).values():
            font = font.get_object()
            fonts = [font, *(descendant.get_object() for descendant in font.get("/DescendantFonts", []))]
            names |= {str(f["/BaseFont"]).lstrip("/").split("+", 1)[-1] for f in fonts if "/BaseFont" in f}
    return names


def pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def layout_text(result) -> str:
    """The text WeasyPrint laid out on the pages (its own boxes)."""
    from weasyprint import HTML

    document = HTML(string=monitoring_reports.result_report_html(result)).render()

    def walk(box):
        text = getattr(box, "text", "") or ""
        return text + "".join(walk(child) for child in getattr(box, "children", []) or [])

    return "".join(walk(page._page_box) for page in document.pages)


# PDF ---------------------------------------------------------------------------------------------------------------


def test_pdf_contains_the_chinese_name_as_text_in_a_cjk_font(world, page_client_for):
    result = monitoring(world)["results"]["shenzhen"]
    response = page_client_for(world.ministry).get(reverse("monitoring-result-report", args=[result.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    fonts = pdf_fonts(pdf)
    assert any("WenQuanYi" in font or "NotoSansCJK" in font for font in fonts), fonts
    assert "深圳信息通信测试集群" in pdf_text(pdf)


def test_pdf_shows_grade_warnings_comparison_and_decision(world):
    data = monitoring(world)
    result = data["results"]["shenzhen"]
    adjustment_services.decision_record(
        result=result, decision="drop", reason="集中度过高，降为省级。", by=world.ministry
    )
    result = selectors.result_for_report().get(pk=result.pk)
    text = layout_text(result)
    assert "深圳信息通信测试集群" in text
    assert "最大企业营业收入占集群的 72%，超过 50% 的阈值。" in text
    assert "集中度过高，降为省级。" in text
    assert "48.0" in text and "70.0" in text  # this year's overall and last year's (the 2023 evaluation)
    html = monitoring_reports.result_report_html(result)
    assert "<svg" in html and html.count("<rect") >= 10  # a bar per dimension, this year and last
    assert '"WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif' in html


def test_pdf_of_another_tenants_cluster_is_404(world, page_client_for):
    result = monitoring(world)["results"]["shenzhen"]
    response = page_client_for(world.nanjing_body).get(reverse("monitoring-result-report", args=[result.pk]))
    assert response.status_code == 404


# Excel -------------------------------------------------------------------------------------------------------------


def workbook(response):
    return load_workbook(io.BytesIO(response.content))


def test_summary_has_a_row_per_result_a_warning_sheet_and_a_province_sheet(world, page_client_for):
    data = monitoring(world)
    adjustment_services.decision_record(
        result=data["results"]["shenzhen"], decision="drop", reason='=HYPERLINK("x")', by=world.ministry
    )
    _response, job = export(
        page_client_for(world.ministry), "monitoring.summary", "xlsx", target=data["evaluation"].pk, language="en"
    )
    book = export_workbook(job)
    assert book.sheetnames == ["Results", "Warnings", "By province"]
    results = list(book["Results"].values)
    header = results[0]
    assert header[:7] == ("Cluster", "English name", "Provinces", "Industry field", "Tier", "Grade", "Overall score")
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in results[1:]}
    assert len(rows) == 5
    shenzhen = rows["深圳信息通信测试集群"]
    assert (shenzhen["Grade"], shenzhen["Overall score"], shenzhen["Change"]) == ("D", 48.0, -22.0)
    assert shenzhen["Recommendation"] == "Drop" and shenzhen["Decision"] == "Drop"
    assert shenzhen["Reason"] == '\'=HYPERLINK("x")'  # escaped, never a formula
    assert shenzhen["Innovation capability"] == 60.0
    assert shenzhen["Tier"] == "Provincial"
    assert rows["深苏跨区域测试集群"]["Provinces"] == "Jiangsu、Guangdong"
    warnings = list(book["Warnings"].values)[1:]
    assert sorted((row[0], row[1]) for row in warnings) == [  # the rule's name, never its code
        ("南京智能电网测试集群", "Stagnation"),
        ("深圳信息通信测试集群", "Concentration on one enterprise"),
        ("深圳信息通信测试集群", "Indicator falling"),
    ]
    provinces = {row[0]: row[1:] for row in list(book["By province"].values)[1:]}
    # province: clusters, warned clusters, warnings, keep, warn, drop recommendations
    assert provinces["Jiangsu"] == (4, 1, 1, 3, 1, 0)
    assert provinces["Guangdong"] == (2, 1, 2, 1, 0, 1)


def test_summary_is_for_the_ministry_only(world, page_client_for):
    evaluation = monitoring(world)["evaluation"]
    response, job = export(page_client_for(world.jiangsu), "monitoring.summary", "xlsx", target=evaluation.pk)
    assert (response.status_code, job) == (403, None)


def test_summary_queries_do_not_grow_with_results(world):
    data = monitoring(world)
    few = count_queries(lambda: monitoring_reports.national_summary_xlsx(data["evaluation"]))
    for index in range(6):
        cluster = ClusterFactory(
            name=f"追加测试集群{index}", promotion_body=world.orgs["wuxi_body"], region_codes=["320200"]
        )
        make_result(
            data["evaluation"],
            cluster,
            grade="C",
            overall="61.00",
            recommendation="warn",
            warnings=[("stagnation", "warning", "两年没有新成员。")],
        )
    many = count_queries(lambda: monitoring_reports.national_summary_xlsx(data["evaluation"]))
    assert few == many


# Dashboard ---------------------------------------------------------------------------------------------------------


def test_dashboard_counts_on_hand_made_data(world, page_client_for):
    data = monitoring(world)
    adjustment_services.decision_record(
        result=data["results"]["shenzhen"], decision="drop", reason="降级。", by=world.ministry
    )
    figures = selectors.dashboard_figures(evaluation=data["evaluation"])
    assert [(row["grade"], row["clusters"]) for row in figures["grades"]] == [("A", 1), ("B", 2), ("C", 1), ("D", 1)]
    provinces = {row["province"]: (row["clusters"], row["warned"], row["warnings"]) for row in figures["by_province"]}
    assert provinces == {"32": (4, 1, 1), "44": (2, 1, 2)}
    assert {row["rule"]: row["warnings"] for row in figures["by_rule"]} == {
        "stagnation": 1,
        "concentration": 1,
        "indicator_falling": 1,
    }
    assert figures["decision_pairs"] == {("keep", "keep"): 1, ("keep", None): 2, ("warn", None): 1, ("drop", "drop"): 1}
    assert figures["total"] == 5 and figures["warning_total"] == 3
    page = page_client_for(world.ministry).get(reverse("monitoring-dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Monitoring evaluation 2024: 5 clusters evaluated" in html
    assert "Jiangsu" in html and "Guangdong" in html


def test_dashboard_defaults_to_the_latest_succeeded_evaluation_and_can_choose(world, page_client_for):
    data = monitoring(world)
    client = page_client_for(world.ministry)
    latest = client.get(reverse("monitoring-dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert latest.context["evaluation"] == data["evaluation"]
    earlier = client.get(reverse("monitoring-dashboard"), {"evaluation": data["earlier"].pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert earlier.context["evaluation"] == data["earlier"]
    assert [(row["grade"], row["clusters"]) for row in earlier.context["grades"]] == [("B", 5)]


def test_dashboard_empty_state(world, page_client_for):
    page = page_client_for(world.ministry).get(reverse("monitoring-dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert "No monitoring evaluation has finished yet." in page.content.decode()


def test_dashboard_queries_are_constant(world, page_client_for):
    data = monitoring(world)
    client = page_client_for(world.ministry)
    url = reverse("monitoring-dashboard")
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for index in range(6):
        cluster = ClusterFactory(
            name=f"追加测试集群{index}",
            promotion_body=world.orgs["shenzhen_body"],
            region_codes=["440300"],
            field_id="ngit",
        )
        make_result(
            data["evaluation"],
            cluster,
            grade="D",
            overall="41.00",
            recommendation="drop",
            warnings=[("concentration", "serious", "过于集中。")],
        )
    many = count_queries(lambda: client.get(url))
    assert few == many


def test_the_latest_note_is_listed_on_the_report(world):
    data = monitoring(world)
    RectificationNote._base_manager.create(
        cluster=world.nanjing_cluster, text="第二次整改说明。", organisation=world.orgs["jiangsu"], author=world.jiangsu
    )
    result = selectors.result_for_report().get(pk=data["results"]["nanjing"].pk)
    assert "第二次整改说明。" in monitoring_reports.result_report_html(result)
