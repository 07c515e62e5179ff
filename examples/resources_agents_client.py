"""Browse an MCP server's resources through openai-agents (pre-summit resources API)."""
import asyncio

from agents import Agent, Runner
from agents.mcp import MCPServer, MCPServerStdio, MCPServerStreamableHttp


async def dump_resources(server: MCPServer) -> None:
    cursor = None
    while True:
        page = await server.list_resources(cursor=cursor)
        for resource in page.resources:
            print(resource.name, resource.uri, resource.mimeType)
        cursor = page.nextCursor
        if not cursor:
            break
    templates = await server.list_resource_templates()
    for template in templates.resourceTemplates:
        print("template:", template.uriTemplate)


async def main() -> None:
    async with MCPServerStdio(params={"command": "uvx", "args": ["mcp-server-fetch"]}) as local, \
            MCPServerStreamableHttp(params={"url": "https://docs.example.com/mcp"}) as remote:
        agent = Agent(name="librarian", instructions="Answer from the docs.", mcp_servers=[local, remote])
        for server in agent.mcp_servers:
            await dump_resources(server)
        readme = await remote.read_resource("docs://README.md")
        print(readme.contents[0].mimeType)
        result = await Runner.run(agent, "Summarise the README")
        print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
