"""A small xAPI client (standard library only): post statements, read them back.

Every failure becomes an :class:`LrsError` with a ``kind`` the user can act on:
``unreachable`` (no connection, DNS, timeout), ``auth`` (wrong user or password),
``refused`` (the LRS rejects the statements), ``server`` (the LRS itself fails).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urljoin

from klantkoning.engine.records.config import LrsConfig
from klantkoning.engine.records.xapi import VERSION

TIMEOUT = 15.0


class LrsError(Exception):
    """Sending or reading failed; ``kind`` says how, ``detail`` what the LRS or OS said."""

    def __init__(self, kind: str, detail: str, status: int | None = None) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.status = status


class LrsClient:
    """Talks to one LRS."""

    def __init__(self, config: LrsConfig, timeout: float = TIMEOUT) -> None:
        self.config = config
        self.timeout = timeout
        token = f"{config.user}:{config.password}".encode()
        self._auth = "Basic " + base64.b64encode(token).decode("ascii")

    def _request(self, method: str, url: str, body: Any = None) -> tuple[int, bytes]:
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", self._auth)
        request.add_header("X-Experience-API-Version", VERSION)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            detail = _detail(exc)
            if exc.code in (401, 403):
                raise LrsError("auth", detail, exc.code) from None
            if exc.code >= 500:
                raise LrsError("server", detail, exc.code) from None
            raise LrsError("refused", detail, exc.code) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            text = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
            raise LrsError("unreachable", str(text)) from None
        except TimeoutError:
            raise LrsError("unreachable", "timeout") from None
        except (OSError, ValueError) as exc:
            raise LrsError("unreachable", str(exc)) from None

    def post(self, statements: list[dict[str, Any]]) -> None:
        """Store ``statements``; a statement the LRS already has (same id) is no error."""
        if not statements:
            return
        try:
            self._request("POST", self.config.statements_url, statements)
        except LrsError as exc:
            if len(statements) == 1:
                if exc.status == 409:
                    return  # the LRS has this id already: it arrived before
                raise
            if exc.kind not in ("refused", "server"):
                raise
            # A batch the LRS would not take whole, e.g. with an id it already has (a kill
            # between sending and forgetting): one by one, so every other statement still
            # arrives, exactly once, and a truly bad one is named.
            for statement in statements:
                self.post([statement])

    def check(self) -> None:
        """Reach the LRS and prove the credentials (a read of one statement)."""
        self._request("GET", self.config.statements_url + "?limit=1")

    def statements(self, **params: str) -> Iterator[dict[str, Any]]:
        """Every statement matching ``params`` (xAPI query), following ``more`` links."""
        url: str | None = self.config.statements_url
        if params:
            url = f"{url}?{urlencode(params)}"
        while url:
            _status, body = self._request("GET", url)
            try:
                page = json.loads(body)
            except ValueError:
                raise LrsError("server", "no JSON in the answer") from None
            yield from page.get("statements", [])
            more = page.get("more")
            url = urljoin(self.config.statements_url, more) if more else None


def _detail(exc: urllib.error.HTTPError) -> str:
    try:
        body = exc.read(2000).decode("utf-8", "replace")
    except OSError:
        body = ""
    try:
        parsed = json.loads(body)
        if isinstance(parsed, dict) and "detail" in parsed:
            body = str(parsed["detail"])
    except ValueError:
        pass
    body = " ".join(body.split())[:300]
    return f"HTTP {exc.code} {exc.reason}" + (f": {body}" if body else "")
