"""The interviewee's app. Screens do the showing; sessions come from the headless runner."""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from interviewer import startup_gc
from interviewer.script import ScriptError, load_script
from interviewer.session import consent
from interviewer.session.errors import EngineError
from interviewer.session.runner import SessionRunner, saving
from interviewer.store import SessionStore, StoreError
from interviewer.textsafe import user_message, visible_control
from interviewer.tui import themes
from interviewer.tui.browser import PALETTE_KEY, QUIT_KEY

if TYPE_CHECKING:  # the home screen's messages: handled by name, imported with the screen
    from interviewer.tui.home.messages import ResumeRequested, ShadowRequested, StartRequested


def save_private(folder: Path, stem: str, suffix: str, text: str) -> Path:
    """`text` in a new file `stem-<date>-<time>suffix` in `folder`, 0600 whatever the umask,
    never through a link and never over an existing file (a second one in the same second
    gets -2, -3, ...)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for n in range(1, 100):
        path = folder / f"{stem}-{stamp}{'' if n == 1 else f'-{n}'}{suffix}"
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", closefd=False) as f:
                f.write(text)
        finally:
            os.close(fd)
        return path
    raise FileExistsError(errno.EEXIST, "too many screenshots this second", str(folder))


class InterviewerApp(App[str | None]):
    # the notice's styles too: it is the first screen of most starts, and a screen's own styles
    # read when it is pushed cost a second parse of every stylesheet before its first frame
    CSS_PATH = ["app.tcss", "consent/consent.tcss"]
    TITLE = "interviewer"
    BINDINGS = [
        # the second key of each is one a browser leaves alone (interviewer/tui/browser.py)
        Binding(f"ctrl+q,{QUIT_KEY}", "pause_and_quit", "Quit", priority=True),
        Binding("f6", "toggle_dark", "Light/dark", priority=True),  # TextArea binds f6 too
        Binding(f"ctrl+p,{PALETTE_KEY}", "command_palette", "Commands", show=False, priority=True),
    ]

    def __init__(
        self,
        store: SessionStore,
        script_path: str | None = None,
        start: tuple[str, str, str] | None = None,
        resume: str | None = None,
        web_keys: bool = False,
    ) -> None:
        super().__init__()
        themes.install(self)
        self.web_keys = web_keys  # show the browser's keys without a browser (tests)
        self.store, self.script_path = store, script_path
        self._start, self._resume = start, resume
        self.runner: SessionRunner | None = None
        self._failure: str | None = None  # why the session could not be opened

    def on_load(self) -> None:
        """Open the session before the first screen is built, so that screen is the
        conversation itself: no empty screen is laid out and painted first."""
        self.call_after_refresh(startup_gc.release)
        if self._start is not None:
            track, org, participant = self._start
            self.runner = self._open(
                lambda: SessionRunner.start(self.store, track, org, participant, self.script_path)
            )
        elif self._resume is not None:
            resume = self._resume
            self.runner = self._open(lambda: SessionRunner.resume(self.store, resume))

    def _open(self, make: Callable[[], SessionRunner]) -> SessionRunner | None:
        try:
            return make()
        except (StoreError, EngineError, ScriptError, OSError) as exc:
            self._failure = f"interviewer: {exc}"
            return None

    def get_default_screen(self) -> Screen:
        if self.runner is not None and not self._notice_first(self.runner):
            # imported where it is shown: the notice, the first screen of most starts, is
            # painted without the conversation's widgets
            from interviewer.tui.conversation.screen import ConversationScreen

            return ConversationScreen(self.runner)
        # the home screen or the notice is pushed on mount, over this empty one
        return Screen()

    @staticmethod
    def _notice_first(runner: SessionRunner) -> bool:
        return runner.consent_pending and runner.notice is not None

    def _open_conversation(self, runner: SessionRunner) -> None:
        """The notice first when it is to be answered: the conversation is built only once
        it is accepted, so the first frame paints the notice alone."""
        if not self._notice_first(runner):
            from interviewer.tui.conversation.screen import ConversationScreen

            self.push_screen(ConversationScreen(runner))
            return
        from interviewer.tui.consent.screen import ConsentScreen

        assert runner.notice is not None
        self.push_screen(
            ConsentScreen(runner.notice, runner.consent.previous), self._consent_answered
        )

    def _consent_answered(self, accepted: bool | None) -> None:
        runner = self.runner
        if runner is None or accepted is None:
            return
        outs = runner.answer_consent(accepted)
        if runner.declined:
            self.exit(consent.DECLINED)
            return
        from interviewer.tui.conversation.screen import ConversationScreen

        self.push_screen(ConversationScreen(runner, first=outs))

    def on_mount(self) -> None:
        if self.runner is not None and self._notice_first(self.runner):
            self._open_conversation(self.runner)
        if self._failure is None and self._start is None and self._resume is None:
            from interviewer.tui.home.screen import HomeScreen

            try:
                self.push_screen(HomeScreen(load_script(self.script_path), self.store))
            except ScriptError as exc:
                self._failure = f"interviewer: {exc}"
        if self._failure is not None:
            self.exit(self._failure, return_code=1)

    def open_session(self, make: Callable[[], SessionRunner]) -> None:
        """From the home screen: a failure is a notice there, not an exit."""
        try:
            runner = make()
        except (StoreError, EngineError, ScriptError, OSError) as exc:
            self.notify(visible_control(str(exc)), severity="error", timeout=8, markup=False)
            return
        self.runner = runner
        self._open_conversation(runner)

    def on_start_requested(self, message: StartRequested) -> None:
        self.open_session(
            lambda: SessionRunner.start(
                self.store, message.track, message.org, message.participant, self.script_path
            )
        )

    def on_resume_requested(self, message: ResumeRequested) -> None:
        self.open_session(lambda: SessionRunner.resume(self.store, message.session_id))

    def on_shadow_requested(self, message: ShadowRequested) -> None:
        from interviewer.tui.shadow.app import ShadowScreen

        who = os.environ.get("USER") or "facilitator"
        self.push_screen(ShadowScreen(self.store, message.session_id, who))

    def action_pause_and_quit(self) -> None:
        """Quitting never loses anything: every answer is already on disk; this records the
        pause so the session lists as paused."""
        runner = self.runner
        if runner is not None and not runner.finished:
            try:
                saving(runner, runner.pause)
            except StoreError as exc:  # a full disk, or the session deleted meanwhile
                self.exit(f"interviewer: {exc}", return_code=1)
                return
            self.exit(f"Paused. Resume any time with: interviewer resume {runner.session_id}")
            return
        self.exit()

    async def action_quit(self) -> None:
        """The command palette's "Quit" pauses too, as ctrl+q does."""
        self.action_pause_and_quit()

    def action_toggle_dark(self) -> None:
        self.theme = themes.other(self.theme)

    def screenshot_folder(self) -> Path:
        """~/Downloads when there is one; else the open session's own folder, so deleting the
        session deletes its screenshots too; else the current folder. (Textual's own
        Screenshot fails when ~/Downloads is missing.)"""
        downloads = Path.home() / "Downloads"
        if downloads.is_dir():
            return downloads
        if self.runner is not None:
            folder = self.store.ref(self.runner.session_id).folder
            if folder.is_dir():
                return folder
        return Path.cwd()

    def action_screenshot_here(self) -> None:
        if self.is_web:  # a browser downloads it: no folder of ours
            self.deliver_screenshot()
            return
        folder = self.screenshot_folder()
        try:
            path = save_private(folder, "screenshot", ".svg", self.export_screenshot())
        except OSError as exc:
            self.notify(
                f"Screenshot not saved: {user_message(exc)}", severity="error", markup=False
            )
            return
        self.notify(f"Screenshot saved: {path}", markup=False)

    def get_system_commands(self, screen: Screen):  # type: ignore[no-untyped-def]
        """Textual's commands, with our pause-and-quit for its Quit, a Screenshot that finds a
        folder to save in and our light/dark switch for its Theme (whose list offers themes
        whose text is too faint to read); then the interview's own, each running what its
        typed command runs."""
        for command in super().get_system_commands(screen):
            if command.title == "Theme":  # ours follows
                continue
            if command.title == "Quit":
                yield SystemCommand(
                    "Pause and quit",
                    "Stop now and resume later: every answer is already saved",
                    self.action_pause_and_quit,
                )
            elif command.title == "Screenshot":
                yield SystemCommand(
                    "Screenshot",
                    "Save an SVG picture of the screen (Downloads, else the session's folder)",
                    lambda: self.set_timer(0.1, self.action_screenshot_here),
                )
            else:
                yield command
        from interviewer.tui.conversation.screen import ConversationScreen

        if isinstance(screen, ConversationScreen):
            yield SystemCommand(
                "Status",
                "Where we are, time used and the picture so far (/status)",
                lambda: screen.action_command("status"),
            )
            yield SystemCommand(
                "Why this question?",
                "What was detected, and why it is asked (f2, /why)",
                lambda: screen.action_command("why"),
            )
            yield SystemCommand(
                "Skip this question",
                "Leave it out (f3, /skip)",
                lambda: screen.action_command("skip"),
            )
            yield SystemCommand(
                "Pause the interview",
                "Stop now and resume later (f4, /pause)",
                lambda: screen.action_command("pause"),
            )
            yield SystemCommand("Help", "Commands and keys", lambda: screen.action_command("help"))
            yield SystemCommand(
                "Change an earlier answer",
                "Revise: pick any answer to change (ctrl+e, /change)",
                screen.action_history,
            )
            yield SystemCommand(
                "Toggle the maturity panel",
                "Show or hide the picture so far",
                screen.action_toggle_profile,
            )
        yield SystemCommand(
            "Theme: light or dark",
            "Switch between the light and the dark theme (f6, /theme)",
            self.action_toggle_dark,
        )

    def on_unmount(self) -> None:
        if self.runner is not None:
            self.runner.close()


def run_app(
    sessions_dir: Path,
    script_path: str | None = None,
    start: tuple[str, str, str] | None = None,
    resume: str | None = None,
    headless: bool = False,
) -> int:
    app = InterviewerApp(SessionStore(sessions_dir), script_path, start, resume)
    message = app.run(headless=headless)
    if message:
        print(visible_control(message))
    return app.return_code or 0
