"""Schemathesis against a live server: every operation of /api/v2/schema/,
called as an employee with a bearer token on seeded data, answers no 5xx and
only what the description promises (``not_a_server_error`` and
``response_schema_conformance``).

One test seeds once and walks all operations, each with its own Hypothesis
run bounded by ``MAX_EXAMPLES``, so the whole run stays within a few minutes;
failures of all operations are collected and reported together."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest
import requests
import schemathesis
from axes.utils import reset as axes_reset
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from cms.notifications.models import Kind
from cms.notifications.services import notify
from tests import factories
from tests.search.conftest import index_all, search_engine  # noqa: F401 - fixture
from workspaces import services as workspace_services
from workspaces.calendar import services as calendar
from workspaces.discussions import services as discussions
from workspaces.documents import services as documents
from workspaces.glossary import services as glossary
from workspaces.models import Workspace, WorkspaceMembership

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MAX_EXAMPLES = 25
PASSWORD = "pw"  # the factories' password


@pytest.fixture
def seeded(home_page, search_engine):  # noqa: F811 - the imported fixture
    """An employee in a private workspace with one item of every tool, pages,
    a document, an image and a notification; returns the employee."""
    employee = factories.UserFactory(username="mitarbeiterin")
    owner = factories.UserFactory(username="leitung")
    for title in ("Urlaubsantrag", "Dienstreise"):
        factories.ContentPageFactory(parent=home_page, title=title)
    factories.DocumentFactory(title="Dienstplan")
    factories.ImageFactory(title="Rathaus")
    workspace = workspace_services.create_workspace(
        "Digitale Akte", Workspace.Kind.PRIVATE, Workspace.Template.PROJECT, owner
    )
    workspace_services.set_member(workspace, employee, WorkspaceMembership.Role.MEMBER)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 Plan", content_type="application/pdf")
    document = documents.add_document(workspace, owner, pdf, "Konzept")
    documents.add_comment(workspace, owner, document, "Passt so.")
    discussions.start_thread(workspace, owner, "Zeitplan", "Wann starten wir?")
    start = timezone.now() + datetime.timedelta(days=3)
    calendar.save_event(
        workspace,
        owner,
        {"title": "Auftakt", "start": start, "end": start + datetime.timedelta(hours=1)},
    )
    calendar.create_poll(
        workspace, owner, "Workshop", [(start, start + datetime.timedelta(hours=2))]
    )
    glossary.save_term(workspace, owner, {"term": "Akte", "definition": "Eine Sammlung."})
    notify([employee], Kind.MENTION, "Neu im Arbeitsraum", url="/")
    index_all(search_engine)
    return employee


def _token(base):
    # The fuzzed POST /auth/token/ signs in with wrong passwords and locks this
    # address, as the throttle should (tests/accounts test it); the run's own
    # sign-ins start from a clean count.
    axes_reset()
    response = requests.post(
        f"{base}/api/v2/auth/token/",
        json={"username": "mitarbeiterin", "password": PASSWORD},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return response.json()["token"]


def test_api_conforms_to_its_description(live_server, seeded):
    base = live_server.url
    token = _token(base)
    schema = schemathesis.openapi.from_url(
        f"{base}/api/v2/schema/", headers={"Authorization": f"Bearer {token}"}, timeout=60
    )
    checks = [not_a_server_error, response_schema_conformance]
    failures, operations, requests_made = [], 0, [0]

    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        revokes = operation.method.upper() == "DELETE" and operation.path == "/auth/token/"

        @given(case=operation.as_strategy(), revokes=st.just(revokes))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case, revokes):
            # Revoking the token of the run would end it: that call gets its own.
            used = _token(base) if revokes else token
            requests_made[0] += 1
            case.call_and_validate(
                base_url=f"{base}/api/v2",
                headers={"Authorization": f"Bearer {used}"},
                checks=checks,
                timeout=60,
            )

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # collected and reported below
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")

    print(f"schemathesis: {operations} operations, {requests_made[0]} requests")
    assert operations >= 40
    assert not failures, "\n\n".join(failures)
