"""What expressions and routing can ask about the answers given so far on the current path."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from interviewer.scoring import add_evidence, contradictions, route
from interviewer.scoring import levels as lv
from interviewer.scoring.contradictions import Contradiction
from interviewer.scoring.dimension import Evidence, is_high, is_inconsistent, is_low
from interviewer.script.expressions import AnswerLookups
from interviewer.script.model import Script, Track
from interviewer.transcript import Clarified


class WalkContext(AnswerLookups):
    """Answers on the current path, with per-dimension evidence kept up to date incrementally."""

    def __init__(self, script: Script, track: Track) -> None:
        self.script, self.track = script, track
        self.answers: dict[str, Any] = {}
        self.evidence: dict[str, Evidence] = {}
        # an indicator step -> the clarifying question its answer in force came from (the engine
        # knows, from the answer's event): a claim clarified still fires its check
        self.claim_of: Callable[[str], Clarified | None] = lambda step_id: None
        # steps whose answer is in force but not met again yet (a move to a new script, a
        # clarification): the route takes those indicators first, so no answer is lost
        self.ahead: Callable[[], Collection[str]] = lambda: ()
        self.changes = 0  # answers set or dropped so far: what the route's cache is keyed by
        self.routes: dict[str, tuple[int, tuple[str, ...], route.Next]] = {}

    def reset(self) -> None:
        self.answers = {}
        self.evidence = {}
        self.changes += 1

    def set(self, step_id: str, value: Any) -> None:
        self.answers[step_id] = value
        self.changes += 1
        step = self.track.index[step_id]
        if step.dimension is not None:
            self.evidence.pop(step.dimension, None)

    def discard(self, step_id: str) -> None:
        if step_id in self.answers:
            self.set(step_id, None)
            del self.answers[step_id]
            self.changes += 1

    def ev(self, dimension: str) -> Evidence:
        cached = self.evidence.get(dimension)
        if cached is not None:
            return cached
        ev = Evidence()
        for step_id, value in self.answers.items():
            step = self.track.index[step_id]
            if step.dimension == dimension:
                add_evidence(ev, step, value, self.claim_of(step_id) if step.indicator else None)
        self.evidence[dimension] = ev
        return ev

    # -- the expression functions (answered and selected come from AnswerLookups) ----------

    def answer(self, step: str) -> Any:
        """The answer, except that a number question answered "don't know" gives no number
        (as if not answered) for an expression to compare or add."""
        value = self.answers.get(step)
        asked = self.track.index.get(step)
        return (
            None
            if asked is not None and asked.kind == "number" and isinstance(value, str)
            else value
        )

    def level(self, dimension: str) -> int:
        dim = self.script.dimensions.get(dimension)
        return lv.level(dim, self.ev(dimension).values(dim), "point") if dim else 1

    def low(self, dimension: str) -> bool:
        dim = self.script.dimensions.get(dimension)
        return dim is not None and is_low(dim, self.ev(dimension), self.script.cues.get("pain", ()))

    def high(self, dimension: str) -> bool:
        dim = self.script.dimensions.get(dimension)
        return dim is not None and is_high(dim, self.ev(dimension))

    def reachable(self, dimension: str, level: int) -> bool:
        dim = self.script.dimensions.get(dimension)
        return dim is not None and lv.reachable(dim, self.ev(dimension).values(dim), level)

    def inconsistent(self, dimension: str) -> bool:
        dim = self.script.dimensions.get(dimension)
        return dim is not None and is_inconsistent(dim, self.ev(dimension))

    def absent(self, dimension: str, indicator: str) -> bool:
        """The practice is not in place as far as the answers so far say: its indicator was
        answered no, or, not answered yet, the interviewee's own words say it is missing (the
        evidence reader heard it absent, and never in place or partly)."""
        dim = self.script.dimensions.get(dimension)
        if dim is None:
            return False
        ev = self.ev(dimension)
        if indicator in ev.indicators:
            return ev.indicators[indicator] == "no"
        from interviewer.scoring.heard import heard_absent  # the reader: off the first frame

        return indicator in heard_absent(dim, ev)

    def contradiction(self, dimension: str, check: str) -> Contradiction | None:
        """The check, if the answers so far contradict it (clarified or not)."""
        dim = self.script.dimensions.get(dimension)
        found = contradictions.find(dim, self.ev(dimension), only=check) if dim else []
        return found[0] if found else None

    def contradicted(self, dimension: str, check: str) -> bool:
        """The check fires, and no other check's question has clarified its indicator."""
        found = self.contradiction(dimension, check)
        return found is not None and found.clarify_step == f"{dimension}.check.{check}"

    # -- the adaptive route through a dimension's indicators (scoring.route) ----------------

    def start_hints(self, dimension: str) -> route.Hints:
        """What points to a level in `dimension` before its indicators: the self-rating, the
        mean level of the dimensions measured before it, the levels of the practices heard in
        place and missing in the open answers."""
        from interviewer.scoring.heard import heard  # the reader: off the first frame

        dim = self.script.dimensions[dimension]
        ev = self.ev(dimension)
        levels = {i.id: i.level for i in dim.indicators}
        said: dict[str, set[str]] = {}
        for h in heard(dim, ev):
            said.setdefault(h.heard.indicator, set()).add(h.heard.polarity)
        before = [
            self.level(key)
            for key in self.track.dimensions
            if key != dimension and self.ev(key).indicators
        ]
        return route.Hints(
            ev.self_rating,
            sum(before) / len(before) if before else None,
            tuple(levels[i] for i, heard_as in said.items() if heard_as == {"present"}),
            tuple(levels[i] for i, heard_as in said.items() if "absent" in heard_as),
        )

    def planned(self, dimension: str) -> list[str]:
        """The indicators the route asks next in `dimension`, the first now."""
        return self.next_on_route(dimension).ids

    def next_on_route(self, dimension: str) -> route.Next:
        """What the route asks next in `dimension`, and why: any indicator answered already
        and not met again first (kept by a move or a clarification, carried by a re-walk),
        then the route's plan. Worked out once per change of the answers: a walk asks it of
        every indicator it passes."""
        ahead = tuple(self.ahead())
        cached = self.routes.get(dimension)
        if cached is not None and cached[0] == self.changes and cached[1] == ahead:
            return cached[2]
        found = self._next_on_route(dimension, set(ahead))
        self.routes[dimension] = (self.changes, ahead, found)
        return found

    def _next_on_route(self, dimension: str, ahead: Collection[str]) -> route.Next:
        dim = self.script.dimensions.get(dimension)
        if dim is None:
            return route.Next([])
        ev = self.ev(dimension)
        asked = ev.asked or set()
        kept = [
            i.id for i in dim.indicators if i.id not in asked and f"{dimension}.ind.{i.id}" in ahead
        ]
        if kept:
            return route.Next(kept, 0, "kept")
        return route.plan(
            dim,
            ev.indicators,
            asked,
            route.start_level(self.start_hints(dimension)),
            ev.doubted(dim),
        )

    def asks(self, dimension: str, indicator: str) -> bool:
        """The route asks this indicator now."""
        planned = self.planned(dimension)
        return bool(planned) and planned[0] == indicator

    def routing(self, dimension: str) -> bool:
        """The route has an indicator left to ask in `dimension`."""
        return bool(self.planned(dimension))
