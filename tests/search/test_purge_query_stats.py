"""``manage.py purge_query_stats``: statistics older than SEARCH_QUERY_STATS_DAYS
(environment, default 365) are deleted; --dry-run deletes nothing; a second
run finds nothing; bad values are refused before anything is deleted."""

import datetime
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from search.models import QueryStat, query_stats_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def stats():
    today = timezone.localdate()
    for age in (0, 30, 364, 365, 400, 1000):
        QueryStat.objects.create(
            query=f"anfrage {age}", day=today - datetime.timedelta(days=age), count=1
        )


def ages():
    today = timezone.localdate()
    return sorted((today - day).days for day in QueryStat.objects.values_list("day", flat=True))


def purge(*args):
    out = StringIO()
    call_command("purge_query_stats", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def no_configured_days(settings, monkeypatch):
    monkeypatch.delenv("SEARCH_QUERY_STATS_DAYS", raising=False)
    if hasattr(settings, "SEARCH_QUERY_STATS_DAYS"):
        del settings.SEARCH_QUERY_STATS_DAYS


def test_default_keeps_365_days_and_is_idempotent(stats):
    assert query_stats_days() == 365
    assert "3 Einträge" in purge()
    assert ages() == [0, 30, 364]
    assert "0 Einträge" in purge()
    assert ages() == [0, 30, 364]


def test_dry_run_deletes_nothing(stats):
    out = purge("--dry-run")
    assert "Würde 3 Einträge" in out
    assert ages() == [0, 30, 364, 365, 400, 1000]


def test_days_from_the_environment(stats, monkeypatch):
    monkeypatch.setenv("SEARCH_QUERY_STATS_DAYS", "31")
    purge()
    assert ages() == [0, 30]


def test_setting_wins_over_the_environment(stats, monkeypatch, settings):
    monkeypatch.setenv("SEARCH_QUERY_STATS_DAYS", "31")
    settings.SEARCH_QUERY_STATS_DAYS = 500
    purge()
    assert ages() == [0, 30, 364, 365, 400]


def test_days_option(stats):
    purge("--days", "1")
    assert ages() == [0]


@pytest.mark.parametrize("value", ["0", "-5", "ein Jahr"])
def test_bad_setting_is_refused_and_nothing_deleted(stats, monkeypatch, value):
    monkeypatch.setenv("SEARCH_QUERY_STATS_DAYS", value)
    with pytest.raises(CommandError, match="SEARCH_QUERY_STATS_DAYS"):
        purge()
    assert len(ages()) == 6


def test_bad_option_is_refused(stats):
    with pytest.raises(CommandError):
        purge("--days", "0")
    assert len(ages()) == 6
