"""Services of the home app that reader views call."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from cms.permissions import visible_pages
from home.editorial import central_group_name
from home.models import AccessibilityStatementPage

FEEDBACK_ADMIN_URL_NAME = "wagtailsnippets_home_accessibilityfeedback:edit"


def editorial_recipients():
    """E-mail addresses of the active members of the central editorial team."""
    return sorted(
        get_user_model()
        .objects.filter(groups__name=central_group_name(), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def submit_accessibility_feedback(form, user):
    """Store the feedback of a valid ``AccessibilityFeedbackForm`` (with its
    due date one month ahead) and mail the central editorial team about it.
    The mail goes through Django's mail API, whose configured backend queues
    it as a task, so a mail server outage loses nothing."""
    with transaction.atomic():
        feedback = form.save(commit=False)
        if user is not None and user.is_authenticated:
            feedback.user = user
        feedback.save()
    notify_editors_of_feedback(feedback)
    return feedback


def notify_editors_of_feedback(feedback):
    """One German e-mail to the central editorial team about ``feedback``."""
    recipients = editorial_recipients()
    if not recipients:
        return 0
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override("de"):
        due = date_format(feedback.due_date, "j. F Y")
        subject = f"Barrierefreiheit: neue Rückmeldung, zu beantworten bis {due}"
        lines = [
            "Über die Erklärung zur Barrierefreiheit ist eine neue Rückmeldung eingegangen.",
            f"Sie muss bis zum {due} beantwortet werden (ein Monat nach Eingang).",
            "",
            f"Von: {feedback.name or 'ohne Namen'}"
            + (f" <{feedback.email}>" if feedback.email else " (keine E-Mail-Adresse)"),
            f"Seite: {feedback.page_url or 'nicht angegeben'}",
            "",
            "Nachricht:",
            feedback.message,
            "",
            "Bearbeiten und als beantwortet markieren:",
            base + reverse(FEEDBACK_ADMIN_URL_NAME, args=[feedback.pk]),
        ]
    return send_mail(subject, "\n".join(lines), None, recipients)


def accessibility_statement_for(user):
    """The accessibility statement the footer links to: live, not expired and
    readable by ``user``, as the core decides for every page (None without
    one). Registered as the frame value ``accessibility_statement`` (apps.py)."""
    statements = visible_pages(user, AccessibilityStatementPage.objects.all())
    return statements.only("id", "url_path", "path").first()
