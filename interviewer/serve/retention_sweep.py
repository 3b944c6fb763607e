"""`interviewer serve` keeps the notice's retention without anyone remembering: it deletes the
sessions past the retention their interviewees agreed to when it starts, and then once a day,
and compacts the invitation lines that name someone for nothing.

A sweep runs in a worker thread (it touches the disk), logs one line of what it did and what
it kept (open or held sessions), and never takes the server down: a sweep that fails is logged
and tried again the next day.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web

from interviewer.store import SessionStore, StoreError
from interviewer.store.retention import Sweep, remove_expired

log = logging.getLogger("interviewer.serve")

BY = "interviewer serve"
COMMAND = "serve (retention)"
EVERY = 86400.0


@dataclass
class RetentionSweeper:
    store: SessionStore
    clock: Callable[[], float]
    every: float = EVERY
    task: asyncio.Task[None] | None = field(default=None, init=False)

    def attach(self, app: web.Application) -> None:
        app.on_startup.append(self._start)
        app.on_cleanup.append(self._stop)

    async def sweep(self) -> Sweep | None:
        """One sweep now; None if it failed (logged)."""
        try:
            done = await asyncio.to_thread(remove_expired, self.store, BY, COMMAND, self.clock())
        except (StoreError, OSError) as exc:
            log.warning("retention: the sweep failed (%s); it runs again in a day", exc)
            return None
        if done.deleted or done.kept or done.invitations:
            log.info(
                "retention: deleted %d session(s) past their retention, kept %d (%s), removed "
                "%d invitation line(s)",
                len(done.deleted),
                len(done.kept),
                "; ".join(f"{sid}: {why}" for sid, why in done.kept) or "none",
                done.invitations,
            )
        return done

    async def _run(self) -> None:
        while True:
            await self.sweep()
            await asyncio.sleep(self.every)

    async def _start(self, app: web.Application) -> None:
        self.task = asyncio.create_task(self._run())

    async def _stop(self, app: web.Application) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
