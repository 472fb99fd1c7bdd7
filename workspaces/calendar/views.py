"""Reader views of the calendar. The workspace page's view restriction has
already been checked when they run (see workspaces/tools.py); here only the
role inside the workspace is checked for writing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workspaces.models import Workspace
from workspaces.tools import tool_links, tool_url

from . import services
from .forms import EventForm, PollForm, RsvpForm, SlotFormSet
from .models import Answer

PAST_EVENTS_SHOWN = 20


def _workspace(page):
    try:
        return page.workspace
    except Workspace.DoesNotExist:
        raise Http404 from None


def _url(page, name="index", **kwargs):
    return tool_url(page, "kalender", name, **kwargs)


def _context(request, page, workspace, **extra):
    context = {
        "page": page,
        "self": page,
        "workspace": workspace,
        "tool_links": tool_links(page),
        "can_write": services.can_write(workspace, request.user),
        "urls": {
            "index": _url(page),
            "event_new": _url(page, "event_new"),
            "polls": _url(page, "polls"),
            "poll_new": _url(page, "poll_new"),
            "subscribe": _url(page, "subscribe"),
        },
    }
    context.update(extra)
    return context


def _error_list(error):
    if hasattr(error, "message_dict"):
        return [m for messages_ in error.message_dict.values() for m in messages_]
    return list(error.messages)


def _add_errors(form, error):
    """Put a service's ValidationError onto the form's fields."""
    for field, field_messages in error.message_dict.items():
        target = field if field in form.fields else None
        for message in field_messages:
            form.add_error(target, message)


# --- events ------------------------------------------------------------------------------


def index(request, workspace_page):
    """Upcoming events, recent past ones and open polls of the workspace."""
    workspace = _workspace(workspace_page)
    now = timezone.now()
    events = workspace.events.all()
    context = _context(
        request,
        workspace_page,
        workspace,
        upcoming=[(e, _url(workspace_page, "event", pk=e.pk)) for e in events.filter(end__gte=now)],
        past=[
            (e, _url(workspace_page, "event", pk=e.pk))
            for e in events.filter(end__lt=now).order_by("-start")[:PAST_EVENTS_SHOWN]
        ],
        open_polls=[
            (p, _url(workspace_page, "poll", pk=p.pk)) for p in workspace.polls.filter(closed=False)
        ],
    )
    return TemplateResponse(request, "workspace_calendar/index.html", context)


def event_detail(request, workspace_page, pk):
    """One event with who comes; members answer (POST)."""
    workspace = _workspace(workspace_page)
    event = get_object_or_404(workspace.events, pk=pk)
    form = RsvpForm()
    status = 200
    if request.method == "POST":
        form = RsvpForm(request.POST)
        if not services.can_write(workspace, request.user):
            raise PermissionDenied
        if form.is_valid():
            services.set_rsvp(event, request.user, form.cleaned_data["answer"])
            messages.success(request, _("Ihre Antwort ist gespeichert."))
            return HttpResponseRedirect(request.path)
        status = 400
    context = _context(
        request,
        workspace_page,
        workspace,
        event=event,
        rsvps=services.rsvp_summary(event),
        my_answer=services.my_rsvp(event, request.user),
        answers=Answer.choices,
        rsvp_form=form,
        can_manage=services.can_manage(workspace, request.user, event.created_by_id),
        edit_url=_url(workspace_page, "event_edit", pk=event.pk),
        delete_url=_url(workspace_page, "event_delete", pk=event.pk),
    )
    return TemplateResponse(request, "workspace_calendar/event_detail.html", context, status=status)


def _event_form(request, workspace_page, event=None):
    workspace = _workspace(workspace_page)
    if event is None:
        allowed = services.can_write(workspace, request.user)
    else:
        allowed = services.can_manage(workspace, request.user, event.created_by_id)
    if not allowed:
        raise PermissionDenied
    initial = {}
    if event is not None:
        initial = {name: getattr(event, name) for name in services.EVENT_FIELDS}
        initial["start"] = timezone.localtime(event.start)
        initial["end"] = timezone.localtime(event.end)
    form = EventForm(initial=initial)
    status = 200
    if request.method == "POST":
        form = EventForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                saved = services.save_event(workspace, request.user, form.cleaned_data, event)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Der Termin ist gespeichert."))
                return HttpResponseRedirect(_url(workspace_page, "event", pk=saved.pk))
    context = _context(
        request,
        workspace_page,
        workspace,
        form=form,
        event=event,
        heading=_("Termin ändern") if event else _("Neuer Termin"),
    )
    return TemplateResponse(request, "workspace_calendar/event_form.html", context, status=status)


def event_new(request, workspace_page):
    """Members and owners add an event."""
    return _event_form(request, workspace_page)


def event_edit(request, workspace_page, pk):
    """Owners change every event, members their own."""
    event = get_object_or_404(_workspace(workspace_page).events, pk=pk)
    return _event_form(request, workspace_page, event)


@require_POST
def event_delete(request, workspace_page, pk):
    """Owners delete every event, members their own."""
    workspace = _workspace(workspace_page)
    event = get_object_or_404(workspace.events, pk=pk)
    services.delete_event(event, request.user)
    messages.success(request, _("Der Termin „%(title)s“ ist gelöscht.") % {"title": event.title})
    return HttpResponseRedirect(_url(workspace_page))


# --- polls -------------------------------------------------------------------------------


def polls(request, workspace_page):
    """Open and closed polls of the workspace."""
    workspace = _workspace(workspace_page)
    items = [(p, _url(workspace_page, "poll", pk=p.pk)) for p in workspace.polls.all()]
    context = _context(
        request,
        workspace_page,
        workspace,
        open_polls=[(p, u) for p, u in items if not p.closed],
        closed_polls=[(p, u) for p, u in items if p.closed],
    )
    return TemplateResponse(request, "workspace_calendar/poll_list.html", context)


def poll_new(request, workspace_page):
    """Members and owners propose slots."""
    workspace = _workspace(workspace_page)
    if not services.can_write(workspace, request.user):
        raise PermissionDenied
    form, slots = PollForm(), SlotFormSet(prefix="slots")
    errors = []
    status = 200
    if request.method == "POST":
        form, slots = PollForm(request.POST), SlotFormSet(request.POST, prefix="slots")
        status = 400
        if form.is_valid() and slots.is_valid():
            try:
                poll = services.create_poll(
                    workspace,
                    request.user,
                    form.cleaned_data["title"],
                    [(s.get("start"), s.get("end")) for s in slots.cleaned_data],
                    description=form.cleaned_data["description"],
                    place=form.cleaned_data["place"],
                )
            except ValidationError as error:
                _add_errors(form, error)
                errors = error.message_dict.get("slots", [])
            else:
                messages.success(request, _("Die Umfrage ist angelegt."))
                return HttpResponseRedirect(_url(workspace_page, "poll", pk=poll.pk))
        elif not slots.is_valid():
            errors = [e for form_errors in slots.errors for e in form_errors.get("start", [])]
            errors += [e for form_errors in slots.errors for e in form_errors.get("end", [])]
            errors += list(slots.non_form_errors())
    context = _context(
        request, workspace_page, workspace, form=form, slots=slots, slot_errors=errors
    )
    return TemplateResponse(request, "workspace_calendar/poll_form.html", context, status=status)


def poll_detail(request, workspace_page, pk):
    """A poll with its results; members vote (POST action=vote), the owner
    fixes a slot (POST action=fix)."""
    workspace = _workspace(workspace_page)
    poll = get_object_or_404(workspace.polls.select_related("event", "fixed_slot"), pk=pk)
    errors = []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "vote":
                answers = {
                    key.removeprefix("slot-"): value
                    for key, value in request.POST.items()
                    if key.startswith("slot-")
                }
                services.vote(poll, request.user, answers)
                messages.success(request, _("Ihre Stimme ist gespeichert."))
            elif action == "fix":
                event = services.fix_slot(poll, request.POST.get("slot"), request.user)
                messages.success(
                    request,
                    _("Der Termin steht fest und ist im Kalender eingetragen: %(title)s")
                    % {"title": event.title},
                )
            else:
                raise ValidationError(_("Unbekannte Aktion."))
            return HttpResponseRedirect(request.path)
        except ValidationError as error:
            errors = _error_list(error)
            status = 400
            poll.refresh_from_db()
    results = services.poll_results(poll, request.user)
    context = _context(
        request,
        workspace_page,
        workspace,
        poll=poll,
        results=results,
        answers=Answer.choices,
        errors=errors,
        can_fix=not poll.closed
        and services.can_manage(workspace, request.user, poll.created_by_id),
        event_url=_url(workspace_page, "event", pk=poll.event_id) if poll.event_id else "",
        voter_count=services.voters(poll).count(),
    )
    return TemplateResponse(request, "workspace_calendar/poll_detail.html", context, status=status)


# --- subscriptions -----------------------------------------------------------------------


def subscribe(request, workspace_page):
    """The person's feed URLs (personal and this workspace), and renewing or
    revoking the secret token in them."""
    workspace = _workspace(workspace_page)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "renew":
            services.revoke_token(request.user, renew=True)
            messages.success(
                request,
                _("Sie haben eine neue Adresse. Die alte funktioniert nicht mehr."),
            )
        elif action == "revoke":
            services.revoke_token(request.user, renew=False)
            messages.success(request, _("Die Kalender-Adressen sind gesperrt."))
        elif action == "create":
            services.active_token(request.user)
        else:
            messages.error(request, _("Unbekannte Aktion."))
        return HttpResponseRedirect(request.path)
    token = services.active_token(request.user, create=False)
    feeds = {}
    if token is not None:
        feeds = {
            "personal": request.build_absolute_uri(
                reverse("calendar-feed-personal", kwargs={"token": token.value})
            ),
            "workspace": request.build_absolute_uri(
                reverse(
                    "calendar-feed-workspace",
                    kwargs={"token": token.value, "workspace_id": workspace.pk},
                )
            ),
        }
    context = _context(request, workspace_page, workspace, token=token, feeds=feeds)
    return TemplateResponse(request, "workspace_calendar/subscribe.html", context)
