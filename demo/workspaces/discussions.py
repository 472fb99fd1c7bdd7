"""Demo discussions for ``seed_demo``: a few lively threads in the demo
workspaces of demo/workspaces/spaces.py, with replies, @mentions (which notify),
an edited post with its history and a pinned thread. Written through the
services, so the rules (who may write, who is notified) are the real ones;
the times are then set back to look like a few days of conversation.
Idempotent: a thread that exists (same workspace and title) is left alone."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from demo.builders import Recorder
from search.sources import schedule
from workspaces.discussions import services
from workspaces.discussions.models import Post, PostRevision, Thread
from workspaces.models import Workspace

# workspace title → threads: (title, pinned, [(username, hours ago, text, edited text or None)])
DISCUSSIONS = {
    "Projekt Digitale Akte": [
        (
            "Pilotstart im Jugendamt: Schulungstermine",
            True,
            [
                (
                    "projekt",
                    74,
                    "Liebe Kolleginnen und Kollegen,\n\nfür den Pilotstart der E-Akte im "
                    "Jugendamt planen wir drei Schulungstermine:\n- Dienstag, 9 Uhr\n"
                    "- Mittwoch, 13 Uhr\n- Donnerstag, 9 Uhr\n\n@jugendamt, welche Termine "
                    "passen Ihrem Team am besten?",
                    None,
                ),
                (
                    "jugendamt",
                    50,
                    "Dienstag und Donnerstag passen gut. Mittwoch ist Sprechtag.",
                    "Dienstag und Donnerstag passen gut. Mittwoch ist bei uns **Sprechtag**, "
                    "da ist kaum jemand am Platz.",
                ),
                (
                    "projekt",
                    26,
                    "Danke! Dann bleibt es bei Dienstag und Donnerstag. Die Einladungen "
                    "kommen über den Kalender des Arbeitsraums.",
                    None,
                ),
            ],
        ),
        (
            "Scanstraße: Welche Akten zuerst?",
            False,
            [
                (
                    "jugendamt",
                    30,
                    "Sollen wir mit den laufenden Fällen der Kita-Bedarfsplanung beginnen "
                    "oder mit den abgeschlossenen Akten aus 2024?",
                    None,
                ),
                (
                    "projekt",
                    6,
                    "Mit den laufenden Fällen: Dort ist der Nutzen sofort spürbar. Die "
                    "Altakten folgen nach dem ersten Quartal, siehe `Zeitplan und "
                    "Meilensteine`.",
                    None,
                ),
            ],
        ),
    ],
    "Betriebliches Gesundheitsmanagement": [
        (
            "Rückenschule – wer hat Erfahrungen?",
            False,
            [
                (
                    "mitarbeiter",
                    52,
                    "Ich überlege, mich für die Rückenschule anzumelden. Hat jemand den "
                    "Kurs schon besucht? Lohnt er sich auch für Leute mit Stehpult?",
                    None,
                ),
                (
                    "admin",
                    20,
                    "@mitarbeiter: Ja, unbedingt! Der Kurs zeigt auch Übungen für das "
                    "Arbeiten im Stehen. Anmeldung über das Kursprogramm im Bereich "
                    "„Angebote 2026“.",
                    None,
                ),
            ],
        ),
    ],
    "Haushaltskonsolidierung 2027": [
        (
            "Sparliste: Rückmeldungen der Ämter",
            False,
            [
                (
                    "admin",
                    12,
                    "Die Ämter melden ihre Vorschläge bis Monatsende. Bitte hier nur "
                    "zusammenfassen, Details bleiben in der vertraulichen Sparliste.",
                    None,
                ),
            ],
        ),
    ],
}


def _backdate(post, hours):
    when = timezone.now() - datetime.timedelta(hours=hours)
    Post.objects.filter(pk=post.pk).update(created_at=when)
    return when


def _seed_thread(rec, workspace, title, pinned, posts, users):
    author, hours, text, _edited = posts[0]
    if users.get(author) is None:
        return
    with transaction.atomic():
        thread = services.start_thread(workspace, users[author], title, text)
        opening = thread.posts.get()
        started = _backdate(opening, hours)
        last = started
        for username, hours_ago, body, edited in posts[1:]:
            user = users.get(username)
            if user is None:
                continue
            post = services.reply(thread, user, body)
            last = _backdate(post, hours_ago)
            if edited:
                services.edit_post(post, user, edited)
                edited_at = last + datetime.timedelta(minutes=20)
                Post.objects.filter(pk=post.pk).update(edited_at=edited_at)
                PostRevision.objects.filter(post=post).update(edited_at=edited_at)
        Thread.objects.filter(pk=thread.pk).update(
            created_at=started, last_activity_at=last, pinned=pinned
        )
        # The index holds the thread's date: build it again with the times set.
        schedule(services.SEARCH_KIND, thread.pk)
    rec.create("Diskussion", f"{title} ({workspace.page.title})")


def seed(stdout=None, rec=None):
    """Add the demo discussions to the demo workspaces that exist; returns
    the recorder (``rec.changed`` says whether anything was written)."""
    rec = rec or Recorder(stdout)
    names = {author for threads in DISCUSSIONS.values() for t in threads for author, *_ in t[2]}
    users = {user.username: user for user in get_user_model().objects.filter(username__in=names)}
    for workspace_title, threads in DISCUSSIONS.items():
        workspace = (
            Workspace.objects.filter(page__title=workspace_title).select_related("page").first()
        )
        if workspace is None or not workspace.is_active:
            continue
        for title, pinned, posts in threads:
            if Thread.objects.filter(workspace=workspace, title=title).exists():
                continue
            try:
                _seed_thread(rec, workspace, title, pinned, posts, users)
            except PermissionDenied:
                continue  # an account lacks the role it had in the demo; skip the thread
    if stdout is not None and not rec.changed:
        stdout.write("Diskussionen: nichts zu tun.")
    return rec
