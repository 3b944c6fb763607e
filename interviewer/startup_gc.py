"""The garbage collector is held off while an interactive session starts.

Starting imports Textual and builds a screen: tens of thousands of long-lived objects and next to
no garbage, yet the collector walks them all again and again (about 40 ms of a cold start on a
small machine, a full collection of ~17 ms landing just before the first frame). It is switched
off until the first question is on screen; then everything alive is frozen out of later
collections, so the collections that run during the chat stay short.
"""

from __future__ import annotations

import gc


def hold() -> None:
    gc.disable()


def release() -> None:
    """Idempotent: each front end calls it once it has shown its first screen."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
