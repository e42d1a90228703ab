"""The JSON HTTP API that ``bulletin-qa serve`` answers beside the web chat, for other programs:

    POST /api/ask              {"question", "history"?, "filters"?}   → the object of ``ask --json`` (+ "turn")
    POST /api/search           {"query", "k"?, "filters"?, "mode"?}   → {"hits": [the objects of ``search --json``]}
    GET  /api/articles         ?offset&limit&source&city&date_from&date_to → {"total", "articles"}
    GET  /api/articles/{id}    → the article, or 404
    GET  /api/page.png         ?article&start&end&page&crop → the printed page of a PDF article, the
                               article outlined and text[start:end] highlighted (404: not from a PDF)
    GET  /api/openapi.json     the OpenAPI description (/api/docs shows it)

Errors are JSON ``{"error": message}`` with a status that says whose fault it is (400, 401, 404,
413, 422), never an HTML traceback. Handlers are plain functions of the assistant, so tests call
them through FastAPI's TestClient without a server.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from qa.chat.assistant import Assistant
from qa.chat.turns import Turn
from qa.errors import BulletinQAError
from qa.search import SearchFilters
from qa.text.clean import MAX_QUESTION_CHARS

from .accounts import Account, check_basic

MAX_HISTORY = 50  # turns; a longer history is refused (only the last turns matter for a follow-up)
MAX_BODY_BYTES = 256 * 1024
MAX_K = 50


class Filters(BaseModel):
    date_from: str | None = None
    date_to: str | None = None
    source: str | None = None
    city: str | None = None


class HistoryTurn(BaseModel):
    question: str = Field(max_length=MAX_QUESTION_CHARS)
    answer_article_title: str | None = None
    answer_article_id: str | None = None
    context: str = Field("", max_length=20_000)


class AskRequest(BaseModel):
    question: str = Field(max_length=100_000)
    history: list[HistoryTurn] = Field(default_factory=list, max_length=MAX_HISTORY)
    filters: Filters | None = None
    as_asked: bool = False  # answer the question exactly as asked, whatever the history


class SearchRequest(BaseModel):
    query: str = Field(max_length=100_000)
    k: int = Field(5, ge=1, le=MAX_K)
    filters: Filters | None = None
    mode: str | None = None


def _filters(f: Filters | None) -> SearchFilters | None:
    if f is None:
        return None
    out = SearchFilters(**f.model_dump())
    return None if out.is_empty() else out


def article_json(article) -> dict[str, Any]:
    d = article.to_dict()
    d.pop("source_map")
    return d


def build_router(assistant: Assistant) -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.post("/ask", summary="Answer a question: an exact span of a bulletin with its citation, or not found")
    def ask(body: AskRequest) -> dict:
        history = [Turn(**t.model_dump()) for t in body.history]
        answer = assistant.ask(body.question, history=history, filters=_filters(body.filters), use_history=not body.as_asked)
        out = answer.to_dict()
        out["turn"] = vars(Assistant.turn(answer))  # pass it back in "history" to ask a follow-up
        return out

    @router.post("/search", summary="The passages that match a query, best first, with their offsets")
    def search(body: SearchRequest) -> dict:
        if body.mode and body.mode not in ("convex", "rrf", "bm25", "dense"):
            raise HTTPException(422, f"unknown mode '{body.mode}'; use convex, rrf, bm25 or dense")
        hits = assistant.retriever.search(body.query, k=body.k, filters=_filters(body.filters), fusion=body.mode)
        return {"query": body.query, "hits": [h.to_dict() for h in hits]}

    @router.get("/articles", summary="The articles of the index, paged and filtered")
    def articles(offset: int = 0, limit: int = 20, source: str | None = None, city: str | None = None,
                 date_from: str | None = None, date_to: str | None = None) -> dict:
        if offset < 0 or not 1 <= limit <= 200:
            raise HTTPException(422, "offset must be ≥ 0 and limit between 1 and 200")
        chosen = [a for a in assistant.retriever.store.articles() if _matches(a, source, city, date_from, date_to)]
        listed = [article_json(a) for a in chosen[offset : offset + limit]]
        for d in listed:
            d.pop("page_boxes", None)  # per-character boxes are for one article at a time
        return {"total": len(chosen), "offset": offset, "articles": listed}

    @router.get("/page.png", summary="The printed page of a PDF article with the span start:end highlighted",
                response_class=Response, responses={200: {"content": {"image/png": {}}}})
    def page_png(article: str, start: int = 0, end: int = 0, page: int | None = None, crop: bool = True) -> Response:
        image = assistant.page_image(article, start, end, page=page, crop=crop)
        if image is None:
            raise HTTPException(404, f"article {article!r} was not read from a PDF kept by this index; it has no page image")
        return Response(image.png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    @router.get("/articles/{article_id}", summary="One article, whole")
    def article(article_id: str) -> dict:
        found = assistant.retriever.store.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r} in this index; GET /api/articles lists them")
        return article_json(found)

    return router


def _matches(article, source, city, date_from, date_to) -> bool:
    if source and source not in (article.paper or "") and source not in (article.source or ""):
        return False
    if city and article.city != city:
        return False
    if date_from and (article.date or "") < date_from:
        return False
    return not (date_to and (not article.date or article.date > date_to))


def install(app: FastAPI, assistant: Assistant, accounts: list[Account] | None = None) -> None:
    """The API routes, their JSON errors, a body size limit and (given ``accounts``) HTTP Basic
    authentication as any of them (readers and editors alike: the API only reads), on ``app``."""
    app.include_router(build_router(assistant))

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if request.url.path.startswith("/api/"):
            if int(request.headers.get("content-length") or 0) > MAX_BODY_BYTES:
                return JSONResponse({"error": f"request body over {MAX_BODY_BYTES // 1024} KB"}, status_code=413)
            if accounts and check_basic(request.headers.get("authorization", ""), accounts) is None:
                return JSONResponse({"error": "authentication required: HTTP Basic with the --auth user and password"},
                                    status_code=401, headers={"WWW-Authenticate": 'Basic realm="bulletin-qa"'})
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return JSONResponse({"error": f"{where or 'request'}: {first.get('msg', 'invalid request')}"}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(BulletinQAError)
    async def refused(request: Request, exc: BulletinQAError):
        return JSONResponse({"error": str(exc)}, status_code=400)
