"""Which addresses verifier may reach, and connections pinned to the addresses checked.

Hosts come from untrusted article pages (any Mastodon server, any link), so a page must not
be able to point us at this machine, the local network or a cloud metadata service. A host
is refused when ANY address it resolves to is not public (see `is_public_address`).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias, cast

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util.connection import create_connection

from verifier.http.deadline import watch

Resolver: TypeAlias = Callable[[str, int], list[str]]

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# Local-use NAT64 (RFC 8215): a network's own translator, to IPv4 addresses of its choosing;
# never a public host.
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")
# IPv4-translated addresses (SIIT, RFC 2765): ::ffff:0:a.b.c.d reaches a.b.c.d.
_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")


class AddressRefused(Exception):
    """The guard refused a host; the message is the FetchResult error."""


def default_resolver(host: str, port: int) -> list[str]:
    """Every address `host` resolves to; IP literals in any form (2130706433, 0x7f.1,
    [::ffff:127.0.0.1]) come back normalised, so the check sees what a socket would."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form carries: these may reach that IPv4 host."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    # NAT64, and the deprecated IPv4-compatible ::a.b.c.d, which is_global calls global.
    if address in _NAT64 or address in _TRANSLATED or int(address) >> 32 == 0:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public_address(ip: str) -> bool:
    """Whether `ip` is a global unicast address, and so is any IPv4 address it embeds.

    `is_global` rules out loopback, private, link-local (cloud metadata), carrier-grade NAT,
    reserved, unspecified and documentation ranges. Multicast counts as global there, so it
    is refused explicitly. Unparseable input is not public.
    """
    try:
        address = ipaddress.ip_address(ip.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return False
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        if address in _LOCAL_NAT64:
            return False
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            candidates.append(embedded)
    return all(c.is_global and not c.is_multicast for c in candidates)


@dataclass(frozen=True)
class AddressGuard:
    """Resolves hosts and refuses any that reach a non-public address."""

    resolver: Resolver = default_resolver
    allow_private: bool = False

    def check(self, host: str, port: int) -> list[str]:
        """The addresses to connect to. Raises AddressRefused if any is not public (unless
        private hosts are allowed), OSError if the host does not resolve."""
        addresses = self.resolver(host, port)
        if not addresses:
            raise OSError(f"{host} resolved to no address")
        for ip in addresses:
            if not self.allow_private and not is_public_address(ip):
                raise AddressRefused(
                    f"refused: {host} resolves to private address {ip}"
                    " (pass --allow-private-hosts to allow)"
                )
        return addresses


def _open_checked(conn: HTTPConnection, guard: AddressGuard) -> socket.socket:
    """Resolve, check and connect using one answer, so DNS cannot change in between.

    A check made before requests resolves the host again would leave a DNS-rebinding
    window (first answer public, second 127.0.0.1); this closes it. The socket goes to the
    checked IP while Host and TLS SNI/certificate checks keep the name, because urllib3
    takes those from `conn.host`, not from the socket.
    """
    try:
        addresses = guard.check(conn.host, conn.port)
    except (OSError, UnicodeError) as e:
        raise NewConnectionError(conn, f"Failed to resolve {conn.host}: {e}") from e
    failure: Exception = NewConnectionError(conn, f"No address for {conn.host}")
    for ip in addresses:
        try:
            return create_connection(
                (ip, conn.port),
                conn.timeout,
                source_address=conn.source_address,
                socket_options=conn.socket_options,
            )
        except TimeoutError as e:
            failure = ConnectTimeoutError(conn, f"Connecting to {conn.host} ({ip}) timed out")
            failure.__cause__ = e
        except OSError as e:
            failure = NewConnectionError(conn, f"Cannot connect to {conn.host} ({ip}): {e}")
            failure.__cause__ = e
    raise failure


def _guarded_pool_classes(guard: AddressGuard) -> dict[str, type[HTTPConnectionPool]]:
    """urllib3 pools whose connections open sockets only to addresses `guard` just checked."""

    # Each socket is watched by the running request's deadline (see deadline.py): when it
    # opens (a TLS handshake can be dripped too) and when a kept-alive one is used again.
    class Guarded:
        """Mixed in before urllib3's HTTP and HTTPS connection classes."""

        sock: socket.socket | None

        def _new_conn(self) -> socket.socket:
            # Always mixed into an HTTPConnection (below), whose fields it reads.
            sock = _open_checked(cast(HTTPConnection, self), guard)
            watch(sock)
            return sock

        def getresponse(self, *args: Any, **kwargs: Any) -> Any:
            watch(self.sock)
            return super().getresponse(*args, **kwargs)  # type: ignore[misc]

    class GuardedHTTPConnection(Guarded, HTTPConnection):
        pass

    class GuardedHTTPSConnection(Guarded, HTTPSConnection):
        pass

    class GuardedHTTPPool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTPConnection

    class GuardedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPSConnection

    return {"http": GuardedHTTPPool, "https": GuardedHTTPSPool}


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose direct connections go through the address guard.

    Connections through a configured proxy (HTTP(S)_PROXY) are not pinned: the proxy
    resolves the host, so only the check `HttpClient.get` makes before each hop applies.
    """

    def __init__(self, guard: AddressGuard, **kwargs: Any) -> None:
        self.guard = guard  # before super().__init__, which calls init_poolmanager
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _guarded_pool_classes(self.guard)


def guarded_session(guard: AddressGuard) -> requests.Session:
    """A session whose http and https connections are pinned to guard-checked addresses."""
    session = requests.Session()
    adapter = GuardedAdapter(guard)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
