"""``klantkoning serve``: a real server process on 127.0.0.1, its page, a game per browser.

The page must load nothing from outside: every URL in it points at the server itself, and
in Chromium (when installed) every request the page makes goes to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry.name))
    return out


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    if not Path("/proc").is_dir():
        pytest.skip("needs Linux /proc to watch the game processes")
    port = free_port()
    env = dict(os.environ, KLANTKONING_SAVES=str(tmp_path / "saves"))
    process = subprocess.Popen(
        [sys.executable, "-m", "klantkoning", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("the server did not start: " + process.communicate()[0].decode())
    yield url, process
    process.send_signal(signal.SIGINT)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("the server did not stop on Ctrl+C")


def screen_text(data: bytes) -> str:
    """What the terminal stream shows, escape sequences left out."""
    text = data.decode("utf-8", "replace")
    return re.sub(r"\x1b\[[0-9;?$]*[a-zA-Z]|\x1b\][^\x07]*\x07", "", text)


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_the_page_is_ours_and_loads_nothing_from_outside(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    url, _ = server
    status, body = fetch(url + "/")
    assert status == 200
    page = body.decode("utf-8")
    assert "Klantkoning" in page
    assert "googleapis" not in page and "fonts.g" not in page
    addresses = re.findall(r"""(?:href|src)=["']([^"']+)|url\(["']?([^"')]+)""", page)
    urls = [a or b for a, b in addresses]
    assert urls, page
    for found in urls:
        parsed = urlparse(found)
        assert parsed.scheme in ("http", "") and parsed.netloc in ("", urlparse(url).netloc), found
    websocket = re.search(r'data-session-websocket-url="([^"]+)"', page)
    assert websocket and urlparse(websocket.group(1)).netloc == urlparse(url).netloc
    # The font and the script the page names are served by the server itself.
    font = next(u for u in urls if u.endswith(".ttf"))
    status, data = fetch(font)
    assert status == 200 and len(data) > 10_000
    script = next(u for u in urls if u.endswith("textual.js"))
    assert fetch(script)[0] == 200


async def home_screen(ws: Any) -> bytes:
    """What the game sent over ``ws`` until the home screen shows (or 30 s passed)."""
    import aiohttp

    received = b""
    deadline = time.monotonic() + 30
    while "Oefenen" not in screen_text(received) and time.monotonic() < deadline:
        try:
            message = await ws.receive(timeout=5)
        except TimeoutError:
            continue
        if message.type == aiohttp.WSMsgType.BINARY:
            received += message.data
        elif message.type != aiohttp.WSMsgType.TEXT:
            break
    return received


def test_each_browser_gets_a_game_that_stops_when_it_closes(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    import aiohttp

    url, process = server
    before = children(process.pid)

    async def session() -> tuple[str, set[int]]:
        async with aiohttp.ClientSession() as client:
            ws_url = url.replace("http", "ws") + "/ws?width=80&height=24"
            async with client.ws_connect(ws_url) as ws:
                received = await home_screen(ws)
                games = children(process.pid) - before
                return screen_text(received), games

    text, games = asyncio.run(asyncio.wait_for(session(), 60))
    assert "K L A N T K O N I N G" in text and "Oefenen" in text  # the home screen
    assert games, "no game process was started"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and games & children(process.pid):
        time.sleep(0.2)
    assert not games & children(process.pid), "the game did not stop when its browser left"


def test_a_port_in_use_is_one_clear_line(server: tuple[str, subprocess.Popen[bytes]]) -> None:
    url, _ = server
    port = urlparse(url).port
    result = subprocess.run(
        [sys.executable, "-m", "klantkoning", "serve", "--port", str(port)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "Adres is al in gebruik" in result.stderr and "Traceback" not in result.stderr


def test_in_chromium_without_internet(server: tuple[str, subprocess.Popen[bytes]]) -> None:
    selenium = pytest.importorskip("selenium", reason="selenium is not installed")
    del selenium
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if browser is None or driver_path is None:
        pytest.skip("Debian's chromium and chromium-driver are not installed")
    url, _ = server
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        # No internet: every host but the server's own resolves to nothing.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.get(url + "/")
        deadline = time.monotonic() + 30
        started = False
        while time.monotonic() < deadline and not started:
            started = bool(driver.execute_script(
                "return document.body.classList.contains('-first-byte')"
            ))  # fmt: skip
            time.sleep(0.3)
        assert started, "the game never drew in the browser"
        # The bell: a BEL byte in the stream sounds once; the BEL that ends an OSC
        # sequence (Textual sends one at start) does not.
        bells = driver.execute_script(
            """
            const ws = new WebSocket(document.querySelector('#terminal')
                                     .dataset.sessionWebsocketUrl);
            const send = (bytes) => ws.dispatchEvent(
                new MessageEvent('message', {data: new Uint8Array(bytes).buffer}));
            const before = Number(document.body.dataset.bells || 0);
            send([0x1b, 0x5d, 0x32, 0x32, 0x3b, 0x78, 0x07]);
            const afterOsc = Number(document.body.dataset.bells || 0);
            send([0x41, 0x07, 0x42]);
            const afterBell = Number(document.body.dataset.bells || 0);
            ws.close();
            return [before, afterOsc, afterBell];
            """
        )
        assert bells[1] == bells[0] and bells[2] == bells[0] + 1, bells
        import json

        hosts = set()
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                hosts.add(urlparse(message["params"]["request"]["url"]).hostname)
        assert hosts <= {"127.0.0.1"}, hosts
    finally:
        driver.quit()


def test_stopping_the_server_stops_every_game(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    import aiohttp

    url, process = server
    before = children(process.pid)

    async def open_and_stop() -> set[int]:
        async with aiohttp.ClientSession() as client:
            ws_url = url.replace("http", "ws") + "/ws?width=80&height=24"
            async with client.ws_connect(ws_url) as ws:
                await home_screen(ws)
                games = children(process.pid) - before
                process.send_signal(signal.SIGINT)  # Ctrl+C while a browser is connected
                await asyncio.to_thread(process.wait, 15)
                return games

    games = asyncio.run(asyncio.wait_for(open_and_stop(), 60))
    assert games and process.returncode is not None
    deadline = time.monotonic() + 10
    alive = {pid for pid in games if Path(f"/proc/{pid}").exists()}
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = {pid for pid in games if Path(f"/proc/{pid}/stat").exists()
                 and ") Z" not in Path(f"/proc/{pid}/stat").read_text()}  # fmt: skip
    assert not alive, "a game outlived the server"
