"""The accessibility statement (Erklärung zur Barrierefreiheit) that BITV 2.0
requires, and the feedback readers send through it.

The statement is an ordinary page below the start page (at most one), so the
central editorial team keeps it up to date with revisions and publishing
like every other page. Its feedback form stores each message as an
``AccessibilityFeedback`` with a due date one month after receipt (the
answer period of § 12b BGG / BITV 2.0) and mails the editorial team."""

from django.conf import settings
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dateutil.relativedelta import relativedelta
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.models import BasePage

# How long the administration has to answer feedback on accessibility.
ANSWER_PERIOD = relativedelta(months=1)

DEFAULT_ENFORCEMENT = (
    "<p>Wenn Sie auf Ihre Rückmeldung innerhalb eines Monats keine oder keine "
    "zufriedenstellende Antwort erhalten haben, können Sie ein Schlichtungsverfahren "
    "einleiten. Die Schlichtungsstelle nach § 16 des Behindertengleichstellungsgesetzes "
    "(BGG) hilft dabei, Konflikte zur Barrierefreiheit außergerichtlich zu lösen. Das "
    "Verfahren ist kostenlos; Sie brauchen keinen Rechtsbeistand.</p>"
    "<p>Schlichtungsstelle nach dem Behindertengleichstellungsgesetz bei dem Beauftragten "
    "der Bundesregierung für die Belange von Menschen mit Behinderungen, Mauerstraße 53, "
    "10117 Berlin, Telefon 030 18 527-2805, E-Mail info@schlichtungsstelle-bgg.de, "
    "www.schlichtungsstelle-bgg.de</p>"
)


def due_date_for(received_at):
    """The day by which feedback received at ``received_at`` must be answered."""
    return timezone.localdate(received_at) + ANSWER_PERIOD


class LimitationBlock(blocks.StructBlock):
    """One known barrier: what is affected, why, and what to use instead."""

    title = blocks.CharBlock(label=_("Betroffener Inhalt"))
    description = blocks.TextBlock(label=_("Beschreibung der Barriere"))
    reason = blocks.ChoiceBlock(
        choices=[
            ("non_compliance", _("Unvereinbarkeit mit den Anforderungen")),
            ("disproportionate_burden", _("Unverhältnismäßige Belastung")),
            ("out_of_scope", _("Nicht in den Anwendungsbereich fallend")),
        ],
        default="non_compliance",
        label=_("Begründung"),
    )
    alternative = blocks.TextBlock(required=False, label=_("Barrierefreie Alternative"))

    class Meta:
        icon = "warning"
        label = _("Bekannte Einschränkung")


class AccessibilityStatementPage(RoutablePageMixin, BasePage):
    """The accessibility statement of the intranet with its feedback form."""

    class Compliance(models.TextChoices):
        FULL = "full", _("vollständig vereinbar")
        PARTIAL = "partial", _("teilweise vereinbar")
        NONE = "none", _("nicht vereinbar")

    scope = RichTextField(
        _("Geltungsbereich"),
        features=["bold", "italic", "link"],
        help_text=_("Für welches Angebot gilt die Erklärung, nach welchen Vorschriften?"),
    )
    compliance = models.CharField(
        _("Stand der Vereinbarkeit"),
        max_length=20,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
    )
    limitations = StreamField(
        [("limitation", LimitationBlock())],
        blank=True,
        verbose_name=_("Nicht barrierefreie Inhalte"),
    )
    prepared_on = models.DateField(_("Erstellt am"))
    reviewed_on = models.DateField(_("Zuletzt überprüft am"), null=True, blank=True)
    method = models.CharField(
        _("Methode der Prüfung"),
        max_length=255,
        default="Selbstbewertung",
        help_text=_("z. B. Selbstbewertung, Prüfung durch eine externe Stelle (BITV-Test)."),
    )
    contact_name = models.CharField(_("Kontaktstelle"), max_length=255)
    contact_email = models.EmailField(_("Kontakt-E-Mail"))
    contact_phone = models.CharField(_("Kontakt-Telefon"), max_length=50, blank=True)
    enforcement = RichTextField(
        _("Schlichtungsverfahren"),
        features=["bold", "italic", "link"],
        default=DEFAULT_ENFORCEMENT,
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("scope"),
        FieldPanel("compliance"),
        FieldPanel("limitations"),
        MultiFieldPanel(
            [FieldPanel("prepared_on"), FieldPanel("reviewed_on"), FieldPanel("method")],
            heading=_("Erstellung der Erklärung"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Feedback und Kontakt"),
        ),
        FieldPanel("enforcement"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("scope")]
    api_fields = BasePage.api_fields + [
        APIField("scope"),
        APIField("compliance"),
        APIField("limitations"),
        APIField("prepared_on"),
        APIField("reviewed_on"),
        APIField("method"),
        APIField("contact_name"),
        APIField("contact_email"),
        APIField("contact_phone"),
        APIField("enforcement"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("Erklärung zur Barrierefreiheit")
        verbose_name_plural = _("Erklärungen zur Barrierefreiheit")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reasons = dict(LimitationBlock.base_blocks["reason"].field.choices)
        context["limitations"] = [
            {
                "title": block.value["title"],
                "description": block.value["description"],
                "reason": reasons.get(block.value["reason"], ""),
                "alternative": block.value.get("alternative", ""),
            }
            for block in self.limitations
        ]
        return context

    @path("", name="statement")
    def statement(self, request):
        """The statement with the feedback form; a valid POST stores the
        message, mails the editors and redirects to the thank-you page."""
        from home.forms import AccessibilityFeedbackForm
        from home.services import submit_accessibility_feedback

        if request.method == "POST":
            form = AccessibilityFeedbackForm(request.POST)
            if form.is_valid():
                submit_accessibility_feedback(form, request.user)
                return HttpResponseRedirect(self.url + self.reverse_subpage("thanks"))
        else:
            form = AccessibilityFeedbackForm(initial=self.initial_feedback(request))
        return self.render(request, context_overrides={"form": form})

    @path("danke/", name="thanks")
    def thanks(self, request):
        """The German thank-you page after a message was sent."""
        context = self.get_context(request)
        context["answer_period_end"] = timezone.localdate() + ANSWER_PERIOD
        return TemplateResponse(request, "home/accessibility/feedback_thanks.html", context)

    @staticmethod
    def initial_feedback(request):
        """Name and e-mail of the signed-in person, and the page the reader came
        from (``?seite=`` set by the footer link)."""
        user = request.user
        initial = {"page_url": request.GET.get("seite", "")[:500]}
        if user.is_authenticated:
            initial["name"] = user.get_full_name() or user.get_username()
            initial["email"] = user.email
        return initial


class AccessibilityFeedback(models.Model):
    """A reader's message about a barrier. It must be answered within a month
    of receipt (``due_date``); the editors mark it answered in the admin."""

    class Status(models.TextChoices):
        OPEN = "open", _("Offen")
        ANSWERED = "answered", _("Beantwortet")

    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    page_url = models.CharField(
        _("Seite mit der Barriere"),
        max_length=500,
        blank=True,
        help_text=_("Adresse der Seite, auf der das Problem auftritt."),
    )
    message = models.TextField(_("Nachricht"), max_length=5000)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Gesendet von"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("Eingegangen am"), default=timezone.now, editable=False)
    due_date = models.DateField(_("Zu beantworten bis"), editable=False)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    answered_at = models.DateTimeField(_("Beantwortet am"), null=True, blank=True)
    note = models.TextField(
        _("Interne Notiz"), blank=True, help_text=_("Was geantwortet oder veranlasst wurde.")
    )

    panels = [
        FieldPanel("name", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("page_url", read_only=True),
        FieldPanel("message", read_only=True),
        FieldPanel("status"),
        FieldPanel("answered_at"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")
        ordering = ["status", "due_date", "received_at"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        text = " ".join(self.message.split())
        return text[:60] + ("…" if len(text) > 60 else "")

    def save(self, *args, **kwargs):
        if self.due_date is None:
            self.due_date = due_date_for(self.received_at)
        # Answering sets the answer time once; reopening clears it.
        if self.status == self.Status.ANSWERED and self.answered_at is None:
            self.answered_at = timezone.now()
        elif self.status == self.Status.OPEN:
            self.answered_at = None
        super().save(*args, **kwargs)

    @property
    def is_overdue(self):
        """Open and past its due date."""
        return self.status == self.Status.OPEN and self.due_date < timezone.localdate()
