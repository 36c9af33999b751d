"""The code's layers point one way (docs/architecture.md): statistics and the records pipeline
know nothing of views or the web; views know nothing of Dash, Flask or pages; only pages, routes,
exports and the app shell touch the web. Read from each module's own import statements."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboard.config import PACKAGE_DIR

WEB = ("dash", "flask", "flask_caching", "flask_compress", "werkzeug")
# module prefix -> what it may not import
RULES: dict[str, tuple[str, ...]] = {
    "dashboard.stats": ("dashboard.views", "dashboard.pages", "dashboard.export", "dashboard.etl", *WEB),
    "dashboard.deaths": ("dashboard.views", "dashboard.pages", "dashboard.export", *WEB),
    "dashboard.etl": ("dashboard.views", "dashboard.pages", "dashboard.export", *WEB),
    "dashboard.indicators": ("dashboard.views", "dashboard.pages", "dashboard.labels", *WEB),
    "dashboard.messages": ("dashboard.views", "dashboard.pages", *WEB),
    "dashboard.labels": ("dashboard.views", "dashboard.pages", *WEB),
    "dashboard.groups": ("dashboard.views", "dashboard.pages", *WEB),
    "dashboard.figures": ("dashboard.views", "dashboard.pages", "dashboard.export", *WEB),
    "dashboard.views": ("dashboard.pages", "dashboard.export", "dashboard.routes", "dashboard.components", *WEB),
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
