"""The errors a front end catches and says in one line, importable without loading the engine
(the app paints its first screen before it needs the interview)."""

from __future__ import annotations

from interviewer.engine.errors import EngineError

__all__ = ["EngineError"]
