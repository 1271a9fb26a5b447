"""Builders for the plans tests and the plans matrix cases (tests/matrix/plans.py)."""


def plan_form_data():
    """A complete, valid plan form (with one key task and one target)."""
    return {
        "title": "修订后的培育提升方案",
        "period_start": "2023",
        "period_end": "2027",
        "overall_thinking": "链主引领。",
        "stage_point": "",
        "stage_line": "",
        "stage_surface": "",
        "stage_network": "",
        "tasks-TOTAL_FORMS": "1",
        "tasks-INITIAL_FORMS": "0",
        "tasks-0-task": "建设公共服务平台",
        "tasks-0-department": "市工业和信息化局",
        "tasks-0-deadline": "2026-06-30",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-indicator": "revenue",
        "targets-0-baseline_year": "2022",
        "targets-0-baseline_value": "100",
        "targets-0-target_year": "2027",
        "targets-0-target_value": "180",
    }
