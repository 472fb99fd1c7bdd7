"""Where a request comes from: the client address (X-Forwarded-For only from
a trusted proxy) and whether it lies inside the administration's network."""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=32)
def _networks(entries):
    networks = []
    for entry in entries:
        networks.append(ipaddress.ip_network(entry, strict=False))
    return tuple(networks)


def _parse(address):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _in(address, entries):
    parsed = _parse(address) if isinstance(address, str) else address
    if parsed is None:
        return False
    return any(parsed in network for network in _networks(tuple(entries)))


def client_address(request):
    """The address of the person's machine. ``X-Forwarded-For`` counts only
    when the connecting address is one of ``TRUSTED_PROXIES``; then the
    rightmost entry that is not itself a trusted proxy is the client (entries
    further left are whatever the client claimed)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.TRUSTED_PROXIES
    if not proxies or not _in(remote, proxies):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if _parse(hop) is None:
            # A malformed entry: nothing to its left can be trusted.
            return remote
        if not _in(hop, proxies):
            return hop
    return remote


def client_address_for_axes(request, *args):
    """django-axes' client address: the same as everywhere else."""
    return client_address(request)


def is_internal(request):
    """Whether the request comes from inside ``INTERNAL_NETWORKS``."""
    return _in(client_address(request), settings.INTERNAL_NETWORKS)
