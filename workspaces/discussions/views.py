"""Reader views of discussions, below ``<workspace-url>diskussionen/``. The
workspace page's view restriction has already been checked when they run
(see workspaces/tools.py); here the role decides writing and moderating."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from workspaces.models import Workspace
from workspaces.tools import tool_links, tool_url

from . import services
from .formatting import render
from .forms import PostForm, ThreadForm, errors_of
from .models import Post, PostRevision, Thread

THREADS_PER_PAGE = 25
TOOL = "diskussionen"


def _workspace(page):
    try:
        return page.workspace
    except Workspace.DoesNotExist:
        raise Http404 from None


def _url(page, name="index", **kwargs):
    return tool_url(page, TOOL, name, **kwargs)


def _thread(workspace, thread_id):
    return get_object_or_404(
        Thread.objects.select_related("workspace__page", "created_by"),
        pk=thread_id,
        workspace=workspace,
    )


def _post(thread, post_id):
    post = get_object_or_404(Post.objects.select_related("author"), pk=post_id, thread=thread)
    post.thread = thread
    return post


def _author_name(user):
    if user is None:
        return _("unbekannt")
    return user.get_full_name() or user.get_username()


def _context(request, page, workspace, **extra):
    role = services.role_of(workspace, request.user)
    context = {
        "page": page,
        "workspace": workspace,
        "role": role,
        "can_write": services.can_write(workspace, request.user, role),
        "can_moderate": services.can_moderate(workspace, request.user, role),
        "tool_links": tool_links(page),
        "current_tool": f"{page.url.rstrip('/')}/{TOOL}/",
        "index_url": _url(page),
        "new_url": _url(page, "new"),
    }
    context.update(extra)
    return context


def index(request, workspace_page):
    """The threads of the workspace: pinned first, then by last activity,
    with the number of replies."""
    workspace = _workspace(workspace_page)
    visible_posts = Q(posts__hidden_at__isnull=True)
    threads = (
        Thread.objects.filter(workspace=workspace)
        .select_related("created_by")
        .annotate(post_count=Count("posts", filter=visible_posts))
        .order_by("-pinned", "-last_activity_at", "-pk")
    )
    page_obj = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("seite"))
    for thread in page_obj:
        thread.reply_count = max(thread.post_count - 1, 0)
        thread.url = _url(workspace_page, "thread", thread_id=thread.pk)
    return TemplateResponse(
        request,
        "workspace_discussions/thread_list.html",
        _context(request, workspace_page, workspace, page_obj=page_obj),
    )


@require_http_methods(["GET", "POST"])
def new_thread(request, workspace_page):
    """Start a thread (owners and members of an active workspace)."""
    workspace = _workspace(workspace_page)
    if not services.can_write(workspace, request.user):
        raise PermissionDenied
    form = ThreadForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        thread = services.start_thread(
            workspace, request.user, form.cleaned_data["title"], form.cleaned_data["body"]
        )
        messages.success(request, _("Die Diskussion ist eröffnet."))
        return HttpResponseRedirect(_url(workspace_page, "thread", thread_id=thread.pk))
    return TemplateResponse(
        request,
        "workspace_discussions/thread_form.html",
        _context(request, workspace_page, workspace, form=form, errors=errors_of(form)),
        status=400 if request.method == "POST" else 200,
    )


def _thread_context(request, page, thread, reply_form=None):
    workspace = thread.workspace
    role = services.role_of(workspace, request.user)
    moderator = services.can_moderate(workspace, request.user, role)
    posts = list(
        thread.posts.select_related("author", "hidden_by")
        .prefetch_related(Prefetch("mentions"))
        .annotate(revision_count=Count("revisions"))
    )
    for post in posts:
        post.thread = thread
        post.author_name = _author_name(post.author)
        post.html = render(post.body, post.mentions.all())
        # Hidden posts keep their text for owners only.
        post.show_body = not post.is_hidden or moderator
        post.can_edit = services.can_edit(post, request.user, role)
        post.edit_url = _url(page, "edit", thread_id=thread.pk, post_id=post.pk)
        post.history_url = _url(page, "history", thread_id=thread.pk, post_id=post.pk)
        post.moderate_url = _url(page, "moderate_post", thread_id=thread.pk, post_id=post.pk)
    can_reply = services.can_reply(thread, request.user, role)
    if reply_form is None and can_reply:
        reply_form = PostForm()
    return _context(
        request,
        page,
        workspace,
        thread=thread,
        posts=posts,
        replies=posts[1:],
        can_reply=can_reply,
        reply_form=reply_form,
        errors=errors_of(reply_form) if reply_form is not None else [],
        subscribed=services.is_subscribed(thread, request.user),
        thread_url=_url(page, "thread", thread_id=thread.pk),
        subscription_url=_url(page, "subscription", thread_id=thread.pk),
        moderate_url=_url(page, "moderate_thread", thread_id=thread.pk),
    )


@require_http_methods(["GET", "POST"])
def thread_view(request, workspace_page, thread_id):
    """A thread with its posts; POST adds a reply."""
    workspace = _workspace(workspace_page)
    thread = _thread(workspace, thread_id)
    reply_form = None
    if request.method == "POST":
        if not services.can_reply(thread, request.user):
            raise PermissionDenied
        reply_form = PostForm(request.POST)
        if reply_form.is_valid():
            post = services.reply(thread, request.user, reply_form.cleaned_data["body"])
            messages.success(request, _("Ihre Antwort ist veröffentlicht."))
            return HttpResponseRedirect(
                f"{_url(workspace_page, 'thread', thread_id=thread.pk)}#beitrag-{post.pk}"
            )
    return TemplateResponse(
        request,
        "workspace_discussions/thread_detail.html",
        _thread_context(request, workspace_page, thread, reply_form),
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def edit_post(request, workspace_page, thread_id, post_id):
    """The author changes their post; the earlier wording goes into the history."""
    workspace = _workspace(workspace_page)
    thread = _thread(workspace, thread_id)
    post = _post(thread, post_id)
    if not services.can_edit(post, request.user):
        raise PermissionDenied
    form = PostForm(request.POST if request.method == "POST" else None, initial={"body": post.body})
    form.fields["body"].label = _("Text des Beitrags")
    if request.method == "POST" and form.is_valid():
        services.edit_post(post, request.user, form.cleaned_data["body"])
        messages.success(request, _("Der Beitrag ist geändert."))
        return HttpResponseRedirect(
            f"{_url(workspace_page, 'thread', thread_id=thread.pk)}#beitrag-{post.pk}"
        )
    return TemplateResponse(
        request,
        "workspace_discussions/post_form.html",
        _context(
            request,
            workspace_page,
            workspace,
            thread=thread,
            post=post,
            form=form,
            errors=errors_of(form),
            thread_url=_url(workspace_page, "thread", thread_id=thread.pk),
        ),
        status=400 if request.method == "POST" else 200,
    )


def history(request, workspace_page, thread_id, post_id):
    """Every earlier wording of a post, newest first (a hidden post's only
    for owners)."""
    workspace = _workspace(workspace_page)
    thread = _thread(workspace, thread_id)
    post = _post(thread, post_id)
    if post.is_hidden and not services.can_moderate(workspace, request.user):
        raise Http404
    mentioned = list(post.mentions.all())
    post.html = render(post.body, mentioned)
    revisions = list(
        PostRevision.objects.filter(post=post)
        .select_related("edited_by")
        .order_by("-edited_at", "-pk")
    )
    for revision in revisions:
        revision.html = render(revision.body, mentioned)
    return TemplateResponse(
        request,
        "workspace_discussions/post_history.html",
        _context(
            request,
            workspace_page,
            workspace,
            thread=thread,
            post=post,
            revisions=revisions,
            thread_url=_url(workspace_page, "thread", thread_id=thread.pk),
        ),
    )


@require_POST
def subscription(request, workspace_page, thread_id):
    """Follow or stop following a thread (everyone who reads it)."""
    workspace = _workspace(workspace_page)
    thread = _thread(workspace, thread_id)
    follow = request.POST.get("action") == "subscribe"
    services.set_subscribed(thread, request.user, follow)
    messages.success(
        request,
        _("Sie folgen dieser Diskussion und werden über neue Antworten benachrichtigt.")
        if follow
        else _("Sie folgen dieser Diskussion nicht mehr."),
    )
    return HttpResponseRedirect(_url(workspace_page, "thread", thread_id=thread.pk))


THREAD_ACTIONS = {
    "lock": (services.set_locked, True, _lazy("Die Diskussion ist geschlossen.")),
    "unlock": (services.set_locked, False, _lazy("Die Diskussion ist wieder offen.")),
    "pin": (services.set_pinned, True, _lazy("Die Diskussion ist oben angeheftet.")),
    "unpin": (services.set_pinned, False, _lazy("Die Diskussion ist nicht mehr angeheftet.")),
}


@require_POST
def moderate_thread(request, workspace_page, thread_id):
    """Owners close, open, pin, unpin or delete a thread."""
    workspace = _workspace(workspace_page)
    thread = _thread(workspace, thread_id)
    if not services.can_moderate(workspace, request.user):
        raise PermissionDenied
    action = request.POST.get("action")
    if action == "delete":
        if request.POST.get("confirm") != "1":
            messages.error(
                request, _("Bitte bestätigen Sie, dass die Diskussion gelöscht werden soll.")
            )
            return HttpResponseRedirect(_url(workspace_page, "thread", thread_id=thread.pk))
        title = thread.title
        services.delete_thread(thread, request.user)
        messages.success(request, _("Die Diskussion „%(title)s“ ist gelöscht.") % {"title": title})
        return HttpResponseRedirect(_url(workspace_page))
    if action not in THREAD_ACTIONS:
        messages.error(request, _("Unbekannte Aktion."))
    else:
        function, value, text = THREAD_ACTIONS[action]
        function(thread, request.user, value)
        messages.success(request, str(text))
    return HttpResponseRedirect(_url(workspace_page, "thread", thread_id=thread.pk))


@require_POST
def moderate_post(request, workspace_page, thread_id, post_id):
    """Owners hide a post from readers or show it again."""
    workspace = _workspace(workspace_page)
    thread = _thread(workspace, thread_id)
    post = _post(thread, post_id)
    if not services.can_moderate(workspace, request.user):
        raise PermissionDenied
    action = request.POST.get("action")
    if action not in ("hide", "unhide"):
        messages.error(request, _("Unbekannte Aktion."))
    else:
        services.set_hidden(post, request.user, action == "hide")
        messages.success(
            request,
            _("Der Beitrag ist ausgeblendet.")
            if action == "hide"
            else _("Der Beitrag ist wieder sichtbar."),
        )
    return HttpResponseRedirect(
        f"{_url(workspace_page, 'thread', thread_id=thread.pk)}#beitrag-{post.pk}"
    )
