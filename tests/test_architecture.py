"""The layout the design card asks for, read from the source: the layers, no import circle, modules of a readable
size, and the naming scheme (a concept is a sub-package whose files are named for their role; an app keeps its
permissions in one `<app>/rules.py` and is wired through its `urls.py` and `api/urls.py`)."""

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("tenancy", "clusters", "exchange", "policies", "evaluations", "monitoring")
PRODUCT = (*APPS, "config")
MAX_LINES = 600

# Lower layers never import higher ones: tenancy <- clusters <- policies <- evaluations / monitoring, and the layer
# between clusters (exchange) stands on clusters alone: nothing imports it, and it imports no app above clusters.
FORBIDDEN = {
    "tenancy": ("clusters", "exchange", "policies", "evaluations", "monitoring"),
    "clusters": ("exchange", "policies", "evaluations", "monitoring"),
    "exchange": ("policies", "evaluations", "monitoring"),
    "policies": ("exchange", "evaluations", "monitoring"),
    "evaluations": ("exchange",),
    "monitoring": ("exchange",),
}

# A file named for a concept and a role at once (`plans_views.py`, `views_layout.py`): the concept should be a
# sub-package holding files named for their role.
ROLES = "views|urls|forms|services|selectors|serializers|tasks|models|api|filters|admin|notifications|rules|demo"
PREFIXED = re.compile(rf"^(?:\w+_(?:{ROLES})|(?:{ROLES})_\w+)\.py$")
# Django names a management command after its file (`manage.py seed_demo`): the file name is the command's.
COMMANDS = ("management", "commands")


def product_files():
    for top in PRODUCT:
        for path in sorted((ROOT / top).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            yield relative


def module_name(relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(relative): relative for relative in product_files()}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


@cache
def imports() -> dict[str, set[str]]:
    """Module -> the product modules it imports (at any depth of its code, so an import inside a function counts)."""
    known = modules()
    graph = {}
    for module, relative in known.items():
        tree = ast.parse((ROOT / relative).read_text(), str(relative))
        targets = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(module, relative.name == "__init__.py", node)
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    targets.add(submodule if submodule in known else source)
        graph[module] = {target for target in targets if target in known and target != module}
    return graph


def layer_violations(app: str) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in imports().items()
        if module.split(".")[0] == app
        for target in targets
        if target.split(".")[0] in FORBIDDEN[app]
    )


def cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    graph = imports()
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


BY_APP = [
    "tenancy",
    "clusters",
    "exchange",
    "policies",
    "evaluations",
    "monitoring",
    "config",
]


def of_app(app: str, module: str) -> bool:
    return module.split(".")[0] == app


def test_tenancy_imports_no_domain_app():
    assert layer_violations("tenancy") == []


def test_clusters_import_neither_policies_nor_competitions_nor_monitoring():
    assert layer_violations("clusters") == []


def test_policies_import_neither_competitions_nor_monitoring():
    assert layer_violations("policies") == []


def test_exchange_imports_no_app_above_clusters_and_nothing_imports_it():
    assert [violation for app in FORBIDDEN for violation in layer_violations(app) if "exchange" in violation] == []
    assert layer_violations("exchange") == []


@pytest.mark.parametrize("app", BY_APP)
def test_no_import_circle_between_product_modules(app):
    assert [cycle for cycle in cycles() if any(of_app(app, module) for module in cycle)] == []


@pytest.mark.parametrize("app", BY_APP)
def test_no_product_module_is_longer_than_600_lines(app):
    long = {
        str(relative): lines
        for relative in product_files()
        if relative.parts[0] == app and (lines := len((ROOT / relative).read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_test_module_is_longer_than_600_lines():
    """The bar holds for the suite too: its modules (tests/, tests/builders/, tests/matrix/, ...) are split by topic."""
    tests = ROOT / "tests"
    long = {
        str(path.relative_to(ROOT)): lines
        for path in sorted(tests.rglob("*.py"))
        if "migrations" not in path.relative_to(tests).parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


@pytest.mark.parametrize("app", BY_APP)
def test_concepts_are_sub_packages_not_prefixed_files(app):
    prefixed = [
        str(relative)
        for relative in product_files()
        if relative.parts[0] == app and PREFIXED.match(relative.name) and relative.parts[1:3] != COMMANDS
    ]
    assert prefixed == []


def test_the_naming_check_sees_prefixed_files():
    for name in ("plans_views.py", "views_layout.py", "demo_data.py", "warning_rules.py", "member_admin.py"):
        assert PREFIXED.match(name), name
    for name in ("views.py", "rules.py", "demo.py", "early_warnings.py", "milestones.py", "data.py"):
        assert not PREFIXED.match(name), name


@pytest.mark.parametrize("app", APPS)
def test_an_app_keeps_its_permissions_in_one_rules_module(app):
    """pretalx's `<app>/rules.py`: who may do what in an app is read in one file (rules' autodiscovery loads it)."""
    rules_modules = [str(p) for p in product_files() if p.parts[0] == app and p.name == "rules.py"]
    assert rules_modules == [f"{app}/rules.py"]


@pytest.mark.parametrize("app", APPS)
def test_an_app_is_wired_through_its_urls_and_api_urls(app):
    assert f"{app}.urls" in modules() and f"{app}.api.urls" in modules()


@pytest.mark.parametrize("app", APPS)
def test_a_concept_package_keeps_its_api_in_one_api_package(app):
    """The API of a concept is `<concept>/api/` (`serializers.py`, `views.py`, `urls.py`), never an `api.py`."""
    loose = [str(relative) for relative in product_files() if relative.parts[0] == app and relative.name == "api.py"]
    assert loose == []


def test_the_import_graph_is_read():
    """The checks above see the imports: a known edge and a known module are there."""
    assert "clusters.models" in imports()["clusters.imports.job"]
    assert "tenancy.spreadsheets.reading" in modules()
