"""The read-visibility core knows no app and no roles: the rights live in
cms/rights, fed by the apps' providers (issue 11, §6)."""

import ast
from pathlib import Path

from django.conf import settings

CORE = Path(settings.BASE_DIR) / "cms" / "permissions"
APPS = ("home", "offices", "workspaces", "search", "cms.rights", "demo")


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_the_core_imports_no_app_and_has_no_roles_code():
    files = list(CORE.rglob("*.py"))
    assert files and not (CORE / "roles.py").exists()
    for path in files:
        for module in imported_modules(path):
            assert not module.startswith(APPS), f"{path.name} imports {module}"
        assert "roles.yaml" not in path.read_text(encoding="utf-8"), path.name


def test_apps_grant_no_rights_themselves():
    """Only cms/rights writes group page and collection permissions."""
    for app in ("home", "offices", "workspaces"):
        for path in (Path(settings.BASE_DIR) / app).glob("*.py"):
            text = path.read_text(encoding="utf-8")
            for writer in ("GroupPagePermission.objects.create", "GroupCollectionPermission"):
                assert writer not in text, f"{app}/{path.name} uses {writer}"
