"""Attach an MCP resource to a Claude request with anthropic's converter."""
import asyncio

from anthropic import AsyncAnthropic
from anthropic.lib.tools.mcp import mcp_resource_to_content
from mcp import ClientSession
from mcp.client.streamable_http import streamablehttp_client


async def main() -> None:
    claude = AsyncAnthropic()
    async with streamablehttp_client("https://docs.example.com/mcp") as (read, write, _), \
            ClientSession(read, write) as session:
        await session.initialize()
        listing = await session.list_resources()
        report = await session.read_resource(str(listing.resources[0].uri))
        message = await claude.messages.create(
            model="claude-sonnet-4-5",
            max_tokens=1024,
            messages=[{"role": "user", "content": [mcp_resource_to_content(report), {"type": "text", "text": "Summarise this."}]}],
        )
        print(message.content[0].text)


if __name__ == "__main__":
    asyncio.run(main())
