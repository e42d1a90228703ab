"""``bulletin-qa mcp``: the assistant as an MCP server, so an LLM agent can quote instead of
paraphrase. Three tools, each returning verifiable extracts — the answer, the passage, the span's
offsets, the confidence and the citation (paper, date, page, headline, article id):

- ``search(query, k=5)``: the best passages;
- ``ask(question, history=[])``: an exact answer span or "not found" (``history``: the ``turn``
  objects of earlier answers, for follow-ups);
- ``get_article(id)``: one article, whole.

Built on the MCP SDK's ``MCPServer`` (``mcp`` 2.x; 1.x called it FastMCP): stdio by default,
streamable HTTP on loopback with ``--http``. Errors come back as MCP tool errors with a message.
"""

from __future__ import annotations

from typing import Any

from qa.chat.assistant import Assistant
from qa.chat.turns import Turn
from qa.errors import BulletinQAError, InvalidInput

MAX_HISTORY = 50
MAX_K = 50


def _told(fn):
    """A BulletinQAError becomes the MCP tool error the agent reads (its message says what to do)."""
    import functools

    from mcp.server.mcpserver.exceptions import ToolError

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BulletinQAError as exc:
            raise ToolError(str(exc)) from exc

    return wrapper


def build_server(assistant: Assistant):
    from mcp.server.mcpserver import MCPServer

    server = MCPServer(name="bulletin-qa", instructions=(
        "Questions about Chinese news bulletins. Every answer is an exact slice of a printed article: quote `answer` "
        "and cite `citations[0]` (paper, date, page, title); `passage[span[0]:span[1]] == answer`. "
        "`no_answer: true` means the bulletins do not say; do not guess."))

    @server.tool(description="Search the bulletins: the passages that best match a query, each with its article's metadata and offsets.")
    @_told
    def search(query: str, k: int = 5) -> dict[str, Any]:
        if not 1 <= k <= MAX_K:
            raise InvalidInput(f"k must be between 1 and {MAX_K}")
        return {"query": query, "hits": [h.to_dict() for h in assistant.retriever.search(query, k=k)]}

    @server.tool(description="Answer a question in Chinese with the exact span printed in a bulletin, its confidence and citation; "
                             "pass the `turn` of earlier answers as `history` for a follow-up question.")
    @_told
    def ask(question: str, history: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        return answer_with_turn(assistant, question, history)

    @server.tool(description="One article of the bulletins, whole, by the `article_id` a citation or hit gives.")
    @_told
    def get_article(id: str) -> dict[str, Any]:  # noqa: A002 - the argument's name is part of the tool's contract
        article = assistant.retriever.store.article(id)
        if article is None:
            raise InvalidInput(f"no article {id!r} in this index; search or ask to find article ids")
        d = article.to_dict()
        d.pop("source_map")
        return d

    return server


def answer_with_turn(assistant: Assistant, question: str, history: list[dict[str, Any]] | None) -> dict[str, Any]:
    """The answer's JSON and the ``turn`` to pass back for a follow-up."""
    history = history or []
    if len(history) > MAX_HISTORY:
        raise InvalidInput(f"history has {len(history)} turns; pass at most the last {MAX_HISTORY}")
    turns = []
    for t in history:
        if not isinstance(t, dict) or not isinstance(t.get("question"), str):
            raise InvalidInput("each history entry is a `turn` object from an earlier answer: {\"question\": …, …}")
        turns.append(Turn(**{k: v for k, v in t.items() if k in Turn.__dataclass_fields__ and isinstance(v, (str, type(None)))}))
    answer = assistant.ask(question, history=turns)
    out = answer.to_dict()
    out["turn"] = vars(Assistant.turn(answer))
    return out


def run(index: str | None = None, http: bool = False, host: str = "127.0.0.1", port: int = 8765) -> None:
    import sys

    print("bulletin-qa mcp: opening the index and loading the models…", file=sys.stderr, flush=True)
    assistant = Assistant.open(index)
    assistant.warm_up()
    server = build_server(assistant)
    try:
        if http:
            print(f"bulletin-qa mcp: streamable HTTP on http://{host}:{port}/mcp", file=sys.stderr, flush=True)
            server.run("streamable-http", host=host, port=port)
        else:
            server.run("stdio")
    finally:
        assistant.close()
