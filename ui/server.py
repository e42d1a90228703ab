"""The server of ``bulletin-qa serve``: one FastAPI app with the JSON API under /api, the web chat
(Gradio) at /, and a check that every request names this server in its Host header (a page on
another site that points its own name at 127.0.0.1 — DNS rebinding — is refused)."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no usage reports leave the machine

import gradio as gr  # noqa: E402
from fastapi import FastAPI, Request  # noqa: E402
from fastapi.responses import JSONResponse, Response  # noqa: E402

from qa.chat.assistant import Assistant  # noqa: E402
from qa.index.milvus import MilvusTarget  # noqa: E402

from . import api, callbacks  # noqa: E402
from .accounts import Account, load_accounts  # noqa: E402
from .app import CSS, AppOptions, build_app  # noqa: E402

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
# Gradio picks the language of its own strings (拖放/上传/处理中…) from navigator.language when its
# code starts; this runs first, in the page's <head>, so every browser gets the Chinese interface
# (Gradio's `head=` option is added later, after that choice is made)
CHINESE_FIRST = (b'<script>(function(){try{var p=Navigator.prototype;'
                 b'Object.defineProperty(p,"language",{get:function(){return"zh-CN"},configurable:true});'
                 b'Object.defineProperty(p,"languages",{get:function(){return["zh-CN","zh"]},configurable:true});'
                 b'document.documentElement.lang="zh-CN";}catch(e){}})();</script>')


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


def app_options(host: str, accounts: list[Account], uploads: bool | None = None, max_upload_mb: int = 20,
                upload_dir=None) -> AppOptions:
    """Uploads change what every user is told, so they need an editor's login — or, without
    logins, a server only this machine can reach; ``--uploads`` beyond loopback needs logins."""
    from qa.errors import InvalidInput

    if uploads and not accounts and not is_loopback(host):
        raise InvalidInput(f"uploads on {host} need logins: add --auth user:password:editor (or --auth-file), or drop --uploads")
    allowed = (is_loopback(host) or bool(accounts)) if uploads is None else uploads
    editors = frozenset(a.user for a in accounts if a.is_editor) if accounts else None
    return AppOptions(uploads=allowed and (editors is None or bool(editors)), max_upload_mb=max_upload_mb, editors=editors,
                      upload_dir=upload_dir)


def build_server(assistant: Assistant, options: AppOptions | None = None, host: str = "127.0.0.1", port: int = 7860,
                 accounts: list[Account] | None = None, hosts: tuple[str, ...] = ()) -> FastAPI:
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

    @app.middleware("http")
    async def chinese_interface(request: Request, call_next):
        response = await call_next(request)
        if request.method != "GET" or not response.headers.get("content-type", "").startswith("text/html"):
            return response
        body = b"".join([chunk async for chunk in response.body_iterator]).replace(b"<head>", b"<head>" + CHINESE_FIRST, 1)
        page = Response(body, status_code=response.status_code)
        # every header as sent (a dict would fold repeated ones such as Set-Cookie), the length new
        page.raw_headers = [(k, v) for k, v in response.raw_headers if k.lower() != b"content-length"] + [
            (b"content-length", str(len(body)).encode())]
        return page

    api.install(app, assistant, accounts)
    # the index and the uploads are never served as files (not their parent folder: Gradio's own
    # cache, which serves the page images, may live beside an index in /tmp)
    data_dirs = [str(assistant.data_dir), str(callbacks.upload_dir(assistant, options))]
    if isinstance(assistant.index_dir, MilvusTarget) and assistant.index_dir.is_lite:
        data_dirs.append(str(Path(assistant.index_dir.uri).resolve()))
    blocks = build_app(assistant, options)
    blocks.queue(default_concurrency_limit=2, max_size=64)
    logins = [(a.user, a.password) for a in accounts] if accounts else None
    return gr.mount_gradio_app(app, blocks, path="", auth=logins, css=CSS, blocked_paths=data_dirs,
                               max_file_size=f"{options.max_upload_mb}mb", footer_links=[], server_name=host, server_port=port)


def serve(index: str | None = None, host: str = "127.0.0.1", port: int = 7860, auth: str | list[str] | None = None,
          uploads: bool | None = None, max_upload_mb: int = 20, hosts: tuple[str, ...] = (), auth_file: str | None = None) -> None:
    """Open the index (default: the bundled sample bulletins), load the models, and serve the web
    chat and the JSON API until interrupted. ``auth``: ``user:password[:editor|reader]`` logins;
    only editors (or, without logins, a loopback server's user) add bulletins."""
    import sys

    import uvicorn

    accounts = load_accounts(auth, auth_file)
    options = app_options(host, accounts, uploads, max_upload_mb)  # refused settings are said before the models load
    print("opening the index and loading the models…", file=sys.stderr, flush=True)
    assistant = Assistant.open(index)
    assistant.warm_up()
    app = build_server(assistant, options, host, port, accounts, hosts)
    print(f"ready: the web chat on http://{host}:{port}/ and the JSON API under /api (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        assistant.close()
