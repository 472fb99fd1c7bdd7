"""The query report is its own right („Suchstatistik ansehen“), held by the
central editorial team; other editors get 403 and do not see the menu item.
The report says how long statistics are kept and how far back they go."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

import pytest

from cms.rights.applier import apply_roles
from home.editorial import CENTRAL_GROUP, DECENTRAL_GROUP, ensure_editorial_setup
from search.models import QueryStat, query_report_min_count
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/admin/berichte/suchanfragen/"


@pytest.fixture
def editorial(home_page, news_index):
    ensure_editorial_setup()
    central = factories.UserFactory(username="zentral")
    central.groups.add(Group.objects.get(name=CENTRAL_GROUP))
    decentral = factories.UserFactory(username="dezentral")
    decentral.groups.add(Group.objects.get(name=DECENTRAL_GROUP))
    today = timezone.localdate()
    QueryStat.objects.create(query="urlaubsantrag", day=today, count=7)
    QueryStat.objects.create(query="qwxzv", day=today, count=5, zero_results=5)
    # Rare queries (fewer than SEARCH_QUERY_REPORT_MIN_COUNT searches) could
    # point to the one person who typed them: the report leaves them out,
    # also when they are spread over several days.
    QueryStat.objects.create(query="meier-akte", day=today, count=4, zero_results=4)
    yesterday = today - datetime.timedelta(days=1)
    QueryStat.objects.create(query="zweitage", day=today, count=3, zero_results=1)
    QueryStat.objects.create(query="zweitage", day=yesterday, count=2, zero_results=0)
    QueryStat.objects.create(
        query="alt", day=today - datetime.timedelta(days=100), count=1, zero_results=0
    )
    return {"central": central, "decentral": decentral}


def test_central_editors_read_the_report(client, editorial):
    client.force_login(editorial["central"])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "urlaubsantrag" in html and "qwxzv" in html
    oldest = (timezone.localdate() - datetime.timedelta(days=100)).strftime("%d.%m.%Y")
    assert f"Sie reicht zurück bis zum {oldest}" in html
    assert "365 Tage aufbewahrt" in html


def test_rare_queries_are_left_out(client, editorial):
    client.force_login(editorial["central"])
    html = client.get(URL).content.decode()
    assert "meier-akte" not in html
    assert "zweitage" in html  # 3 + 2 searches on two days reach the threshold
    assert "mindestens 5-mal gesucht" in html


def test_the_threshold_is_a_setting(client, editorial, settings):
    settings.SEARCH_QUERY_REPORT_MIN_COUNT = 8
    client.force_login(editorial["central"])
    html = client.get(URL).content.decode()
    assert "urlaubsantrag" not in html and "qwxzv" not in html
    settings.SEARCH_QUERY_REPORT_MIN_COUNT = 1
    assert "meier-akte" in client.get(URL).content.decode()


def test_the_threshold_comes_from_the_environment(monkeypatch):
    assert query_report_min_count() == 5
    monkeypatch.setenv("SEARCH_QUERY_REPORT_MIN_COUNT", "3")
    assert query_report_min_count() == 3
    monkeypatch.setenv("SEARCH_QUERY_REPORT_MIN_COUNT", "keine")
    with pytest.raises(ImproperlyConfigured):
        query_report_min_count()


def test_superusers_read_the_report(client, superuser, editorial):
    client.force_login(superuser)
    assert client.get(URL).status_code == 200


def test_other_editors_get_403_and_no_menu_item(client, editorial):
    client.force_login(editorial["decentral"])
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert URL not in dashboard.content.decode()
    response = client.get(URL)
    assert response.status_code == 403
    assert "urlaubsantrag" not in response.content.decode()


def test_menu_item_is_shown_to_central_editors(client, editorial):
    client.force_login(editorial["central"])
    assert URL in client.get("/admin/").content.decode()


def test_employee_without_admin_access_cannot_read_it(user_client, editorial):
    response = user_client.get(URL)
    assert response.status_code in (302, 403)
    assert "urlaubsantrag" not in response.content.decode()


def test_the_right_is_granted_only_to_the_central_group_and_survives_apply_roles(editorial):
    perm = Permission.objects.get(content_type__app_label="search", codename="view_query_report")
    assert str(perm.name) == "Suchstatistik ansehen"
    assert set(perm.group_set.values_list("name", flat=True)) == {CENTRAL_GROUP}
    apply_roles()
    assert set(perm.group_set.values_list("name", flat=True)) == {CENTRAL_GROUP}
    # Both declarations agree: running either again changes nothing.
    assert ensure_editorial_setup().changes == []
    assert editorial["central"].has_perm("search.view_query_report")
    assert not editorial["decentral"].has_perm("search.view_query_report")


def test_retention_setting_is_shown(client, editorial, settings):
    settings.SEARCH_QUERY_STATS_DAYS = 90
    client.force_login(editorial["central"])
    assert "90 Tage aufbewahrt" in client.get(URL).content.decode()
