"""The code's layers point one way (docs/architecture.md): statistics, the records pipeline, the
build, the vocabulary (`model`), the words and the figures know nothing of views or the web;
views know nothing of Dash, Flask, pages, exports or the web shell; only `web`, pages and exports
touch Dash and Flask. Read from each module's own import statements."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboard.config import PACKAGE_DIR

WEB = ("dash", "flask", "flask_caching", "flask_compress", "werkzeug")
# module prefix -> what it may not import
UPPER = ("dashboard.views", "dashboard.pages", "dashboard.export", "dashboard.web")
RULES: dict[str, tuple[str, ...]] = {
    "dashboard.stats": (*UPPER, "dashboard.etl", *WEB),
    "dashboard.deaths": (*UPPER, *WEB),
    "dashboard.etl": (*UPPER, *WEB),
    "dashboard.model": (*UPPER, *WEB),
    "dashboard.model.indicators": ("dashboard.words",),  # the catalogue is below the words that read it
    "dashboard.words": (*UPPER, *WEB),
    "dashboard.figures": (*UPPER, *WEB),
    "dashboard.views": ("dashboard.pages", "dashboard.export", "dashboard.web", *WEB),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = sorted(PACKAGE_DIR.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[_module_name(path) for path in MODULES])
def test_each_module_imports_only_from_its_own_layer_or_below(path: Path) -> None:
    name = _module_name(path)
    forbidden = [banned for prefix, banned in RULES.items() if name == prefix or name.startswith(prefix + ".")]
    for imported in _imports(path):
        for banned in (item for group in forbidden for item in group):
            assert not (imported == banned or imported.startswith(banned + ".")), f"{name} imports {imported}"


def test_the_rules_name_real_modules() -> None:
    names = {_module_name(path) for path in MODULES}
    for prefix in RULES:
        assert any(name == prefix or name.startswith(prefix + ".") for name in names), prefix


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


@pytest.mark.parametrize("path", MODULES, ids=[_module_name(path) for path in MODULES])
def test_each_module_and_function_is_short_enough_to_read_whole(path: Path) -> None:
    """A module over 400 lines or a function over 60 is a sign that two things share a name
    (CONTRIBUTING.md); split it rather than raise the limit."""
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{_module_name(path)} has {len(text.splitlines())} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
            length = node.end_lineno - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{_module_name(path)}.{node.name} has {length} lines"
