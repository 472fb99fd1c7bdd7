"""The registers: filters, validity at a glance, validation messages."""

import datetime

from django.core.exceptions import ValidationError

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def registers(home_page):
    area = factories.InformationAreaPageFactory(parent=home_page, slug="bereich")
    forms = factories.FormIndexPageFactory(parent=area, slug="formulare")
    instructions = factories.ServiceInstructionIndexPageFactory(parent=area, slug="da")
    return forms, instructions


def test_service_instruction_index_hides_repealed_until_asked(user_client, registers):
    _, index = registers
    current = factories.ServiceInstructionPageFactory(
        parent=index, slug="a", title="Arbeitszeit neu"
    )
    factories.ServiceInstructionPageFactory(
        parent=index, slug="b", title="Arbeitszeit alt", status="superseded", superseded_by=current
    )
    default = user_client.get(index.url)
    assert default.status_code == 200
    assert [p.pk for p in default.context["entries"]] == [current.pk]
    everything = user_client.get(index.url + "?alle=1")
    assert len(everything.context["entries"]) == 2
    assert "Ersetzt" in everything.content.decode()


def test_form_register_filters_by_office_tag_and_text(user_client, registers):
    index, _ = registers
    hr = factories.OrgUnitFactory(code="amt-11", name="Personalamt")
    leave = factories.FormPageFactory(
        parent=index, slug="urlaub", title="Urlaubsantrag", issuing_office=hr
    )
    leave.tags.add("Urlaub")
    leave.save_revision().publish()
    factories.FormPageFactory(parent=index, slug="reise", title="Dienstreiseantrag")

    def listed(query):
        return [p.pk for p in user_client.get(index.url + query).context["entries"]]

    assert len(listed("")) == 2
    assert listed("?amt=amt-11") == [leave.pk]
    assert listed("?schlagwort=urlaub") == [leave.pk]
    assert listed("?q=urlaub") == [leave.pk]
    assert listed("?q=gibt-es-nicht") == []


def test_in_force_label():
    today = datetime.date.today()
    page = factories.ServiceInstructionPageFactory.build(
        valid_from=today + datetime.timedelta(days=3)
    )
    assert str(page.validity_label) == "Noch nicht in Kraft"
    assert page.in_force is False
    page.valid_from = today - datetime.timedelta(days=3)
    assert page.in_force is True
    page.status = "repealed"
    assert str(page.validity_label) == "Aufgehoben" and page.in_force is False


def test_validation_messages_are_german(registers):
    _, index = registers
    other = factories.ServiceInstructionPageFactory(parent=index, slug="x", number="DA-9")
    page = factories.ServiceInstructionPageFactory.build(
        number="DA-9",
        valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2025, 1, 1),
        status="superseded",
    )
    page.locale_id = other.locale_id
    with pytest.raises(ValidationError) as error:
        page.clean()
    messages = error.value.message_dict
    assert "„Gültig bis“ darf nicht vor „Gültig ab“ liegen." in messages["valid_until"]
    assert "ersetzt" in messages["superseded_by"][0]
