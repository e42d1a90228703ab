"""The server of ``bulletin-qa serve``: one FastAPI app with the JSON API under /api, the web chat
(Gradio) at /, and a check that every request names this server in its Host header (a page on
another site that points its own name at 127.0.0.1 — DNS rebinding — is refused)."""

from __future__ import annotations

import ipaddress
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no usage reports leave the machine

import gradio as gr  # noqa: E402
from fastapi import FastAPI, Request  # noqa: E402
from fastapi.responses import JSONResponse  # noqa: E402

from qa.chat.assistant import Assistant  # noqa: E402

from . import api, callbacks  # noqa: E402
from .app import CSS, AppOptions, build_app  # noqa: E402

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int, extra: tuple[str, ...] = ()) -> set[str]:
    """The Host header values this server answers: the bound name (with and without the port),
    the loopback names when it listens on loopback, and ``extra`` (names a proxy uses)."""
    names = {host, *extra} | (set(LOOPBACK_NAMES) if is_loopback(host) or host in ("0.0.0.0", "::") else set())
    return names | {f"{n}:{port}" for n in names}


def build_server(assistant: Assistant, options: AppOptions | None = None, host: str = "127.0.0.1", port: int = 7860,
                 credentials: tuple[str, str] | None = None, hosts: tuple[str, ...] = ()) -> FastAPI:
    """The whole server as one ASGI app (uvicorn runs it; tests run it in a thread)."""
    options = options or AppOptions()
    app = FastAPI(title="bulletin-qa", docs_url="/api/docs", openapi_url="/api/openapi.json", redoc_url=None)
    accepted = allowed_hosts(host, port, hosts)

    @app.middleware("http")
    async def same_host(request: Request, call_next):
        if host not in ("0.0.0.0", "::") or hosts:
            if request.headers.get("host", "") not in accepted:
                return JSONResponse({"error": "this server answers requests for its own address only"}, status_code=421)
        return await call_next(request)

    api.install(app, assistant, credentials)
    # the index and the uploads are never served as files (not their parent folder: Gradio's own
    # cache, which serves the page images, may live beside an index in /tmp)
    data_dirs = [str(assistant.index_dir), str(callbacks.upload_dir(assistant, options))]
    blocks = build_app(assistant, options)
    blocks.queue(default_concurrency_limit=2, max_size=64)
    return gr.mount_gradio_app(app, blocks, path="", auth=credentials, css=CSS, blocked_paths=data_dirs,
                               max_file_size=f"{options.max_upload_mb}mb", footer_links=[], server_name=host, server_port=port)


def serve(index: str | None = None, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None,
          uploads: bool | None = None, max_upload_mb: int = 20, hosts: tuple[str, ...] = ()) -> None:
    """Open the index (default: the bundled sample bulletins), load the models, and serve the web
    chat and the JSON API until interrupted."""
    import sys

    import uvicorn

    from qa.errors import InvalidInput

    credentials = None
    if auth:
        user, _, password = auth.partition(":")
        if not user or not password:
            raise InvalidInput("--auth takes user:password")
        credentials = (user, password)
    print("opening the index and loading the models…", file=sys.stderr, flush=True)
    assistant = Assistant.open(index)
    assistant.warm_up()
    options = AppOptions(uploads=(is_loopback(host) or bool(credentials)) if uploads is None else uploads, max_upload_mb=max_upload_mb)
    app = build_server(assistant, options, host, port, credentials, hosts)
    print(f"ready: the web chat on http://{host}:{port}/ and the JSON API under /api (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        assistant.close()
