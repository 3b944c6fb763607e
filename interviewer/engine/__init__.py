"""The headless interview engine. Never imports Textual or Rich."""

from interviewer.engine.interview import Ask, Interview
from interviewer.engine.replies import Reply

__all__ = ["Ask", "Interview", "Reply"]
