"""The status line and the key bar: the right label in every segment of every track, and what
matters kept at 80 columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI
from test_pacing import TRACKS, ordinary

from interviewer.engine.interview import Interview
from interviewer.store import SessionStore
from interviewer.tui.app import InterviewerApp
from interviewer.tui.conversation.status_bar import StatusBar, activity, layout
from interviewer.tui.key_bar import KeyBar

LONG_TITLE = "Platform and architecture team session"  # the built-in script's longest


@pytest.mark.parametrize("track", TRACKS)
def test_every_question_is_labelled_by_what_it_is_for_even_at_80_columns(script, track):
    """A segment's own questions (role, plans, platform ratings) are labelled by the segment's
    title, never "opening" after the opening; a dimension's by what is being done; and at 80
    columns the track's name and that label are shown whole."""
    t = script.tracks[track]
    iv = Interview(script, track)
    labels: dict[str, set[str]] = {}
    while (ask := iv.ask()) is not None:
        step = ask.step
        seg = t.segment_of[step.id]
        place = f"{t.segments.index(seg) + 1}/{len(t.segments)}"
        name = script.dimensions[step.dimension].name if step.dimension else ""
        doing = activity(step)
        for width in (80, 120):
            left, right = layout(width, t.title, place, seg.title, (name, doing), 0.5, "12/30 min")
            assert left.startswith(t.title) and "50%" in right and "12/30 min" in right
            assert (doing or seg.title) in left, (width, step.id, left)
            if seg.title != "Opening":
                assert "opening" not in left.lower(), (step.id, left)
        labels.setdefault(seg.id, set()).add(doing or seg.title)
        iv.apply(iv.interpret(ordinary(ask), 1000.0 + 5 * iv.turn).events[0])
    assert set(labels) == {seg.id for seg in t.segments}  # every segment was seen


def long_titled(tmp_path: Path) -> str:
    path = tmp_path / "long.yaml"
    path.write_text(MINI.read_text().replace("title: Short", f"title: {LONG_TITLE}", 1))
    return str(path)


async def test_at_80_columns_the_header_keeps_the_track_and_the_footer_pause_and_quit(
    tmp_path: Path, store: SessionStore
) -> None:
    app = InterviewerApp(store, long_titled(tmp_path), start=("short", "Acme", "Ada"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")  # role
        await pilot.press("3", "enter")  # models
        await pilot.press("2", "enter")  # budget: now the first open question of a dimension
        await pilot.pause()
        header = str(app.screen.query_one(StatusBar).render())
        footer = str(app.screen.query_one(KeyBar).render())
        assert header.startswith(f" {LONG_TITLE} · ")
        assert "open questions" in header and "0/15 min" in header and "%" in header
        for entry in ("f2 Why?", "f3 Skip", "f4 Pause", "^q Quit"):
            assert entry in footer, footer
        assert len(header.rstrip()) <= 80 and len(footer.rstrip()) <= 80
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        wide = str(app.screen.query_one(StatusBar).render())
        assert "2/2 Main" in wide and "Change an answer" in str(
            app.screen.query_one(KeyBar).render()
        )
