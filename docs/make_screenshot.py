"""Regenerate docs/screenshot.svg: a short ML-engineering interview in progress, at 110x34."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from interviewer.store import SessionStore
from interviewer.tui.app import InterviewerApp
from interviewer.tui.conversation.answer_area import AnswerText

ANSWERS = [
    "Head of ML engineering; I own the serving platform and on-call.",
    "Nine engineers across two squads, with a shared on-call rota.",
    "14",
    "Last month a churn model took three weeks: a data scientist handed over a notebook, "
    "we rebuilt the features and deployed it by hand on a Friday.",
]


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = InterviewerApp(SessionStore(tmp), start=("ml-engineering", "Acme", "Dana"))
        async with app.run_test(size=(110, 34)) as pilot:
            await pilot.pause()
            iv = app.runner.interview
            answers = iter(ANSWERS)
            indicators = iter("yyppnypn")
            while True:
                step = iv.track.index[iv.asking]
                if step.kind == "indicator":
                    key = next(indicators, None)
                    if key is None:
                        break
                    await pilot.press(key)
                elif step.kind == "text":
                    text = next(answers, "Mostly by hand, with a runbook in the wiki.")
                    app.screen.query_one("#answer-text", AnswerText).text = text
                    await pilot.press("enter")
                elif step.kind == "number":
                    await pilot.press(*next(answers), "enter")
                else:
                    await pilot.press("2")
                await pilot.pause()
            await pilot.pause(0.2)
            out = Path(__file__).parent
            app.save_screenshot(filename="screenshot.svg", path=str(out))


if __name__ == "__main__":
    asyncio.run(main())
