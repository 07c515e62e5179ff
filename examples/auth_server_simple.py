"""A resource server on mcp 1.x: bearer tokens checked by an introspection verifier.

Run with `python auth_server_simple.py`; clients must send `Authorization: Bearer <token>`.
"""
from __future__ import annotations

import logging
import os

import httpx
from pydantic import AnyHttpUrl

from mcp.server.auth.provider import AccessToken, TokenVerifier
from mcp.server.auth.settings import AuthSettings
from mcp.server.fastmcp import Context, FastMCP
from mcp.shared.auth_utils import check_resource_allowed, resource_url_from_server_url

logger = logging.getLogger(__name__)

SERVER_URL = os.environ.get("MCP_SERVER_URL", "http://localhost:8001/mcp")
AUTH_URL = os.environ.get("MCP_AUTH_URL", "http://localhost:9000")


class IntrospectionVerifier(TokenVerifier):
    """Asks the authorization server whether a token is active (RFC 7662)."""

    def __init__(self, introspection_endpoint: str, server_url: str) -> None:
        self.introspection_endpoint = introspection_endpoint
        self.resource_url = resource_url_from_server_url(server_url)

    async def verify_token(self, token: str) -> AccessToken | None:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(self.introspection_endpoint, data={"token": token})
        if response.status_code != 200:
            return None
        data = response.json()
        if not data.get("active"):
            return None
        if not check_resource_allowed(requested_resource=self.resource_url, configured_resource=data.get("aud", "")):
            logger.warning("token audience %s does not match %s", data.get("aud"), self.resource_url)
            return None
        return AccessToken(
            token=token,
            client_id=data["client_id"],
            scopes=data.get("scope", "").split(),
            expires_at=data.get("exp"),
            resource=data.get("aud"),
        )


mcp = FastMCP(
    "weather",
    instructions="Weather tools behind OAuth",
    token_verifier=IntrospectionVerifier(f"{AUTH_URL}/introspect", SERVER_URL),
    auth=AuthSettings(
        issuer_url=AnyHttpUrl(AUTH_URL),
        resource_server_url=AnyHttpUrl(SERVER_URL),
        required_scopes=["weather:read"],
    ),
    host="0.0.0.0",
    port=8001,
    json_response=True,
)


@mcp.tool()
async def forecast(city: str, ctx: Context) -> str:
    """Return the forecast for a city; logs which OAuth client asked."""
    await ctx.info(f"forecast requested by {ctx.client_id}")
    return f"Sunny in {city}"


@mcp.tool()
async def server_name(ctx: Context) -> str:
    return ctx.fastmcp.name


if __name__ == "__main__":
    mcp.run(transport="streamable-http")
