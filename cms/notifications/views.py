"""Reader views of the notification centre: the list, marking read, and the
settings of what reaches a person and how."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import PreferencesForm
from .models import Delivery, Kind

PER_PAGE = 25


def _back(request):
    """Where to go after a POST: the ``next`` field if it is ours, else the list."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("notifications:index")


def index(request):
    """The person's notifications, unread ones first; ``?ungelesen=1`` shows
    only those. Only notifications they may see are listed or counted."""
    only_unread = request.GET.get("ungelesen") == "1"
    notifications = services.visible_notifications(request.user).select_related("actor")
    unread = notifications.filter(read_at__isnull=True).count()
    if only_unread:
        notifications = notifications.filter(read_at__isnull=True)
    notifications = notifications.order_by(
        F("read_at").desc(nulls_first=True), "-created_at", "-pk"
    )
    page_obj = Paginator(notifications, PER_PAGE).get_page(request.GET.get("seite"))
    return TemplateResponse(
        request,
        "notifications/index.html",
        {
            "page_obj": page_obj,
            "notifications": [
                {"item": n, "kind": Kind(n.kind).label} for n in page_obj.object_list
            ],
            "unread": unread,
            "only_unread": only_unread,
        },
    )


def open_notification(request, pk):
    """Mark one notification read and go to what it is about."""
    notification = services.mark_read(request.user, pk)
    if notification is None:
        raise Http404
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return HttpResponseRedirect(notification.url)
    return redirect("notifications:index")


@require_POST
def mark_read_view(request, pk):
    """POST: mark one notification read."""
    if services.mark_read(request.user, pk) is None:
        raise Http404
    messages.success(request, _("Die Benachrichtigung ist als gelesen markiert."))
    return HttpResponseRedirect(_back(request))


@require_POST
def mark_all_read_view(request):
    """POST: mark every notification read."""
    count = services.mark_all_read(request.user)
    messages.success(
        request,
        _("Alle Benachrichtigungen sind als gelesen markiert (%(count)d).") % {"count": count},
    )
    return HttpResponseRedirect(_back(request))


def preferences_view(request):
    """Per kind: not at all, only in the intranet, with a mail at once, or in
    the daily digest."""
    current = services.preferences_for(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST, initial_choices=current)
        if form.is_valid():
            services.set_preferences(request.user, form.cleaned_data)
            messages.success(request, _("Ihre Einstellungen sind gespeichert."))
            return redirect("notifications:preferences")
        status = 400
    else:
        form = PreferencesForm(initial_choices=current)
        status = 200
    mail_kinds = {Delivery.IMMEDIATE, Delivery.DIGEST}
    return TemplateResponse(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "no_email": not request.user.email and any(d in mail_kinds for d in current.values()),
        },
        status=status,
    )
