"""The shape of the test suite itself: test modules share code through conftest fixtures and support modules,
never by importing one another (pytest would then collect, and run, the imported tests twice over)."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(source, package):
    """The dotted names a module of `package` imports, relative imports resolved."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = parts[: len(parts) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def is_test_module(name):
    return name.startswith("tests.") and name.split(".")[-1].startswith("test_")


def test_no_module_of_the_suite_imports_a_test_module():
    offenders = set()
    for path in sorted(TESTS.rglob("*.py")):
        package = ".".join(("tests", *path.relative_to(TESTS).parent.parts))
        for name in imported_modules(path.read_text(encoding="utf-8"), package):
            if is_test_module(name):
                offenders.add(f"{path.relative_to(TESTS.parent)} imports {name}")
    assert not offenders, sorted(offenders)


def test_relative_and_absolute_imports_of_test_modules_are_seen():
    source = "from ..test_imports import member_row\nimport tests.test_browser\nfrom . import test_x\n"
    names = set(imported_modules(source, "tests.builders"))
    assert {"tests.test_imports", "tests.test_browser", "tests.builders.test_x"} <= names
    assert not any(is_test_module(name) for name in imported_modules("from .builders.plans import make_plan", "tests"))


def transactional_markers_without_serialized_rollback(source):
    """`django_db(transaction=True)` markers in a module that do not also ask for `serialized_rollback=True`."""
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "django_db"):
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        transactional = isinstance(keywords.get("transaction"), ast.Constant) and keywords["transaction"].value
        serialized = (
            isinstance(keywords.get("serialized_rollback"), ast.Constant) and keywords["serialized_rollback"].value
        )
        if transactional and not serialized:
            yield node.lineno


def test_every_transactional_test_restores_the_database_it_flushes():
    """A transactional test flushes the database after it runs; without serialized rollback the flush re-creates
    the content types under new ids, and the next serialized-rollback test on that process fails to reload them."""
    offenders = [
        f"{path.relative_to(TESTS.parent)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in transactional_markers_without_serialized_rollback(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


def test_a_bare_transactional_marker_is_seen():
    source = "@pytest.mark.django_db(transaction=True)\ndef test_x(): pass\n"
    assert list(transactional_markers_without_serialized_rollback(source)) == [1]
    fine = "@pytest.mark.django_db(transaction=True, serialized_rollback=True)\ndef test_x(): pass\n"
    assert list(transactional_markers_without_serialized_rollback(fine)) == []
