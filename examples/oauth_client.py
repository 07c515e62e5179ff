"""An mcp 1.x OAuth client: authorization code + PKCE, and a client-credentials variant."""
import asyncio
import webbrowser

import httpx

from mcp import ClientSession
from mcp.client.auth import OAuthClientProvider, TokenStorage
from mcp.client.auth.extensions.client_credentials import (
    ClientCredentialsOAuthProvider,
    JWTParameters,
    RFC7523OAuthClientProvider,
)
from mcp.client.streamable_http import streamablehttp_client
from mcp.shared.auth import OAuthClientInformationFull, OAuthClientMetadata, OAuthToken


class InMemoryTokenStorage(TokenStorage):
    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client_info: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client_info

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client_info = client_info


async def open_browser(url: str) -> None:
    webbrowser.open(url)


async def wait_for_callback() -> tuple[str, str | None]:
    code = input("code: ")
    return code, None


async def interactive(server_url: str) -> None:
    provider = OAuthClientProvider(
        server_url=server_url,
        client_metadata=OAuthClientMetadata(
            client_name="weather-cli",
            redirect_uris=["http://localhost:3030/callback"],
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
        ),
        storage=InMemoryTokenStorage(),
        redirect_handler=open_browser,
        callback_handler=wait_for_callback,
        timeout=120.0,
    )
    async with streamablehttp_client(server_url, auth=provider) as (read, write, _):
        async with ClientSession(read, write) as session:
            await session.initialize()
            print(await session.list_tools())


def machine_to_machine(server_url: str) -> httpx.AsyncClient:
    provider = ClientCredentialsOAuthProvider(
        server_url=server_url,
        storage=InMemoryTokenStorage(),
        client_id="reporting-job",
        client_secret="s3cret",
        scopes="reports:read",
    )
    return httpx.AsyncClient(auth=provider)


def legacy_jwt(server_url: str, metadata: OAuthClientMetadata) -> RFC7523OAuthClientProvider:
    return RFC7523OAuthClientProvider(
        server_url,
        metadata,
        InMemoryTokenStorage(),
        jwt_parameters=JWTParameters(issuer="svc", subject="svc", jwt_signing_key="key"),
    )


if __name__ == "__main__":
    asyncio.run(interactive("http://localhost:8001/mcp"))
