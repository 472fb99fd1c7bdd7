"""Inside or outside: the client address comes from X-Forwarded-For only
when the request arrives from a trusted proxy."""

from django.test import Client, RequestFactory

import pytest

from accounts.network import client_address, is_internal

from .conftest import sign_in

PROXY = "10.0.0.5"


@pytest.fixture
def networks(settings):
    settings.INTERNAL_NETWORKS = ["10.20.0.0/16", "127.0.0.0/8"]
    settings.TRUSTED_PROXIES = ["10.0.0.5/32"]


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.usefixtures("networks")
def test_forwarded_for_is_believed_from_a_trusted_proxy():
    request = _request(PROXY, "203.0.113.7")
    assert client_address(request) == "203.0.113.7"
    assert not is_internal(request)
    assert is_internal(_request(PROXY, "10.20.3.4"))


@pytest.mark.usefixtures("networks")
def test_forwarded_for_is_ignored_from_anyone_else():
    # An outside client claiming an inside address is still outside.
    request = _request("203.0.113.7", "10.20.3.4")
    assert client_address(request) == "203.0.113.7"
    assert not is_internal(request)


@pytest.mark.usefixtures("networks")
def test_the_client_is_the_rightmost_untrusted_hop():
    # What the client itself sent (leftmost) cannot be trusted; the proxy's
    # own entry (rightmost) is the address it saw.
    request = _request(PROXY, "10.20.3.4, 203.0.113.7")
    assert client_address(request) == "203.0.113.7"
    assert client_address(_request(PROXY, "garbage, 203.0.113.7")) == "203.0.113.7"
    assert client_address(_request(PROXY, "203.0.113.7, nonsense")) == PROXY


@pytest.mark.usefixtures("networks")
def test_the_proxy_header_decides_the_second_factor(db):
    from tests import factories

    factories.UserFactory(username="kim")
    via_proxy = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    sign_in(via_proxy, "kim")
    assert via_proxy.get("/profil/").status_code == 302  # outside: asked for the factor

    inside_via_proxy = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.20.3.4")
    sign_in(inside_via_proxy, "kim")
    assert inside_via_proxy.get("/profil/").status_code == 200

    forged = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.20.3.4")
    sign_in(forged, "kim")
    assert forged.get("/profil/").status_code == 302
