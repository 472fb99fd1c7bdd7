"""API of discussions, mounted at /api/v2/workspaces/<workspace_id>/ and
described in openapi.yaml next to this file.

A workspace the caller may not read answers 404 exactly like an unknown one,
on every route; writing follows the same rules as the site (services.py).
Errors are ``{"message": "…"}`` (plus ``errors`` by field for bad input)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from workspaces.models import Workspace

from . import services
from .formatting import render
from .models import Post, PostRevision, Subscription, Thread

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def _person(user):
    if user is None:
        return None
    return {
        "id": user.pk,
        "username": user.get_username(),
        "name": user.get_full_name() or user.get_username(),
    }


def _time(value):
    return value.isoformat() if value else None


class BadRequest(Exception):
    """Input the API refuses, with the message to show."""

    def __init__(self, message, errors=None):
        super().__init__(message)
        self.message = message
        self.errors = errors


class DiscussionAPIView(APIView):
    """Finds the workspace (404 unless the caller may read it) and turns the
    services' refusals into JSON messages."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        workspace = (
            Workspace.objects.select_related("page").filter(pk=kwargs.get("workspace_id")).first()
        )
        if workspace is None or not services.can_read(workspace, request.user):
            raise Http404
        self.workspace = workspace
        self.role = services.role_of(workspace, request.user)

    def handle_exception(self, exc):
        if isinstance(exc, BadRequest):
            data = {"message": exc.message}
            if exc.errors:
                data["errors"] = exc.errors
            return Response(data, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, ValidationError):
            errors = {}
            for error in exc.error_list:
                errors.setdefault(error.code or "body", []).extend(error.messages)
            return Response(
                {"message": " ".join(exc.messages), "errors": errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if isinstance(exc, PermissionDenied):
            return Response(
                {"message": str(exc) or _("Dazu fehlt Ihnen die Berechtigung.")},
                status=status.HTTP_403_FORBIDDEN,
            )
        return super().handle_exception(exc)

    # --- helpers ---

    def data(self, request, *fields):
        """The named fields of a JSON object body (missing ones as None)."""
        if not isinstance(request.data, dict):
            raise BadRequest(_("Die Anfrage muss ein JSON-Objekt sein."))
        return [request.data.get(name) for name in fields]

    def thread(self, thread_id):
        thread = (
            Thread.objects.select_related("created_by")
            .filter(pk=thread_id, workspace=self.workspace)
            .first()
        )
        if thread is None:
            raise Http404
        thread.workspace = self.workspace
        return thread

    def post_of(self, thread, post_id):
        post = Post.objects.select_related("author").filter(pk=post_id, thread=thread).first()
        if post is None:
            raise Http404
        post.thread = thread
        return post

    @property
    def moderator(self):
        return services.can_moderate(self.workspace, self.request.user, self.role)

    def thread_data(self, thread, reply_count=None, subscribed=None):
        data = {
            "id": thread.pk,
            "title": thread.title,
            "created_by": _person(thread.created_by),
            "created_at": _time(thread.created_at),
            "last_activity_at": _time(thread.last_activity_at),
            "locked": thread.locked,
            "pinned": thread.pinned,
            "html_url": services.thread_url(thread),
        }
        if reply_count is not None:
            data["reply_count"] = reply_count
        if subscribed is not None:
            data["subscribed"] = subscribed
        return data

    def post_data(self, post, mentioned=None, revision_count=None):
        # Hidden posts keep their text for owners only.
        readable = not post.is_hidden or self.moderator
        mentioned = list(post.mentions.all()) if mentioned is None else mentioned
        data = {
            "id": post.pk,
            "author": _person(post.author),
            "body": post.body if readable else None,
            "html": str(render(post.body, mentioned)) if readable else None,
            "created_at": _time(post.created_at),
            "edited_at": _time(post.edited_at),
            "hidden": post.is_hidden,
            "mentions": [_person(user) for user in mentioned] if readable else [],
            "can_edit": services.can_edit(post, self.request.user, self.role),
        }
        if revision_count is not None:
            data["revision_count"] = revision_count if readable else 0
        return data

    def thread_detail(self, thread):
        posts = (
            thread.posts.select_related("author")
            .prefetch_related("mentions")
            .annotate(revision_count=Count("revisions"))
        )
        data = self.thread_data(
            thread, subscribed=services.is_subscribed(thread, self.request.user)
        )
        post_list = []
        for post in posts:
            post.thread = thread
            post_list.append(self.post_data(post, list(post.mentions.all()), post.revision_count))
        data["reply_count"] = max(sum(1 for p in post_list if not p["hidden"]) - 1, 0)
        data["posts"] = post_list
        data["permissions"] = {
            "reply": services.can_reply(thread, self.request.user, self.role),
            "moderate": self.moderator,
        }
        return data


def _int_param(request, name, default, minimum, maximum):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        raise BadRequest(
            _("„%(name)s“ muss eine ganze Zahl von %(min)d bis %(max)d sein.")
            % {"name": name, "min": minimum, "max": maximum}
        )
    return value


class ThreadListView(DiscussionAPIView):
    """GET: the workspace's threads (pinned first, then by last activity);
    POST: start a thread."""

    def get(self, request, workspace_id):
        unknown = set(request.query_params) - {"limit", "offset"}
        if unknown:
            raise BadRequest(
                _("Unbekannte Parameter: %(names)s") % {"names": ", ".join(sorted(unknown))}
            )
        limit = _int_param(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        offset = _int_param(request, "offset", 0, 0, 10**9)
        threads = Thread.objects.filter(workspace=self.workspace)
        total = threads.count()
        rows = (
            threads.select_related("created_by")
            .annotate(
                post_count=Count("posts", filter=Q(posts__hidden_at__isnull=True)),
                is_subscribed=Exists(
                    Subscription.objects.filter(
                        thread=OuterRef("pk"), user=request.user, active=True
                    )
                ),
            )
            .order_by("-pinned", "-last_activity_at", "-pk")[offset : offset + limit]
        )
        items = []
        for thread in rows:
            thread.workspace = self.workspace
            items.append(
                self.thread_data(thread, max(thread.post_count - 1, 0), thread.is_subscribed)
            )
        return Response({"meta": {"total_count": total}, "items": items})

    def post(self, request, workspace_id):
        title, body = self.data(request, "title", "body")
        thread = services.start_thread(self.workspace, request.user, title, body)
        thread.workspace = self.workspace
        return Response(self.thread_detail(thread), status=status.HTTP_201_CREATED)


class ThreadDetailView(DiscussionAPIView):
    """GET: a thread with its posts; DELETE: owners delete it."""

    def get(self, request, workspace_id, thread_id):
        return Response(self.thread_detail(self.thread(thread_id)))

    def delete(self, request, workspace_id, thread_id):
        services.delete_thread(self.thread(thread_id), request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostListView(DiscussionAPIView):
    """POST: reply to a thread."""

    def post(self, request, workspace_id, thread_id):
        thread = self.thread(thread_id)
        (body,) = self.data(request, "body")
        post = services.reply(thread, request.user, body)
        return Response(self.post_data(post, revision_count=0), status=status.HTTP_201_CREATED)


class PostDetailView(DiscussionAPIView):
    """GET: a post with its earlier wordings; PATCH: its author changes it."""

    def get(self, request, workspace_id, thread_id, post_id):
        post = self.post_of(self.thread(thread_id), post_id)
        revisions = list(
            PostRevision.objects.filter(post=post).select_related("edited_by").order_by("edited_at")
        )
        data = self.post_data(post, revision_count=len(revisions))
        readable = data["body"] is not None
        data["revisions"] = (
            [
                {
                    "body": revision.body,
                    "edited_at": _time(revision.edited_at),
                    "edited_by": _person(revision.edited_by),
                }
                for revision in revisions
            ]
            if readable
            else []
        )
        return Response(data)

    def patch(self, request, workspace_id, thread_id, post_id):
        post = self.post_of(self.thread(thread_id), post_id)
        (body,) = self.data(request, "body")
        post = services.edit_post(post, request.user, body)
        return Response(self.post_data(post, revision_count=post.revisions.count()))


class SubscriptionView(DiscussionAPIView):
    """GET: whether the caller follows the thread; PUT: follow; DELETE: stop."""

    def get(self, request, workspace_id, thread_id):
        thread = self.thread(thread_id)
        return Response({"subscribed": services.is_subscribed(thread, request.user)})

    def put(self, request, workspace_id, thread_id):
        services.set_subscribed(self.thread(thread_id), request.user, True)
        return Response({"subscribed": True})

    def delete(self, request, workspace_id, thread_id):
        services.set_subscribed(self.thread(thread_id), request.user, False)
        return Response({"subscribed": False})


class LockView(DiscussionAPIView):
    """POST: owners close the thread for replies; DELETE: open it again."""

    def post(self, request, workspace_id, thread_id):
        thread = services.set_locked(self.thread(thread_id), request.user, True)
        return Response(self.thread_data(thread))

    def delete(self, request, workspace_id, thread_id):
        thread = services.set_locked(self.thread(thread_id), request.user, False)
        return Response(self.thread_data(thread))


class PinView(DiscussionAPIView):
    """POST: owners pin the thread to the top; DELETE: unpin it."""

    def post(self, request, workspace_id, thread_id):
        thread = services.set_pinned(self.thread(thread_id), request.user, True)
        return Response(self.thread_data(thread))

    def delete(self, request, workspace_id, thread_id):
        thread = services.set_pinned(self.thread(thread_id), request.user, False)
        return Response(self.thread_data(thread))


class HideView(DiscussionAPIView):
    """POST: owners hide a post; DELETE: show it again."""

    def post(self, request, workspace_id, thread_id, post_id):
        post = self.post_of(self.thread(thread_id), post_id)
        return Response(self.post_data(services.set_hidden(post, request.user, True)))

    def delete(self, request, workspace_id, thread_id, post_id):
        post = self.post_of(self.thread(thread_id), post_id)
        return Response(self.post_data(services.set_hidden(post, request.user, False)))


THREAD = "threads/<int:thread_id>/"
POST = THREAD + "posts/<int:post_id>/"

urlpatterns = [
    path("threads/", ThreadListView.as_view(), name="api-discussion-threads"),
    path(THREAD, ThreadDetailView.as_view(), name="api-discussion-thread"),
    path(THREAD + "posts/", PostListView.as_view(), name="api-discussion-posts"),
    path(POST, PostDetailView.as_view(), name="api-discussion-post"),
    path(POST + "hide/", HideView.as_view(), name="api-discussion-post-hide"),
    path(THREAD + "lock/", LockView.as_view(), name="api-discussion-thread-lock"),
    path(THREAD + "pin/", PinView.as_view(), name="api-discussion-thread-pin"),
    path(THREAD + "subscription/", SubscriptionView.as_view(), name="api-discussion-subscription"),
]
