"""A running ``bulletin-qa serve`` used from the command line (``ask``/``search --server URL``):
the same answers without loading any model here. Speaks the JSON API of ``ui.api``."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request

from qa.chat.turns import Turn
from qa.errors import BulletinQAError, InvalidInput
from qa.models import Answer, Hit


class RemoteAssistant:
    """The part of ``Assistant`` the CLI uses, over HTTP."""

    def __init__(self, url: str, auth: str | None = None, timeout: float = 120.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise InvalidInput(f"--server takes the server's URL, like http://127.0.0.1:7860 (got {url!r})")
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.headers = {"Content-Type": "application/json"}
        if auth:
            self.headers["Authorization"] = "Basic " + base64.b64encode(auth.encode("utf-8")).decode("ascii")
        self._turns: dict[int, Turn] = {}

    def _call(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(self.url + path, data=json.dumps(body, ensure_ascii=False).encode("utf-8"), headers=self.headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read().decode("utf-8")).get("error", exc.reason)
            except ValueError:
                message = exc.reason
            raise BulletinQAError(f"the server at {self.url} refused the request ({exc.code}): {message}") from exc
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise BulletinQAError(f"no bulletin-qa server answers at {self.url} ({exc}); start one with bulletin-qa serve") from exc

    def ask(self, question: str, history: list[Turn] | None = None, filters=None, use_history: bool = True) -> Answer:
        body = {"question": question, "history": [vars(t) for t in history or []][-50:], "as_asked": not use_history}
        if filters is not None:
            body["filters"] = vars(filters)
        data = self._call("/api/ask", body)
        answer = Answer.from_dict(data)
        self._turns[id(answer)] = Turn(**data["turn"]) if data.get("turn") else Turn(answer.asked_as or answer.question)
        return answer

    def turn(self, answer: Answer) -> Turn:
        return self._turns.get(id(answer)) or Turn(answer.asked_as or answer.question)

    def search(self, query: str, k: int = 5, filters=None, mode: str | None = None) -> list[Hit]:
        body = {"query": query, "k": k, "mode": mode}
        if filters is not None:
            body["filters"] = vars(filters)
        return [Hit.from_dict(h) for h in self._call("/api/search", body)["hits"]]

    def close(self) -> None:
        pass
