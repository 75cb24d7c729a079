"""The apps depend in one direction: read from the source code, imports in functions too.

`sources` (who published what) knows nothing of `claims` (what was said), and no
module of the project imports, however indirectly, a module that imports it.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The project's own packages: its apps and the project package itself.
PACKAGES = sorted(
    {name for name in settings.INSTALLED_APPS if (ROOT / name / "__init__.py").exists()}
    | {"dossier"}
)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
}


def imported(name: str, path: Path) -> set[str]:
    """The project's modules this module imports, at its top or inside any function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # `from . import cache` imports a module; `from .models import Claim`, a name
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def test_the_layout_reads_the_projects_packages():
    assert {"claims", "sources", "documents", "search", "api", "dossier", "pages"} <= set(PACKAGES)
    assert "claims.models" in GRAPH["claims.views"]
    assert "pages.kept" in GRAPH["claims.views"]  # `from pages.kept import kept_page`
    assert "claims.answers" in GRAPH["claims.refresh"]  # `from .answers import …`


def test_sources_imports_nothing_of_claims():
    """Not even inside a function: sources sit below the claims made from them."""
    offending = {
        name: sorted(module for module in modules if module.split(".")[0] == "claims")
        for name, modules in GRAPH.items()
        if name.split(".")[0] == "sources"
    }
    assert {name: modules for name, modules in offending.items() if modules} == {}


def test_sources_and_claims_import_nothing_of_documents():
    """Documents are brought in on top of both: they make sources for claims to quote."""
    offending = {
        name: sorted(module for module in modules if module.split(".")[0] == "documents")
        for name, modules in GRAPH.items()
        if name.split(".")[0] in ("sources", "claims")
    }
    assert {name: modules for name, modules in offending.items() if modules} == {}


def test_no_module_imports_itself_through_others():
    """An import cycle, even one kept running by an import inside a function."""
    cycles, done, path = [], set(), []

    def visit(name):
        path.append(name)
        for module in sorted(GRAPH[name]):
            if module in path:
                cycles.append(" -> ".join([*path[path.index(module) :], module]))
            elif module not in done:
                visit(module)
        path.pop()
        done.add(name)

    for name in sorted(GRAPH):
        if name not in done:
            visit(name)
    assert cycles == []
