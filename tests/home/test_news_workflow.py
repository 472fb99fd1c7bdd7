"""News approval: decentral editors write and submit, the central editorial
team approves or requests changes from the dashboard, approved news appears
on the start page, scheduled and expired news come and go on time."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
from wagtail.models import Page, Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.editorial import ensure_editorial_setup
from home.models import NewsPage
from tests import factories


@pytest.fixture
def editorial(home_page, news_index):
    """The editorial groups and the news workflow, as the command sets them up."""
    return ensure_editorial_setup()


@pytest.fixture
def editor(editorial):
    """A decentral news editor of an office."""
    person = factories.UserFactory(username="redakteur", email="redakteur@stadt.example")
    person.groups.add(editorial.decentral_group)
    return person


@pytest.fixture
def reviewer(editorial):
    """A member of the central editorial team."""
    person = factories.UserFactory(username="redaktion", email="redaktion@stadt.example")
    person.groups.add(editorial.central_group)
    return person


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def make_draft(news_index, editor, **fields):
    """A news article the editor has written and saved, not yet published."""
    page = factories.NewsPageFactory(parent=news_index, live=False, owner=editor, **fields)
    page.save_revision(user=editor)
    return Page.objects.get(pk=page.pk).specific


def edit_form_data(page, action, **overrides):
    """The admin edit form of a news article as the browser posts it."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": "",
        "teaser": page.teaser,
        "image": "",
        "body": streamfield([("paragraph", rich_text("<p>Text der Nachricht.</p>"))]),
        "category": page.category,
        "issuing_office": "",
        "tags": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
        action: "1",
    }
    data.update(overrides)
    return nested_form_data(data)


def post_edit(client, page, action, **overrides):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_form_data(page, action, **overrides),
    )


def submit(client, page, **overrides):
    """The editor presses "Zur Freigabe einreichen" on the edit page."""
    response = post_edit(client, page, "action-submit", **overrides)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Page.objects.get(pk=page.pk).specific


def workflow_action(client, page, action, comment=""):
    """A reviewer's click in the dashboard's "Awaiting your review" panel."""
    task_state = page.current_workflow_task_state
    assert task_state is not None
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": comment},
    )
    assert response.status_code == 302
    return Page.objects.get(pk=page.pk).specific


def local_input(moment):
    """A datetime as the admin's date-time widget sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def test_editor_cannot_publish(editor, editor_client, news_index):
    page = make_draft(news_index, editor)
    assert page.permissions_for_user(editor).can_edit()
    assert not page.permissions_for_user(editor).can_publish()
    assert not news_index.permissions_for_user(editor).can_publish_subpage()

    response = post_edit(editor_client, page, "action-publish", title="Eigenmächtig")

    assert response.status_code == 302
    page = Page.objects.get(pk=page.pk).specific
    assert not page.live
    assert page.get_latest_revision_as_object().title == "Eigenmächtig"
    assert page not in NewsPage.objects.live()


def test_editor_cannot_publish_from_the_add_form(editor, editor_client, news_index):
    response = editor_client.post(
        reverse("wagtailadmin_pages:add", args=["home", "newspage", news_index.pk]),
        nested_form_data(
            {
                "title": "Neu und sofort?",
                "slug": "neu-und-sofort",
                "summary": "",
                "teaser": "Kurz.",
                "image": "",
                "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
                "category": "general",
                "issuing_office": "",
                "tags": "",
                "seo_title": "",
                "search_description": "",
                "go_live_at": "",
                "expire_at": "",
                "comments": inline_formset([]),
                "action-publish": "1",
            }
        ),
    )

    assert response.status_code == 302
    page = NewsPage.objects.get(slug="neu-und-sofort")
    assert not page.live


def test_submit_approve_shows_news_on_start_page(
    editor, editor_client, reviewer, client, news_index, home_page, user
):
    page = make_draft(news_index, editor, title="Neues Bürgerbüro eröffnet")

    page = submit(editor_client, page)

    assert page.workflow_in_progress
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.current_workflow_state.requested_by == editor
    assert not page.live
    assert page not in home_page.latest_news(user)
    # The central team is asked to review (Wagtail's own notification).
    assert any("redaktion@stadt.example" in message.to for message in mail.outbox)

    client.force_login(reviewer)
    mail.outbox.clear()
    page = workflow_action(client, page, "approve")

    assert page.live
    assert not page.workflow_in_progress
    assert page.current_workflow_state is None
    assert page in home_page.latest_news(user)
    # The submitter hears of the decision, once.
    to_editor = [message for message in mail.outbox if message.to == [editor.email]]
    assert len(to_editor) == 1
    assert "Neues Bürgerbüro eröffnet" in to_editor[0].body
    assert "freigegeben" in to_editor[0].body.lower()

    client.force_login(user)
    api = client.get(f"/api/v2/pages/{page.pk}/")
    assert api.status_code == 200
    assert api.json()["title"] == "Neues Bürgerbüro eröffnet"


def test_approved_news_appears_on_the_rendered_start_page(
    editor, editor_client, reviewer, client, news_index, user
):
    page = submit(editor_client, make_draft(news_index, editor, title="Sommerfest im Rathaus"))
    client.force_login(user)
    assert "Sommerfest im Rathaus" not in client.get("/").content.decode()

    client.force_login(reviewer)
    workflow_action(client, page, "approve")

    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert "Sommerfest im Rathaus" in response.content.decode()


def test_reject_sends_it_back_with_the_comment(
    editor, editor_client, reviewer, client, news_index, home_page, user
):
    page = submit(editor_client, make_draft(news_index, editor, title="Neue Parkregeln"))
    client.force_login(reviewer)
    mail.outbox.clear()

    page = workflow_action(client, page, "reject", comment="Bitte das Datum ergänzen.")

    assert not page.live
    assert page.has_unpublished_changes
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert page not in home_page.latest_news(user)
    assert page.permissions_for_user(editor).can_edit()
    to_editor = [message for message in mail.outbox if message.to == [editor.email]]
    assert len(to_editor) == 1
    body = to_editor[0].body
    assert "Bitte das Datum ergänzen." in body
    assert "Neue Parkregeln" in body
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in body

    # The editor reworks it and submits again; now it can be approved.
    page = submit(editor_client, page, title="Neue Parkregeln ab 1. März")
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    page = workflow_action(client, page, "approve")
    assert page.live
    assert page.title == "Neue Parkregeln ab 1. März"


def test_scheduled_news_appears_at_its_time(
    editor, editor_client, reviewer, client, news_index, home_page, user
):
    go_live_at = timezone.now() + datetime.timedelta(days=2)
    page = submit(
        editor_client,
        make_draft(news_index, editor, title="Ab übermorgen"),
        go_live_at=local_input(go_live_at),
    )
    client.force_login(reviewer)

    page = workflow_action(client, page, "approve")

    assert not page.live
    assert page.scheduled_revision is not None
    assert page not in home_page.latest_news(user)
    call_command("publish_scheduled")
    assert not Page.objects.get(pk=page.pk).live

    # Time passes: move the approved date (and the date stored in the
    # approved revision) into the past instead of moving the clock.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = Revision.objects.get(pk=page.scheduled_revision.pk)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")

    page = Page.objects.get(pk=page.pk).specific
    assert page.live
    assert page in home_page.latest_news(user)


def test_expired_news_disappears(
    editor, editor_client, reviewer, client, news_index, home_page, user
):
    page = submit(editor_client, make_draft(news_index, editor, title="Bald vorbei"))
    client.force_login(reviewer)
    page = workflow_action(client, page, "approve")
    assert page in home_page.latest_news(user)
    client.force_login(user)
    assert client.get(page.url).status_code == 200

    # Its expiry date passes; the scheduler has not run yet.
    NewsPage.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert page not in home_page.latest_news(user)
    assert client.get(page.url).status_code == 404
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404

    call_command("publish_scheduled")

    page = Page.objects.get(pk=page.pk)
    assert not page.live
    assert page.expired


def test_notifications_can_be_delivered_in_the_background(
    settings, editor, editor_client, reviewer, client, news_index
):
    settings.EMAIL_BACKEND = "home.tasks.TaskEmailBackend"
    settings.INTRANET_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = submit(editor_client, make_draft(news_index, editor, title="Neue Parkregeln"))
    client.force_login(reviewer)
    mail.outbox.clear()

    workflow_action(client, page, "reject", comment="Bitte das Datum ergänzen.")

    # The test settings run tasks at once, so the queued mail is already delivered.
    to_editor = [message for message in mail.outbox if message.to == [editor.email]]
    assert len(to_editor) == 1
    assert "Bitte das Datum ergänzen." in to_editor[0].body
    assert to_editor[0].extra_headers["Auto-Submitted"] == "auto-generated"


def test_background_mail_waits_in_the_queue(settings, db):
    from django.core.mail import EmailMultiAlternatives

    from django_tasks_db.models import DBTaskResult

    settings.EMAIL_BACKEND = "home.tasks.TaskEmailBackend"
    settings.INTRANET_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    message = EmailMultiAlternatives("Betreff", "Text", to=["redakteur@stadt.example"])
    message.attach_alternative("<p>Text</p>", "text/html")

    assert message.send() == 1

    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "home.tasks.deliver_email"
    # Run the queued task the way the worker does (the worker command itself
    # closes database connections, which a test inside a transaction cannot survive).
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    assert [m.to for m in mail.outbox] == [["redakteur@stadt.example"]]
    assert mail.outbox[0].alternatives[0].content == "<p>Text</p>"
