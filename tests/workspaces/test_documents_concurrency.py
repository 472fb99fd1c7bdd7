"""Two members at the same moment, for real: separate threads, each with its
own PostgreSQL connection, committed transactions. Of two check-outs of one
document exactly one succeeds (the unique constraint decides, the loser is
told who won); two simultaneous new versions both survive with gapless
numbers."""

import threading
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

import pytest

from cms.models import IntranetDocument
from workspaces import services as workspace_services
from workspaces.documents import services
from workspaces.documents.models import CheckOut
from workspaces.documents.services import CheckedOut
from workspaces.models import Workspace

# serialized_rollback: the flush after each test would drop the locale and root
# page that migrations create; they are restored for the next test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def pdf(name, text=b"Plan"):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + text, content_type="application/pdf")


@pytest.fixture
def setup(workspaces, people):
    workspace = workspaces[Workspace.Kind.PRIVATE]
    second = type(people["member"]).objects.create(username="zweite", first_name="Zora")
    workspace_services.set_member(workspace, second, "member")
    document = services.add_document(workspace, people["owner"], pdf("a.pdf"), "Akte")
    return workspace.pk, document.pk, [people["member"], second]


def run_in_threads(*targets):
    """Run each callable in its own thread (own connection); returns results or exceptions."""
    results = [None] * len(targets)

    def runner(index, target):
        try:
            results[index] = target()
        except Exception as error:  # noqa: BLE001 - handed back to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results


def check_out(workspace_id, document_id, user, barrier=None):
    workspace = Workspace.objects.select_related("page").get(pk=workspace_id)
    document = IntranetDocument.objects.get(pk=document_id)
    if barrier is not None:
        barrier.wait()
    return services.check_out(workspace, user, document)


def test_two_simultaneous_checkouts_exactly_one_wins(setup):
    workspace_id, document_id, users = setup
    for _round in range(3):
        barrier = threading.Barrier(2)
        results = run_in_threads(
            *(lambda u=u, b=barrier: check_out(workspace_id, document_id, u, b) for u in users)
        )
        wins = [r for r in results if isinstance(r, tuple)]
        losses = [r for r in results if isinstance(r, CheckedOut)]
        assert len(wins) == 1 and len(losses) == 1, results
        winner = wins[0][0].user
        assert losses[0].checkout.user == winner
        assert str(losses[0]).startswith(f"Ausgecheckt von {services.display_name(winner)} seit")
        assert CheckOut.objects.filter(document_id=document_id).count() == 1
        CheckOut.objects.all().delete()


def test_the_second_blocks_until_the_first_commits_and_then_loses(setup):
    """The first check-out is written but not yet committed while the second
    one runs: a look-before-you-write check would see nothing and let both
    through; the unique constraint makes the second wait and then lose."""
    workspace_id, document_id, (first, second) = setup
    written = threading.Event()

    def slow_first():
        with transaction.atomic():
            result = check_out(workspace_id, document_id, first)
            written.set()
            time.sleep(1.0)
        return result

    def late_second():
        assert written.wait(10)
        return check_out(workspace_id, document_id, second)

    results = run_in_threads(slow_first, late_second)
    assert isinstance(results[0], tuple) and results[0][1] is True, results
    assert isinstance(results[1], CheckedOut), results
    assert results[1].checkout.user == first
    assert CheckOut.objects.get(document_id=document_id).user == first


def test_two_simultaneous_versions_are_both_kept(setup):
    workspace_id, document_id, users = setup
    barrier = threading.Barrier(2)

    def upload(user, text):
        workspace = Workspace.objects.select_related("page").get(pk=workspace_id)
        document = IntranetDocument.objects.get(pk=document_id)
        barrier.wait()
        return services.add_version(workspace, user, document, pdf(f"{text}.pdf", text.encode()))

    results = run_in_threads(lambda: upload(users[0], "eins"), lambda: upload(users[1], "zwei"))
    assert sorted(r.number for r in results) == [2, 3], results
    document = IntranetDocument.objects.get(pk=document_id)
    versions = services.history(document)
    assert [v.number for v in versions] == [3, 2, 1]
    contents = set()
    for version in versions[:2]:
        with services.open_version_file(document, version) as handle:
            contents.add(handle.read())
    assert contents == {b"%PDF-1.4 eins", b"%PDF-1.4 zwei"}
