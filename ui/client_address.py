"""The address a request comes from, as the server sees it: never a value the client chooses.

Uvicorn replaces the peer address by the X-Forwarded-For client only for peers listed in
FORWARDED_ALLOW_IPS, which `trusted_proxy_env` sets from `settings.trusted_proxies` (uvicorn's
own default trusts 127.0.0.1, which would let any local program name any address).
"""

from __future__ import annotations

from typing import Any

from kb.settings import Settings

UNKNOWN = "unknown"
FORWARDED_ALLOW_IPS = "FORWARDED_ALLOW_IPS"


def client_address(request: Any) -> str:
    """The client's IP address for per-client limits (a gr.Request or a Starlette request)."""
    client = getattr(request, "client", None) if request is not None else None
    return str(getattr(client, "host", "") or UNKNOWN)


def trusted_proxy_env(settings: Settings) -> dict[str, str]:
    """The environment uvicorn reads, when it starts, for the proxies whose headers it trusts."""
    return {FORWARDED_ALLOW_IPS: ",".join(settings.trusted_proxies)}
