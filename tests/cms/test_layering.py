"""The layers of the project, checked on the source: every import statement
of every project .py file outside migrations (function-local ones too, and
``import_module("…")`` with a literal name) against the declared rules.

- The read-visibility core ``cms.permissions`` imports no app (nor any other
  project module outside itself).
- The silos ``home``, ``offices`` and ``workspaces`` do not import each other,
  except the public models of ``offices``: the org structure is the shared
  backbone (a news item's issuing office, a register entry's office).
  ``offices`` imports neither ``workspaces`` nor ``home`` at all.
- The project package ``cms`` (settings, URLs, the frame, the API, the
  notification centre …) imports no silo: the apps register with it
  (cms/navigation.py, search/sources.py).
- ``search`` imports from the silos only the public models of ``offices``, for
  the office facet (a documented exception until units become a search
  source of their own).
- No module imports a ``_private`` name (or module) from another app.
- Nothing but ``demo`` itself imports ``demo``, besides tests and the
  benchmarks, which build on the demo data.

Page-type declarations (``subpage_types = ["home.ContentPage"]``) are Wagtail's
own registry of page types, not imports, and stay out of these rules.

A violation is reported as ``path:line``."""

import ast
import importlib.util
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", ".git", ".run", "node_modules", "migrations", "media", "static"}
SILOS = ("home", "offices", "workspaces")
# (importing top-level app, imported module prefix) that a silo rule allows.
ALLOWED_SILO_EDGES = {
    ("home", "offices.models"),
    ("workspaces", "offices.models"),
    ("search", "offices.models"),
}
# Violations a change under way still has to remove; each entry is (path,
# imported module, imported name). Empty since the rights applier landed.
PENDING = set()


def project_files():
    """Every .py file of the project outside migrations and tool folders."""
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if not SKIP_DIRS.intersection(relative.parts):
            yield relative


def module_name(relative):
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def local_apps():
    """The project's own apps from INSTALLED_APPS (new ones included), longest
    name first, so that ``cms.permissions`` wins over ``cms``."""
    apps = []
    for name in settings.INSTALLED_APPS:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin).resolve() if spec and spec.origin else None
        if origin and ROOT in origin.parents and ".venv" not in origin.parts:
            apps.append(name)
    return sorted(apps, key=len, reverse=True)


def app_of(module, apps):
    """The app ``module`` belongs to (its longest app prefix), or None."""
    for app in apps:
        if module == app or module.startswith(app + "."):
            return app
    return None


def top(module):
    return module.split(".")[0]


def imports(relative, text=None):
    """``(line, module, name or None)`` for every import in the file: plain
    and ``from`` imports at any depth, relative ones resolved, and calls of
    ``import_module`` with a literal module name."""
    module = module_name(relative)
    package = module if relative.name == "__init__.py" else module.rpartition(".")[0]
    if text is None:
        text = (ROOT / relative).read_text()
    for node in ast.walk(ast.parse(text, str(relative))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            for alias in node.names:
                yield node.lineno, target, alias.name
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value, None


def is_private(name):
    return name.startswith("_") and not name.startswith("__")


def allowed_edge(source_top, target, name):
    """Whether a silo edge is one of ALLOWED_SILO_EDGES (``from offices import
    models`` counts as ``offices.models``)."""
    full = f"{target}.{name}" if name else target
    return any(
        source_top == source
        and any(p == prefix or p.startswith(prefix + ".") for p in (target, full))
        for source, prefix in ALLOWED_SILO_EDGES
    )


def check(relative, apps, text=None):
    """The breaches in one file: ``(path, line, module, name, message)``."""
    source_app = app_of(module_name(relative), apps)
    if source_app is None:  # tests, bench/, scripts/, manage.py: tools, not apps
        return []
    source_top = top(source_app)
    found = []
    for line, target, name in imports(relative, text):
        target_app = app_of(target, apps)
        if target_app is None or target_app == source_app:
            continue
        target_top = top(target_app)
        messages = []
        if source_app == "cms.permissions":
            messages.append("the permission core cms.permissions imports no app")
        if source_top != target_top and target_top in SILOS:
            if source_top == "offices" and target_top in ("workspaces", "home"):
                messages.append("offices imports neither workspaces nor home")
            elif source_top in SILOS + ("search",) and not allowed_edge(source_top, target, name):
                messages.append(f"{source_top} imports silo {target_top} (not an allowed edge)")
            elif source_top == "cms":
                messages.append(f"the project package cms imports silo {target_top}")
        if target_top == "demo" and source_top != "demo":
            messages.append("only demo (and tests, benchmarks) import demo")
        private = [part for part in target.split(".") if is_private(part)]
        if name and is_private(name):
            private.append(name)
        if private:
            messages.append(f"private {', '.join(private)} of app {target_app}")
        found += [(relative.as_posix(), line, target, name, message) for message in messages]
    return found


def violations():
    """Every breach of the rules in the project."""
    apps = local_apps()
    return [v for relative in project_files() for v in check(relative, apps)]


def describe(found):
    return "\n".join(
        f"{path}:{line}: {message} ({module}{'.' + name if name else ''})"
        for path, line, module, name, message in found
    )


SAMPLE = """
from cms.permissions import visible_pages
from offices.models import OrgUnit


def later():
    from workspaces.services import _add_child
    from ..models import BasePage
    import_module("demo.home")
"""


def test_the_checker_sees_every_kind_of_import():
    """Function-local, relative and import_module imports are all seen and
    judged; otherwise the rules would pass vacuously."""
    apps = local_apps()
    assert {"cms", "cms.permissions", "home", "offices", "workspaces", "search", "demo"} <= set(
        apps
    )
    found = {
        (module, name, message)
        for _path, _line, module, name, message in check(Path("offices/sample.py"), apps, SAMPLE)
    }
    assert found == {
        ("workspaces.services", "_add_child", "offices imports neither workspaces nor home"),
        ("workspaces.services", "_add_child", "private _add_child of app workspaces"),
        ("demo.home", None, "only demo (and tests, benchmarks) import demo"),
    }
    core = check(Path("cms/permissions/sample.py"), apps, SAMPLE)
    lines = {(module, line) for _path, line, module, _name, _msg in core}
    # offices.models (line 3), the local import (7), the relative one resolved
    # to cms.models (8): all caught in the core.
    assert {("offices.models", 3), ("workspaces.services", 7), ("cms.models", 8)} <= lines
    assert ("cms.permissions", 2) not in lines  # the core may import itself


def test_no_layering_violations():
    found = [v for v in violations() if (v[0], v[2], v[3]) not in PENDING]
    assert not found, "layering violations:\n" + describe(found)


def test_pending_entries_still_exist():
    """Every PENDING entry still names a real violation, so the list cannot go
    stale: once the change that removes one is merged, delete the entry."""
    current = {(path, module, name) for path, _line, module, name, _msg in violations()}
    gone = PENDING - current
    assert not gone, f"no longer violations, remove from PENDING: {sorted(gone)}"
