"""The phone page and the projector page in a real Chromium (Debian's, via chromedriver).

The room server runs in a thread of its own (its own asyncio loop) on 127.0.0.1; the
trainer's actions (reveal, continue) are made there, as the console makes them.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from room_support import CODE, GENEROUS
from workshop_support import TEAMS, fixture_library, new_workshop

from klantkoning.engine.workshop import save_workshop
from klantkoning.web.server import RoomOptions, RoomServer

ROOD = TEAMS[0]
WAIT = 10


def _chromium() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        pytest.skip(
            "Chromium or chromedriver is missing (Debian: apt-get install chromium "
            "chromium-driver); .ci/run installs them"
        )
    return browser, driver


@pytest.fixture(scope="module")
def chrome() -> Iterator[Any]:
    browser, driver_path = _chromium()
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1920,1080",
        "--no-first-run",
        "--no-proxy-server",
    ):
        options.add_argument(arg)
    try:
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
    except Exception as exc:  # a browser that cannot start here: say why, do not fail
        pytest.skip(f"Chromium could not start: {exc}")
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


class ThreadedRoom:
    """A room server in its own thread and loop; ``call`` runs code in that loop."""

    def __init__(self, tmp_path: Path, *, attach: bool = True, **kwargs: Any) -> None:
        self.ws = new_workshop(fixture_library(), **kwargs)
        self.loop = asyncio.new_event_loop()
        self.server = RoomServer(RoomOptions("127.0.0.1", 0, CODE), limits=GENEROUS)
        self.save = lambda: save_workshop(self.ws, tmp_path)
        if attach:  # else the room waits for the trainer to start
            self.server.room.attach(self.ws, self.save)
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(10)

    @property
    def url(self) -> str:
        return self.server.url

    def call(self, action: Callable[[], object]) -> None:
        """Run a trainer's action in the server's loop and tell the room it changed."""

        async def run() -> None:
            action()
            self.server.room.changed()

        asyncio.run_coroutine_threadsafe(run(), self.loop).result(10)

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def room(tmp_path: Path) -> Iterator[ThreadedRoom]:
    served = ThreadedRoom(tmp_path)
    yield served
    served.close()


def post(url: str, body: dict[str, str]) -> dict[str, Any]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        result: dict[str, Any] = json.loads(response.read())
        return result


def wait(driver: Any, condition: Callable[[Any], Any]) -> Any:
    """``condition``'s first true answer. The pages redraw on every state event, so an
    element found a moment ago may be gone: that is asked again, not a failure. Read what
    a test checks inside ``condition``, not from elements kept afterwards."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,)).until(
        condition
    )


def by_id(driver: Any, element_id: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, element_id)


def test_a_phone_joins_votes_changes_its_vote_and_sees_the_reveal(chrome, room) -> None:
    from selenium.webdriver.common.by import By

    chrome.set_window_size(412, 915)  # a phone
    chrome.get(f"{room.url}/?code={CODE}")
    wait(chrome, lambda d: by_id(d, "join").is_displayed())
    assert by_id(chrome, "code").get_attribute("value") == CODE  # from the QR code's address
    labels = wait(
        chrome, lambda d: [x.text for x in d.find_elements(By.CSS_SELECTOR, "#team-list label")]
    )
    assert labels == list(TEAMS)  # "[bold]Blauw[/]" literally
    # Looked up again when clicked: a state event may redraw the page in between.
    chrome.find_element(By.ID, "team-0").click()
    by_id(chrome, "join-button").click()
    buttons = wait(
        chrome,
        lambda d: [
            (b.get_attribute("data-letter"), b.text)
            for b in d.find_elements(By.CSS_SELECTOR, "button.option")
        ],
    )
    assert [letter for letter, _ in buttons] == ["A", "B", "C"]
    assert "Begroet haar" in buttons[0][1]

    chrome.find_element(By.CSS_SELECTOR, "button.option[data-letter='B']").click()
    wait(chrome, lambda d: "B" in by_id(d, "mine").text)
    assert room.ws.team_vote(ROOD) == 1
    chrome.find_element(By.CSS_SELECTOR, "button.option[data-letter='C']").click()
    wait(chrome, lambda d: ": C" in by_id(d, "mine").text)
    assert room.ws.team_vote(ROOD) == 2 and len(room.ws.record.phones) == 1

    # A reload (or a phone that slept) keeps its seat and its vote.
    chrome.refresh()
    chosen = wait(
        chrome,
        lambda d: [
            b.get_attribute("data-letter")
            for b in d.find_elements(By.CSS_SELECTOR, "button.option.chosen")
        ],
    )
    assert chosen[0] == "C"
    assert len(room.ws.room) == 1  # no second seat

    room.call(room.ws.reveal)
    wait(chrome, lambda d: by_id(d, "result").is_displayed())
    text = wait(chrome, lambda d: "Ze loopt weg." in (r := by_id(d, "result").text) and r)
    assert "Ze voelt zich gezien." not in text  # only the phone's own option (C's feedback)
    assert "verder met C" in text  # the room's choice (the only vote: C)
    assert not chrome.find_elements(By.CSS_SELECTOR, "button.option")


def test_the_projector_updates_live_and_never_shows_the_trainer_notes(chrome, room) -> None:
    from selenium.webdriver.common.by import By

    chrome.set_window_size(1920, 1080)
    chrome.get(f"{room.url}/screen")
    wait(chrome, lambda d: "Mevrouw Jansen staat" in by_id(d, "situation").text)
    chrome.execute_script("window.__sameLoad = 42;")
    items = chrome.find_elements(By.CSS_SELECTOR, "#options li")
    assert len(items) == 3
    assert chrome.find_element(By.CSS_SELECTOR, "svg.qr").is_displayed()
    assert by_id(chrome, "room-code").text == CODE
    assert wait(chrome, lambda d: by_id(d, "count").get_attribute("data-count") == "0")
    # Big type: body text at least a slide's 24 pt at 1080p (48 px).
    size = chrome.execute_script(
        "return parseFloat(getComputedStyle(document.getElementById('situation')).fontSize)"
    )
    assert size >= 48
    assert by_id(chrome, "clock").text == "2:00"
    # The status line (here: click once for the bell) is on screen, inside the window.
    status = by_id(chrome, "status")
    assert status.text and status.is_displayed()
    bottom = chrome.execute_script(
        "return document.getElementById('status').getBoundingClientRect().bottom"
    )
    assert bottom <= chrome.execute_script("return window.innerHeight")

    tokens = [post(f"{room.url}/api/join", {"code": CODE, "team": t})["token"] for t in TEAMS]
    for token, option in zip(tokens, "ABB", strict=True):
        post(f"{room.url}/api/vote", {"token": token, "option": option})
    wait(chrome, lambda d: by_id(d, "count").get_attribute("data-count") == "3")
    assert "3" in by_id(chrome, "count").text
    assert not chrome.find_elements(By.CSS_SELECTOR, "#reveal .card")  # no spread yet

    room.call(room.ws.reveal)
    cards = wait(
        chrome,
        lambda d: [
            (
                c.get_attribute("data-letter"),
                c.text,
                c.find_element(By.CSS_SELECTOR, ".votes").text,
                c.get_attribute("class"),
            )
            for c in d.find_elements(By.CSS_SELECTOR, "#reveal .card")
        ],
    )
    assert [letter for letter, _, _, _ in cards] == ["A", "B", "C"]
    texts = [text for _, text, _, _ in cards]
    assert "Ze voelt zich gezien." in texts[0] and "Je zet jezelf voorop." in texts[1]
    assert "Ze loopt weg." in texts[2]  # every option's feedback, side by side
    assert [votes for _, _, votes, _ in cards] == ["1", "2", "0"]
    assert "followed" in cards[1][3]
    assert chrome.execute_script("return window.__sameLoad") == 42  # no reload happened
    assert "Laat eerst de groep praten." not in chrome.page_source

    room.call(room.ws.follow)
    room.call(room.ws.finish)
    board = wait(chrome, lambda d: by_id(d, "board") if by_id(d, "board").is_displayed() else 0)
    wait(chrome, lambda d: TEAMS[1] in by_id(d, "board").text)
    assert "Laat eerst de groep praten." not in board.text
    assert chrome.execute_script("return window.__sameLoad") == 42


HOSTILE = ("<img src=x onerror=alert(1)>", "Blauw & <b>Co</b>")


@pytest.fixture
def hostile_room(tmp_path: Path) -> Iterator[ThreadedRoom]:
    served = ThreadedRoom(tmp_path, teams=HOSTILE)
    yield served
    served.close()


def test_team_names_are_shown_literally_never_as_html(chrome, hostile_room) -> None:
    from selenium.webdriver.common.by import By

    room = hostile_room
    chrome.set_window_size(412, 915)
    chrome.get(f"{room.url}/?code={CODE}")
    labels = wait(
        chrome, lambda d: [x.text for x in d.find_elements(By.CSS_SELECTOR, "#team-list label")]
    )
    assert labels == list(HOSTILE)
    assert not chrome.find_elements(By.CSS_SELECTOR, "#team-list img, #team-list b")
    chrome.find_element(By.ID, "team-1").click()
    by_id(chrome, "join-button").click()
    wait(chrome, lambda d: HOSTILE[1] in by_id(d, "who").text)
    token = post(f"{room.url}/api/join", {"code": CODE, "team": HOSTILE[0]})["token"]
    post(f"{room.url}/api/vote", {"token": token, "option": "A"})
    room.call(room.ws.reveal)
    room.call(room.ws.follow)
    room.call(room.ws.finish)
    chrome.set_window_size(1920, 1080)
    chrome.get(f"{room.url}/screen")
    board = wait(chrome, lambda d: by_id(d, "board") if by_id(d, "board").is_displayed() else 0)
    wait(chrome, lambda d: HOSTILE[0] in by_id(d, "board").text)
    assert not chrome.find_elements(By.CSS_SELECTOR, "#board img, #board b")
    assert HOSTILE[1] in board.text


def test_a_phone_that_waited_for_the_start_loses_the_waiting_message(
    tmp_path: Path, chrome
) -> None:
    from selenium.webdriver.common.by import By

    waiting = ThreadedRoom(tmp_path, attach=False)
    try:
        chrome.set_window_size(412, 915)
        chrome.get(f"{waiting.url}/?code={CODE}")
        wait(chrome, lambda d: "nog niet gestart" in by_id(d, "status").text)
        waiting.call(lambda: waiting.server.room.attach(waiting.ws, waiting.save))
        wait(chrome, lambda d: d.find_elements(By.CSS_SELECTOR, "#team-list label"))
        wait(chrome, lambda d: by_id(d, "status").text == "")
    finally:
        waiting.close()
