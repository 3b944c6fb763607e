"""What the home screen asks the app to do (kept apart so starting straight into a conversation
does not import the home screen)."""

from __future__ import annotations

from textual.message import Message


class StartRequested(Message):
    def __init__(self, track: str, org: str, participant: str) -> None:
        super().__init__()
        self.track, self.org, self.participant = track, org, participant


class ResumeRequested(Message):
    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id


class ShadowRequested(Message):
    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
