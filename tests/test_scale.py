"""Load and scale (issue 17, item 8): the benchmark data of `seed_demo --scale N`, planner statistics after bulk
writes, member pages and searches whose cost does not grow with the cluster, and the shipped connection settings."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from stdnum.cn import uscc

from clusters.models import ChainLink, Cluster, Collaboration, Member


def reltuples(model):
    """The row count the planner believes the model's table has (ANALYZE sets it; -1: never analysed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        return cursor.fetchone()[0]


# seed_demo --scale N ----------------------------------------------------------------------------------------------


def test_seed_demo_scale_adds_a_cluster_of_exactly_n_members_with_valid_credit_codes(demo):
    output = io.StringIO()
    call_command("seed_demo", "--scale", "300", stdout=output)
    cluster = Cluster._base_manager.get(name="基准测试集群（300）")
    members = Member._base_manager.filter(cluster=cluster)
    assert members.count() == 300
    codes = list(members.values_list("credit_code", flat=True))
    assert {len(code) for code in codes} == {18}
    assert all(uscc.is_valid(code) for code in codes)
    assert len(set(codes)) == 300
    assert members.filter(kind="enterprise").count() == 300 - 62  # 5 leaders among them; 62 institutions, platforms
    assert members.filter(is_leading=True).count() == 5
    assert (members.filter(is_single_champion=True).count(), members.filter(is_little_giant=True).count()) == (3, 6)
    assert ChainLink._base_manager.filter(cluster=cluster).count() == 8
    edges = Collaboration._base_manager.filter(cluster=cluster).count()
    assert 600 <= edges <= 1000  # about 3 per enterprise, plus 60 supplies into each leader, less duplicates
    assert "基准测试集群（300）: 8 chain links, 300 members" in output.getvalue()
    # Statistics refreshed (PostgreSQL): ANALYZE read every row of these small tables, the new ones included.
    assert reltuples(Member) == Member._base_manager.count()
    assert reltuples(Collaboration) == Collaboration._base_manager.count()
    # Idempotent: a second run adds nothing.
    call_command("seed_demo", "--scale", "300", stdout=io.StringIO())
    assert members.count() == 300
    assert Collaboration._base_manager.filter(cluster=cluster).count() == edges


@pytest.mark.parametrize("scale", ["1", "99"])
def test_seed_demo_refuses_a_scale_too_small_for_the_benchmark_cluster(db, scale):
    with pytest.raises(CommandError, match="--scale must be 0 or at least 100"):
        call_command("seed_demo", "--scale", scale, stdout=io.StringIO())
    assert not Cluster._base_manager.filter(name__startswith="基准测试集群").exists()


def test_a_credit_code_serial_that_does_not_fit_nine_digits_is_refused():
    from clusters.demo import credit_code

    assert credit_code("91", "320500", 999_999_999) == "91320500999999999" + uscc.calc_check_digit("91320500999999999")
    with pytest.raises(ValueError, match="nine digits"):
        credit_code("91", "320500", 1_000_000_000)


# Shipped configuration ---------------------------------------------------------------------------------------------


def test_settings_and_compose_ship_persistent_connections_with_health_checks():
    from pathlib import Path

    import yaml
    from django.conf import settings

    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    compose = yaml.safe_load((Path(__file__).resolve().parent.parent / "docker-compose.yml").read_text())
    for service in ("web", "worker", "beat", "migrate"):
        environment = compose["services"][service]["environment"]
        assert (environment["CONN_MAX_AGE"], environment["CONN_HEALTH_CHECKS"]) == ("60", "true")


# Member search -----------------------------------------------------------------------------------------------------


# On a nearly empty table any plan costs the same: with sequential and plain index scans off (a plain index scan
# can read a whole table too, filtering each row), only an index that answers the condition is left to the planner.
NO_WHOLE_TABLE_SCANS = (
    "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off"
)


def test_member_search_by_name_uses_the_trigram_indexes(db):
    from django.db.models import Q

    queryset = Member._base_manager.order_by().filter(Q(name__icontains="华中电子") | Q(name_en__icontains="Huazhong"))
    with connection.cursor() as cursor:
        cursor.execute(NO_WHOLE_TABLE_SCANS)
        sql, params = queryset.values("id").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on member_name_trgm" in plan
    assert "Bitmap Index Scan on member_name_en_trgm" in plan


def test_member_search_as_the_list_runs_it_uses_an_index_for_each_column(db):
    from clusters.members.selectors import search_members

    queryset = search_members(Member._base_manager.order_by(), "9132")
    with connection.cursor() as cursor:
        cursor.execute(NO_WHOLE_TABLE_SCANS)
        sql, params = queryset.values("id").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for index in ("member_name_trgm", "member_name_en_trgm", "member_credit_code_trgm"):
        assert f"Bitmap Index Scan on {index}" in plan
