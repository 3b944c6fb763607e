"""The end of the interview: the maturity profile, overall score, confidence, flags, pain, and
the interviewee's own copy of it all to save."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from interviewer.scoring import Scorecard
from interviewer.session.errors import EngineError
from interviewer.store import SessionStore, StoreError
from interviewer.textsafe import visible_control
from interviewer.tui.key_bar import KeyBar
from interviewer.tui.safe_text import literal
from interviewer.tui.summary.chart import profile

FLAG_WORDS = {
    "perception_gap": "The self-rating and the evidence are two or more levels apart",
    "skipped_foundation": "Higher-level practices are in place while a foundation is missing",
    "contradiction": "Two answers contradict each other, not yet clarified",
    "contradiction_clarified": "Two answers seemed to contradict each other; clarified",
    "too_many_unknowns": "Many indicators were answered “don't know”",
    "excess_na": "Many indicators were marked not applicable",
}


def section(title: str, lines: list[str], when_empty: str, widget_id: str) -> Static:
    """A heading and its indented lines, or a sentence saying there are none."""
    return Static(literal("\n".join([title, *(lines or [f"  {when_empty}"])])), id=widget_id)


class SummaryScreen(Screen[None]):
    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding("s", "save_copy", "Save my copy"),
        Binding("q", "app.quit", "Quit"),
        Binding("escape", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        card: Scorecard,
        session_id: str,
        title: str,
        actions: list | None = None,
        levels: dict[int, str] | None = None,
        store: SessionStore | None = None,
    ) -> None:
        """`store`: where the session is, for the interviewee's own copy (none: not offered)."""
        super().__init__()
        self.store = store
        self.card, self.session_id, self.title_text = card, session_id, title
        self.actions = actions or []
        self.levels = levels  # the script's level names for the chart's axis

    def compose(self) -> ComposeResult:
        card = self.card
        dims = [d for d in card.dimensions.values() if d.covered]
        o = card.overall
        with VerticalScroll(id="summary"):
            yield Static(
                literal(f"Your maturity profile — {self.title_text}"), classes="panel-title"
            )
            yield Static(profile(dims, levels=self.levels), id="summary-chart")
            yield Static(
                literal(
                    f"Overall {o.score:.1f} on the 1–5 scale (range {o.score_range[0]:.1f}–"
                    f"{o.score_range[1]:.1f}), covering {o.coverage:.0%} of the weighted "
                    "dimensions."
                ),
                id="summary-overall",
            )
            lines = ["Confidence"]
            for d in dims:
                lines.append(f"  {d.name}: {d.confidence} — {'; '.join(d.reasons)}")
            yield Static(literal("\n".join(lines)), id="summary-confidence")
            flags = [
                f"  {d.name}: {FLAG_WORDS.get(f.code, f.code)}. {f.message}"
                for d in dims
                for f in d.flags
            ]
            yield section(
                "Worth checking", flags, "Nothing stood out as inconsistent.", "summary-flags"
            )
            pain_lines = [
                f"  {p.severity}/9 {'(critical) ' if p.critical else ''}{p.text}"
                for p in card.pains
                if p.severity
            ]
            yield section(
                "Pain points confirmed", pain_lines, "None were confirmed.", "summary-pains"
            )
            action_lines = ["Next actions, most important first"]
            for n, a in enumerate(self.actions[:6], 1):
                action_lines.append(f"  {n}. {a.title}")
                action_lines.append(f"     {a.owner} · effort {a.effort} · {a.phase_label}")
                if a.metric:
                    action_lines.append(f"     moves: {a.metric.text}")
                    if a.metric.target_source == "client":  # what they said they aim for
                        action_lines.append(f"     your target: {a.metric.target}")
            if not self.actions:
                action_lines.append("  Nothing stands between the levels found and your targets.")
            yield Static(literal("\n".join(action_lines)), id="summary-actions")
            if self._can_save():
                yield Button("Save my copy (s)", id="summary-save")
                yield Static("", id="summary-saved")
            elif self.store is not None:  # a browser: saving would write on the server
                yield Static(
                    "Your own copy cannot be saved from a browser yet: ask your facilitator "
                    "to send it to you.",
                    id="summary-saved",
                    classes="muted",
                )
            yield Static(
                literal(f"Session {self.session_id} is complete. Press q to leave."),
                classes="muted",
            )
        yield KeyBar()

    # -- the interviewee's own copy -----------------------------------------------------------

    def _can_save(self) -> bool:
        """In a terminal, on the interviewee's machine; a browser's app runs on the server."""
        return self.store is not None and not self.app.is_web

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self._can_save() if action == "save_copy" else True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "summary-save":
            event.stop()
            self.action_save_copy()

    def action_save_copy(self) -> None:
        """Ask where, then write it there (0600)."""
        from interviewer.export.my_copy import my_copy_name
        from interviewer.tui.summary.save_copy import SaveCopyScreen

        self.app.push_screen(SaveCopyScreen(my_copy_name(self.session_id)), self._save_in)

    def _save_in(self, folder: str | None) -> None:
        from interviewer.export.my_copy import save_my_copy

        if folder is None or self.store is None or not self._can_save():
            return
        try:
            path = save_my_copy(self.store, self.session_id, folder)
        except (StoreError, EngineError) as exc:
            self._said(f"Your copy was not saved: {exc}")
            self.notify(visible_control(str(exc)), severity="error", timeout=8, markup=False)
            return
        self._said(f"Your copy is saved as {path}")
        self.notify(f"Your copy is saved as {visible_control(str(path))}", markup=False)

    def _said(self, text: str) -> None:
        self.query_one("#summary-saved", Static).update(literal(text))
