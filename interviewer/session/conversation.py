"""What a front end knows of the engine, and reaches only through here: the question it shows
(`Ask`), the interview it draws from (`Interview`), the bounds and keys of an answer, the
engine's errors, and the track drawn as a graph."""

from __future__ import annotations

from interviewer.engine.answers import MAX_ANSWER
from interviewer.engine.clarify import KEYS as CLARIFY_KEYS
from interviewer.engine.errors import EngineError
from interviewer.engine.graph import mermaid
from interviewer.engine.interview import Ask, Interview

__all__ = ["CLARIFY_KEYS", "MAX_ANSWER", "Ask", "EngineError", "Interview", "mermaid"]
