"""Page through resources with a v1 mcp ClientSession (cursor=, AnyUrl, subscriptions)."""
import asyncio
from contextlib import AsyncExitStack

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from pydantic import AnyUrl


class DocsClient:
    def __init__(self) -> None:
        self.exit_stack = AsyncExitStack()
        self.session = None

    async def connect(self) -> None:
        params = StdioServerParameters(command="python", args=["docs_server.py"])
        read, write = await self.exit_stack.enter_async_context(stdio_client(params))
        self.session = await self.exit_stack.enter_async_context(ClientSession(read, write))
        await self.session.initialize()

    async def all_resources(self) -> list:
        found, cursor = [], None
        while True:
            result = await self.session.list_resources(cursor=cursor)
            found.extend(result.resources)
            cursor = result.nextCursor
            if cursor is None:
                return found

    async def read(self, uri: str) -> str:
        body = await self.session.read_resource(AnyUrl(uri))
        for item in body.contents:
            if item.mimeType == "text/markdown":
                return item.text
        return ""

    async def watch(self, uri: str) -> None:
        await self.session.subscribe_resource(AnyUrl(uri))

    async def close(self) -> None:
        await self.exit_stack.aclose()


async def main() -> None:
    client = DocsClient()
    await client.connect()
    try:
        for resource in await client.all_resources():
            print(await client.read(str(resource.uri)))
    finally:
        await client.close()


if __name__ == "__main__":
    asyncio.run(main())
