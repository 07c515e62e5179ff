"""A stdio server: no auth by design (the transport is the process boundary)."""
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("local-notes")


@mcp.tool()
def add_note(text: str) -> str:
    return f"saved: {text}"


if __name__ == "__main__":
    mcp.run()
