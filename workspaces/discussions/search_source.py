"""The search source of discussions: one index document per thread, its
title plus the text of its visible posts, governed by the restriction keys
of its workspace page (see search/sources.py and search/CONTRACT.md)."""

from django.db.models import Q

from cms.permissions import page_restriction_keys, visible_pages
from search.sources import SearchSource
from workspaces.models import WorkspacePage

from .formatting import plain
from .models import Post, Thread

SUMMARY_LENGTH = 300


class ThreadSource(SearchSource):
    """Threads of workspaces, searchable with their posts' text (kind "thread")."""

    kind = "thread"
    model = Thread
    page_field = "workspace__page"

    def ids(self):
        return Thread.objects.filter(workspace__page__live=True).values_list("pk", flat=True)

    def build(self, pks):
        threads = list(
            Thread.objects.filter(pk__in=pks, workspace__page__live=True).select_related(
                "workspace__page"
            )
        )
        if not threads:
            return {}
        keys = page_restriction_keys({t.workspace.page_id for t in threads})
        texts = {}
        # Hidden posts are out of the index: moderated text must not be found.
        for thread_id, body in (
            Post.objects.filter(thread__in=threads, hidden_at__isnull=True)
            .order_by("created_at", "pk")
            .values_list("thread_id", "body")
        ):
            texts.setdefault(thread_id, []).append(plain(body))
        from .services import thread_url

        result = {}
        for thread in threads:
            posts = texts.get(thread.pk, [])
            result[thread.pk] = {
                "kind": self.kind,
                "content_type": "workspace_discussions.Thread",
                "content_type_label": "Diskussion",
                "silo": "workspace",
                "tags": [],
                "title": thread.title,
                "summary": posts[0][:SUMMARY_LENGTH] if posts else "",
                "body": " ".join(posts),
                "url": thread_url(thread),
                "date": thread.last_activity_at.isoformat(),
                "locale": "de",
                "outdated": False,
                "restriction_keys": sorted(keys.get(thread.workspace.page_id, [])),
            }
        return result

    def keys_below_page(self, path):
        return Thread.objects.filter(workspace__page__path__startswith=path).values_list(
            "pk", flat=True
        )

    def database_matches(self, user, text, limit):
        pages = visible_pages(user, WorkspacePage.objects.all())
        in_posts = Post.objects.filter(body__icontains=text, hidden_at__isnull=True)
        matching = Q(title__icontains=text) | Q(pk__in=in_posts.values("thread_id"))
        return list(
            Thread.objects.filter(matching, workspace__page__in=pages.values("pk"))
            .order_by("-last_activity_at", "-pk")
            .values_list("pk", flat=True)[:limit]
        )
