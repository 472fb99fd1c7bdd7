"""Two votes by one member in one poll at the same moment, on PostgreSQL:
the unique constraint and the upsert leave exactly one of the two votes,
whole – never both, never a mix, never an error."""

import datetime
import threading

from django.db import connection
from django.utils import timezone

import pytest

from tests import factories
from workspaces import services as workspace_services
from workspaces.calendar import services
from workspaces.calendar.models import PollAnswer
from workspaces.models import Workspace, WorkspaceMembership

# serialized_rollback: a transactional test flushes the tables at its end; the
# snapshot puts back what migrations created (root page, locales) for the tests
# that pytest-django orders after it (the browser tests seed on that root).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def at(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture
def setup(home_page):
    owner = factories.UserFactory(username="owner")
    member = factories.UserFactory(username="member")
    workspace = workspace_services.create_workspace(
        "Parallel", Workspace.Kind.PRIVATE, Workspace.Template.PROJECT, owner
    )
    workspace_services.set_member(workspace, member, WorkspaceMembership.Role.MEMBER)
    poll = services.create_poll(
        workspace, owner, "Gleichzeitig", [(at(d), at(d, 11)) for d in (2, 3, 4)]
    )
    return poll, member


def cast(poll, member, answers, barrier, errors):
    """One vote in its own thread (and so its own database connection)."""
    try:
        barrier.wait()
        services.vote(poll, member, answers)
    except Exception as exc:  # reported by the test
        errors.append(exc)
    finally:
        connection.close()


def test_concurrent_votes_of_one_member_leave_one_whole_vote(setup):
    assert connection.vendor == "postgresql"
    poll, member = setup
    a, b, c = (slot.pk for slot in poll.slots.all())
    votes = [{a: "yes", b: "yes", c: "yes"}, {a: "no", b: "maybe"}]
    for _round in range(5):
        barrier = threading.Barrier(2)
        errors = []
        threads = [
            threading.Thread(target=cast, args=(poll, member, v, barrier, errors)) for v in votes
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors
        stored = dict(
            PollAnswer.objects.filter(slot__poll=poll, user=member).values_list("slot_id", "answer")
        )
        assert stored in votes
