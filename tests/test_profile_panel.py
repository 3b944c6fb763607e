"""The interviewee's side panel: each area's level, self-rating and target, then the
confidence on a line of its own (after "target 3" a comma read as part of a list)."""

from __future__ import annotations

from conftest import MINI, drive, persona
from textual.app import App, ComposeResult

from interviewer.engine.interview import Interview
from interviewer.script import load_script
from interviewer.tui.conversation.profile_panel import ProfilePanel


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ProfilePanel(id="profile")


async def test_the_target_ends_its_line_and_the_confidence_has_its_own():
    iv = Interview(load_script(MINI), "short")
    drive(iv, persona("no", 4))  # self-rating 4, target 5
    card = iv.scorecard()
    app = PanelApp()
    async with app.run_test(size=(60, 40)) as pilot:
        panel = app.query_one(ProfilePanel)
        panel.show(card)
        await pilot.pause()
        lines = [line.strip() for line in str(panel.render()).splitlines()]
    i = lines.index("Deployment")
    assert lines[i + 2] == "level 1 (1.0) · self 4 · target 5"
    assert lines[i + 3] == f"{card.dimensions['deployment_serving'].confidence} confidence"
    assert not any(line.endswith(",") or "target 5," in line for line in lines)
