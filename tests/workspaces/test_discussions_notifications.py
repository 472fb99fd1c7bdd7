"""Who hears of what in discussions: followers get a reply notification,
mentioned people a mention (once, not both), nobody is told of their own
post, and an edit notifies only people mentioned for the first time. Also
the safe rendering of post text."""

import pytest

from cms.notifications.models import Kind, Notification
from tests import factories
from workspaces import services as workspace_services
from workspaces.discussions import services
from workspaces.discussions.formatting import mention_names, render
from workspaces.models import Workspace, WorkspaceMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def private(workspaces):
    return workspaces[Workspace.Kind.PRIVATE]


@pytest.fixture
def thread(private, people):
    return services.start_thread(private, people["owner"], "Raumplanung", "Welche Räume?")


def kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_followers_hear_of_replies_but_not_of_their_own(private, people, thread):
    services.set_subscribed(thread, people["reader"], True)
    post = services.reply(thread, people["member"], "Raum 101.")
    assert kinds(people["owner"]) == [Kind.REPLY]  # the author follows automatically
    assert kinds(people["reader"]) == [Kind.REPLY]
    assert kinds(people["member"]) == []
    note = Notification.objects.get(recipient=people["owner"])
    assert "Raumplanung" in note.title
    assert note.url.endswith(f"/diskussionen/{thread.pk}/#beitrag-{post.pk}")
    assert note.page_id == private.page_id
    assert note.actor == people["member"]
    # The member now follows too and hears of the owner's answer.
    services.reply(thread, people["owner"], "Gut.")
    assert kinds(people["member"]) == [Kind.REPLY]


def test_a_mentioned_follower_gets_one_notification(private, people, thread):
    services.reply(thread, people["member"], "@Owner, passt das?")
    assert kinds(people["owner"]) == [Kind.MENTION]


def test_mentions_by_full_name_and_in_the_opening_post(private, people):
    person = factories.UserFactory(username="p.mueller", first_name="Paula", last_name="Müller")
    workspace_services.set_member(private, person, WorkspaceMembership.Role.READER)
    thread = services.start_thread(
        private, people["member"], "Neu", 'Hallo @"Paula  Müller" und @p.mueller.'
    )
    assert kinds(person) == [Kind.MENTION]
    html = render(thread.posts.get().body, [person])
    assert html.count('class="mention"') == 2
    assert 'href="mailto:p.mueller@stadt.example"' in html
    assert html.endswith(".</p>")  # the full stop is not part of the name


def test_edit_notifies_only_newly_mentioned_people(private, people, thread):
    post = services.reply(thread, people["member"], "Frage an @reader")
    assert kinds(people["reader"]) == [Kind.MENTION]
    services.edit_post(post, people["member"], "Frage an @reader und @owner")
    assert kinds(people["reader"]) == [Kind.MENTION]
    assert Kind.MENTION in kinds(people["owner"])
    before = Notification.objects.count()
    services.edit_post(post, people["member"], "Frage an @owner und @reader, bitte.")
    assert Notification.objects.count() == before


def test_unknown_and_inactive_people_are_not_mentioned(private, people, thread):
    sleeper = factories.UserFactory(username="schlaf", is_active=False)
    workspace_services.set_member(private, sleeper, WorkspaceMembership.Role.MEMBER)
    post = services.reply(thread, people["member"], "@niemand @schlaf mail@owner.de")
    assert list(post.mentions.all()) == []
    assert not Notification.objects.filter(kind=Kind.MENTION).exists()


def test_mention_names_are_bounded():
    text = " ".join(f"@person{i}" for i in range(50))
    usernames, fullnames = mention_names(text)
    assert len(usernames) == 20 and fullnames == []
    assert mention_names('a@b.de @x. @"Anna Beta"') == (["x"], ["anna beta"])


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<b>fett</b>", "<p>&lt;b&gt;fett&lt;/b&gt;</p>"),
        (
            "**fett** und *kursiv* und `a<b`",
            "<p><strong>fett</strong> und <em>kursiv</em> und <code>a&lt;b</code></p>",
        ),
        ("Zeile 1\nZeile 2\n\nAbsatz", "<p>Zeile 1<br>Zeile 2</p>\n<p>Absatz</p>"),
        ("- eins\n- zwei", "<ul><li>eins</li><li>zwei</li></ul>"),
        (
            "Siehe https://stadt.example/a?b=1&c=2.",
            '<p>Siehe <a href="https://stadt.example/a?b=1&amp;c=2" rel="nofollow noopener">'
            "https://stadt.example/a?b=1&amp;c=2</a>.</p>",
        ),
        (
            'https://x.example/"onmouseover="alert(1)',
            '<p><a href="https://x.example/" rel="nofollow noopener">https://x.example/</a>&quot;onmouseover=&quot;alert(1)</p>',
        ),
        ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
        ("@someone", "<p>@someone</p>"),
    ],
)
def test_rendering_is_safe(text, html):
    assert render(text) == html
