"""``bulletin-qa mcp`` over stdio, driven by the MCP SDK's own client: the three tools are listed,
answer with verifiable extracts, and bad arguments come back as tool errors (the server lives on)."""

from __future__ import annotations

import asyncio
import json
import os
import sys

import pytest

pytestmark = pytest.mark.slow


async def _session_calls(index):
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(command=sys.executable, args=["-m", "qa.cli", "mcp", "--index", str(index)], env=dict(os.environ))
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = {t.name: t for t in (await session.list_tools()).tools}
        asked = await session.call_tool("ask", {"question": "3月25日12345热线转交责任单位办理了多少件？"})
        follow = None
        if not asked.is_error:
            turn = json.loads(asked.content[0].text)["turn"]
            follow = await session.call_tool("ask", {"question": "直接办理了多少件？", "history": [turn]})
        found = await session.call_tool("search", {"query": "西宁锂电池隔膜", "k": 2})
        hit = json.loads(found.content[0].text)["hits"][0]
        article = await session.call_tool("get_article", {"id": hit["article_id"]})
        missing = await session.call_tool("get_article", {"id": "no-such-article"})
        bad_k = await session.call_tool("search", {"query": "x", "k": 10_000})
        after = await session.call_tool("search", {"query": "西宁", "k": 1})
        return tools, asked, follow, found, article, missing, bad_k, after


def test_the_three_tools_over_stdio(e5_index, e5):
    tools, asked, follow, found, article, missing, bad_k, after = asyncio.run(_session_calls(e5_index))
    assert set(tools) == {"search", "ask", "get_article"}
    answer = json.loads(asked.content[0].text)
    c = answer["citations"][0]
    assert answer["answer"] and c["passage"][c["span"][0] : c["span"][1]] == answer["answer"] and c["title"]
    assert json.loads(follow.content[0].text)["asked_as"].startswith("3月25日")
    hits = json.loads(found.content[0].text)["hits"]
    assert len(hits) == 2 and json.loads(article.content[0].text)["id"] == hits[0]["article_id"]
    assert missing.is_error and "no article" in missing.content[0].text
    assert bad_k.is_error and "k must be" in bad_k.content[0].text
    assert not after.is_error  # the server is still there after the errors
