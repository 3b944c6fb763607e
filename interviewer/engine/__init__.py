"""The headless interview engine. Never imports Textual or Rich."""

from interviewer.engine.interview import Ask, Interview, Reply

__all__ = ["Ask", "Interview", "Reply"]
