"""What the page shows of what the server tells it (window.js), in a real browser: a paste too
long to be an answer is refused with a message above the terminal, and the window goes on.

Needs the `playwright` module and a system Chromium, as test_serve_browser does; without them
the test is skipped."""

from __future__ import annotations

import signal
from pathlib import Path

from test_serve_browser import FIRST_QUESTION, Window, _browser, _server, _transcript, _until

from interviewer.engine.answers import MAX_ANSWER
from interviewer.store import SessionStore
from interviewer.store.invitations import InvitationStore

PASTE = """(text) => {
  const area = document.querySelector('.xterm-helper-textarea');
  const data = new DataTransfer();
  data.setData('text/plain', text);
  area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
}"""


def test_a_paste_longer_than_an_answer_is_refused_with_a_message(tmp_path: Path) -> None:
    token, _ = InvitationStore(tmp_path).create_interviewee("executive", "Acme", "Dana", None)
    store = SessionStore(tmp_path)
    with _server(tmp_path) as (server, base), _browser() as browser:
        window = Window(browser)
        window.open(f"{base}/i/{token}")
        window.accept_notice()
        window.wait_for(FIRST_QUESTION)
        assert window.page.is_hidden("#notice")
        window.page.focus(".xterm-helper-textarea")
        window.page.evaluate(PASTE, "too long " * 20_000)  # 180,000 characters
        window.page.wait_for_selector("#notice", state="visible", timeout=5000)
        assert f"longer than {MAX_ANSWER:,} characters" in window.page.inner_text("#notice")
        assert "too long" not in window.screen  # nothing of it was typed

        answer = "Head of the ML platform"
        window.page.evaluate(PASTE, answer)  # a paste that fits goes through, as typing does
        window.page.keyboard.press("Enter")
        (session_id,) = store.session_ids()
        _until(window.page, lambda: answer in _transcript(store, session_id), "no answer")
        assert not window.page.is_visible("body.-closed")
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=20) == 0
        assert server.stderr is not None
        log = server.stderr.read().decode()
        assert "window closed (1 too long frame(s) refused)" in log
        assert "too long too long" not in log and answer not in log
