"""The words and numbers of the exports (issue 15, item 6), built as a Chinese user asks for them on hand-made data:
money in 万元 with two decimals as numbers and the unit in the header, no raw code (indicator codes, tiers, stages,
kinds, statuses) in any cell, and no number written with an exponent."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import models

from clusters.models import Cluster, Indicator, Member, Observation
from evaluations.competitions.models import Competition, Criterion, Round
from evaluations.entries.models import Submission
from evaluations.review.models import Assignment, Review
from evaluations.runs.models import EvaluationRun
from monitoring.evaluation.method import RULES
from monitoring.models import MonitoringDimension, Recommendation
from policies.models import CultivationPlan, Instrument, Policy
from tenancy.exports.files import csv_text, xlsx_bytes
from tenancy.models import Organisation
from tenancy.numbers import score_cell, wan_cell

from .builders.adjustment import monitoring
from .builders.exports import csv_rows, export, exported, workbook
from .builders.plans import make_plan, target
from .builders.policies import ensure_categories, make_instrument, make_policy, make_toolkit
from .builders.runs import evaluated
from .factories import MemberFactory, ObservationFactory, indicator

pytestmark = pytest.mark.django_db

EXPONENT = re.compile(r"\dE[+-]\d", re.IGNORECASE)


def raw_codes():
    """The codes a reader must never meet: every indicator code, the stored values of the choices shown, the
    monitoring rules, dimensions and recommendations."""
    codes = set(Indicator.objects.values_list("code", flat=True))
    shown = (Cluster, Member, Observation, Policy, Instrument, CultivationPlan, Organisation, Competition, Round)
    for model in (*shown, Criterion, Submission, Assignment, Review, EvaluationRun):
        for field in model._meta.get_fields():
            if isinstance(field, models.Field) and field.choices and isinstance(field.choices[0][0], str):
                codes |= {value for value, _label in field.flatchoices if value and not value.isdigit()}
    codes |= set(RULES) | set(MonitoringDimension.values) | set(Recommendation.values)
    return codes


def all_cells(job):
    """Every cell of every sheet of a finished Excel export (the header rows too)."""
    job.refresh_from_db()
    assert job.status == "succeeded", (job.status, job.message, job.error)
    return [cell for sheet in workbook(job).worksheets for row in sheet.iter_rows(values_only=True) for cell in row]


def assert_words_and_numbers(cells, codes):
    texts = [cell for cell in cells if isinstance(cell, str)]
    assert not [text for text in texts if text in codes], "a raw code in a cell"
    assert not [text for text in texts if EXPONENT.search(text)], "a number with an exponent"


@pytest.fixture
def data(world):
    """A toolkit holding 3.5 亿元 committed and 1.5 亿元 disbursed, a plan with a target, members with revenue in
    万元, indicator values, and a monitoring evaluation with its results."""
    ensure_categories()
    first = make_policy(world, "jiangsu", categories=["industry", "finance"], issued_on=datetime.date(2018, 1, 1))
    fund = make_instrument(first, category="industry", amount="300000000", paid={2019: "60000000", 2020: "40000000"})
    guarantee = make_instrument(
        first, category="finance", kind="loan_guarantee", amount="50000123.45", paid={2020: "50000000"}
    )
    make_toolkit(world, "jiangsu", "nanjing_cluster", policies=[first], instruments=[fund, guarantee])
    make_plan(world, state="submitted", targets=[target("revenue", baseline_value="1E+2", target_value="200")])
    cluster = world.nanjing_cluster
    MemberFactory(cluster=cluster, name="链主企业", kind="enterprise", revenue=Decimal("12345.67"))
    ObservationFactory(cluster=cluster, indicator=indicator("revenue"), year=2023, value=Decimal("1E+2"))
    return {"monitoring": monitoring(world), "evaluated": evaluated(world)}


# (list, who asks for it, its target)
EXPORTS = [
    ("policies.toolkits", "jiangsu", None),
    ("policies.toolkit_comparison", "jiangsu", None),
    ("policies.policies", "jiangsu", None),
    ("policies.plans", "ministry", None),
    ("clusters.clusters", "ministry", None),
    ("clusters.members", "nanjing_body", "cluster"),
    ("clusters.observations", "nanjing_body", "cluster"),
    ("clusters.observation_queue", "jiangsu", None),
    ("monitoring.summary", "ministry", "evaluation"),
    ("monitoring.evaluations", "ministry", None),
    ("tenancy.organisations", "ministry", None),
    ("tenancy.members", "jiangsu", None),
    ("clusters.layout", "ministry", None),
    ("clusters.collaborations", "nanjing_body", "cluster"),
    ("clusters.imports", "nanjing_body", "cluster"),
    ("evaluations.competitions", "ministry", None),
    ("evaluations.entries", "ministry", None),
    ("evaluations.runs", "ministry", None),
    ("evaluations.run_results", "ministry", "run"),
    ("evaluations.experts", "ministry", None),
    ("evaluations.assignments", "expert", None),
]
EXCEL_ONLY = ("policies.toolkit_comparison", "monitoring.summary", "clusters.layout")


@pytest.mark.parametrize(("key", "role", "target_of"), EXPORTS, ids=[key for key, _r, _t in EXPORTS])
def test_no_export_cell_is_a_raw_code_or_a_number_with_an_exponent(world, data, page_client_for, key, role, target_of):
    targets = {
        "cluster": world.nanjing_cluster.pk,
        "evaluation": data["monitoring"]["evaluation"].pk,
        "run": data["evaluated"]["run"].pk,
    }
    target = targets.get(target_of)
    client = page_client_for(world.user(role))
    codes = raw_codes()
    _response, job = export(client, key, "xlsx", target=target, language="zh-hans")
    cells = all_cells(job)
    assert len(cells) > 1
    assert_words_and_numbers(cells, codes)
    if key not in EXCEL_ONLY:
        _response, job = export(client, key, "csv", target=target, language="zh-hans")
        assert_words_and_numbers([cell for row in csv_rows(job) for cell in row], codes)


def test_toolkit_money_goes_out_in_wan_yuan_with_two_decimals_as_numbers(world, data, page_client_for):
    client = page_client_for(world.jiangsu)
    _response, job = export(client, "policies.toolkits", "xlsx", language="zh-hans")
    header, row = list(workbook(job).active.iter_rows(values_only=True))[:2]
    assert header[5:7] == ("承诺金额（万元）", "已拨付（万元）")
    assert row[5:7] == (35000.01, 15000)  # 350,000,123.45 yuan, 150,000,000 yuan

    _response, job = export(client, "policies.toolkits", "csv", language="zh-hans")
    header, row = csv_rows(job)[:2]
    assert header[5:7] == ["承诺金额（万元）", "已拨付（万元）"]
    assert row[5:7] == ["35000.01", "15000.00"]  # two decimals, always


def test_the_comparison_gives_every_money_row_in_wan_yuan(world, data, page_client_for):
    _response, job = export(page_client_for(world.jiangsu), "policies.toolkit_comparison", "xlsx", language="zh-hans")
    rows = list(workbook(job).active.iter_rows(values_only=True))
    measures = {row[1] for row in rows[1:]}
    assert "承诺金额（万元）" in measures and "已拨付（万元）" in measures
    assert not [m for m in measures if m and "（元）" in m]
    totals = {row[1]: row[2] for row in rows if row[0] == "合计"}
    assert totals["承诺金额（万元）"] == 35000.01
    assert totals["已拨付（万元）"] == 15000
    money = [row[2] for row in rows if row[1] in ("承诺金额（万元）", "已拨付（万元）")]
    assert all(isinstance(value, int | float) for value in money)  # numbers, so Excel can add them up


def test_member_money_headers_say_wan_yuan_and_keep_the_stored_figure(world, data, page_client_for):
    rows = exported(page_client_for(world.nanjing_body), "clusters.members", target=world.nanjing_cluster.pk)
    header = rows[0]
    assert header[8] == "营业收入（万元）" and header[10] == "研发投入（万元）"
    member = next(row for row in rows if row[0] == "链主企业")
    assert member[8] == "12345.67"


def test_the_plan_export_names_the_indicator_and_writes_no_exponent(world, data, page_client_for):
    _response, job = export(page_client_for(world.ministry), "policies.plans", "xlsx", language="zh-hans")
    targets = list(workbook(job).worksheets[1].iter_rows(values_only=True))
    assert "指标代码" not in targets[0]
    assert targets[1][2:4] == ("营业收入", "亿元")
    assert targets[1][5] == 100  # stored as 1E+2, written as the number 100


def test_scores_of_the_run_and_the_monitoring_summary_have_two_decimals(world, data, page_client_for):
    client = page_client_for(world.ministry)
    _response, job = export(client, "evaluations.run_results", "xlsx", target=data["evaluated"]["run"].pk)
    rows = list(workbook(job)["结果"].iter_rows(values_only=True))
    scores = [cell for row in rows[1:] for cell in row[4:7] + row[8:] if cell is not None]
    assert scores and all(round(score, 2) == score for score in scores)
    evaluation = data["monitoring"]["evaluation"].pk
    _response, job = export(client, "monitoring.summary", "xlsx", target=evaluation, language="zh-hans")
    rows = list(workbook(job).worksheets[0].iter_rows(values_only=True))
    overall = [row[6] for row in rows[1:]]
    assert overall and all(isinstance(value, int | float) and round(value, 2) == value for value in overall)


def test_the_writers_never_write_an_exponent():
    rows = [[Decimal("1E+2"), Decimal("1E-7"), 1e-07, 1e20, Decimal("35000.00")]]
    text = csv_text(["a", "b", "c", "d", "e"], rows)
    assert text.splitlines()[1] == "100,0.0000001,0.0000001,100000000000000000000,35000.00"
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([("S", ["a"], [[Decimal("1E+2")]])]))).active
    assert sheet["A2"].value == 100


def test_the_cell_helpers_round_to_two_decimals():
    assert wan_cell(Decimal("350000123.45")) == Decimal("35000.01")
    assert wan_cell("1E+6") == Decimal("100.00")
    assert wan_cell(None) is None
    assert score_cell(85.456) == Decimal("85.46")
    assert str(score_cell(Decimal("1E+2"))) == "100.00"
