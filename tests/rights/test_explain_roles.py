"""``explain_access`` and the rights export name workspace and editorial
roles from the role file and the providers, the source apply_roles uses."""

import csv
import io

from django.core.management import call_command

import pytest

from cms.rights.explain import explain_access
from home.editorial import ensure_editorial_setup
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def export_rows():
    out = io.StringIO()
    call_command("export_rights", "-", stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))


def test_explain_names_the_workspace_owner_role(workspaces, people):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    result = explain_access(people["owner"], workspace.page.specific)
    grants = [r for r in result.edit_reasons if r.passed and "role" in r.data]
    assert grants
    assert {r.data["role"] for r in grants} == {"Arbeitsraum-Verantwortliche (Digitale Akte)"}
    assert "Rolle: Arbeitsraum-Verantwortliche (Digitale Akte)" in result.as_text()


def test_export_lists_workspace_and_editorial_roles(workspaces, news_index):
    ensure_editorial_setup()
    rows = export_rows()
    workspace = workspaces[Workspace.Kind.SECRET]
    owner_rows = [r for r in rows if r[1] == workspace.owner_group.name]
    assert owner_rows and {r[2] for r in owner_rows} == {
        "Arbeitsraum-Verantwortliche (Haushalt 2027)"
    }
    member_rows = [r for r in rows if r[1] == workspace.member_group.name]
    assert member_rows and {r[2] for r in member_rows} == {"Arbeitsraum-Mitglied (Haushalt 2027)"}
    decentral = [r for r in rows if r[1] == "Redaktion dezentral"]
    assert decentral and {r[2] for r in decentral} == {"Redaktion dezentral"}
    assert ["seitenrecht", "Redaktion dezentral"] in [r[:2] for r in decentral]
    forms = [r for r in rows if r[1] == "Bereichsredaktion Formulare"]
    assert forms and {r[2] for r in forms} == {"Bereichsredaktion (Formulare)"}
