"""Factories for the test suite (wagtail-factories / factory_boy)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

import factory
import wagtail_factories
from wagtail import models as wagtail_models

from cms.models import IntranetDocument, IntranetImage
from home import models as home
from offices.models import Membership, OrgUnit

# A minimal valid 1×1 PNG, so image tests need no fixture files.
PNG_1X1 = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a password of "pw"."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@stadt.example")
    password = factory.django.Password("pw")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    """An office (Amt) of the administration."""

    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"amt-{n}")
    name = factory.Sequence(lambda n: f"Amt {n}")
    kind = OrgUnit.Kind.OFFICE


class MembershipFactory(factory.django.DjangoModelFactory):
    """A person's membership of a unit."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(OrgUnitFactory)


class CollectionFactory(wagtail_factories.CollectionFactory):
    name = factory.Sequence(lambda n: f"Sammlung {n}")


class ImageFactory(factory.django.DjangoModelFactory):
    """A 1×1 PNG with alt text."""

    class Meta:
        model = IntranetImage

    title = factory.Sequence(lambda n: f"Bild {n}")
    description = "Ein Testbild"
    file = factory.LazyFunction(lambda: ContentFile(PNG_1X1, name="bild.png"))
    collection = factory.LazyFunction(lambda: wagtail_models.Collection.get_first_root_node())


class DocumentFactory(factory.django.DjangoModelFactory):
    """A small PDF-named document."""

    class Meta:
        model = IntranetDocument

    title = factory.Sequence(lambda n: f"Dokument {n}")
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 test", name="dokument.pdf"))
    collection = factory.LazyFunction(lambda: wagtail_models.Collection.get_first_root_node())


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = home.HomePage

    title = "Startseite"


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = home.NewsIndexPage

    title = "Nachrichten"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = home.NewsPage

    title = factory.Sequence(lambda n: f"Nachricht {n}")
    teaser = "Kurz gesagt."
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Text der Nachricht.</p>")])


class InformationAreaPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = home.InformationAreaPage

    title = "Formulare"
    area = "forms"


class ContentPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = home.ContentPage

    title = factory.Sequence(lambda n: f"Seite {n}")


class FormIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = home.FormIndexPage

    title = "Formularverzeichnis"


class FormPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = home.FormPage

    title = factory.Sequence(lambda n: f"Formular {n}")
    number = factory.Sequence(lambda n: f"F-{n:04d}")
    version_date = datetime.date(2026, 1, 15)


class ServiceInstructionIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = home.ServiceInstructionIndexPage

    title = "Dienstanweisungen"


class ServiceInstructionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = home.ServiceInstructionPage

    title = factory.Sequence(lambda n: f"Dienstanweisung {n}")
    number = factory.Sequence(lambda n: f"DA-{n:03d}")
    valid_from = datetime.date(2024, 1, 1)
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Es gilt.</p>")])


class HelpIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = home.HelpIndexPage

    title = "Hilfe"


class TutorialPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = home.TutorialPage

    title = factory.Sequence(lambda n: f"Anleitung {n}")
    steps = factory.LazyFunction(
        lambda: [("step", {"title": "Anmelden", "text": "<p>So geht es.</p>", "media": []})]
    )
