"""The one place `transitions` is used: a track's routes as a state machine, and as a diagram.

Each track gets one machine, built when an interview on it first moves and shared by every
interview on the track: an interview is one model on it. The machine is kept here, keyed by the
track, so a `Track` holds no engine state.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from interviewer.script.model import END, Track
from interviewer.script.routing import successors

if TYPE_CHECKING:
    from transitions import Machine

    from interviewer.script.expressions import Context, Expr


class Walker(Protocol):
    """What a route's conditions look at: the interview that is moving."""

    @property
    def ctx(self) -> Context: ...

    def needs_followup(self, step_id: str) -> bool: ...


class Edge(NamedTuple):
    """One way from a step to the next, in the order the machine tries them."""

    source: str
    dest: str
    condition: Expr | None  # taken when true; None: taken when no earlier edge was
    followup: bool = False  # taken when the answer to `source` was vague
    loop: bool = False  # the adaptive route's way back to a dimension's first indicator


def edges(track: Track) -> list[Edge]:
    out: list[Edge] = []
    for step in track.steps:
        base = track.index.get(step.follows, step) if step.follows is not None else step
        for target in successors(track, step):
            if target == track.followup_of.get(step.id):
                out.append(Edge(step.id, target, None, followup=True))
                continue
            rule = next((r for r in base.next if r.target == target and r.condition), None)
            loop = rule is not None and rule.loop
            out.append(Edge(step.id, target, rule.condition if rule else None, loop=loop))
    return out


class Position:
    """An interview's place on its track's machine (the model transitions drives)."""

    state: str
    advance: Callable[..., bool]  # the trigger transitions adds


def _condition(edge: Edge) -> Callable[..., bool] | None:
    if edge.followup:
        step_id = edge.source
        return lambda walker, *a, **k: walker.needs_followup(step_id)
    cond = edge.condition
    if cond is None:
        return None
    return lambda walker, *a, **k: bool(cond(walker.ctx))


class TrackMachine:
    def __init__(self, track: Track, shortcuts: bool = True) -> None:
        """`shortcuts=False` makes every move through the trigger (to check the shortcut)."""
        from transitions import Machine  # imported when the first answer moves an interview on

        self.first = track.steps[0].id if track.steps else END
        all_edges = edges(track)
        ways_out: dict[str, int] = {}
        for edge in all_edges:
            ways_out[edge.source] = ways_out.get(edge.source, 0) + 1
        # a step with one unconditional way on is moved with set_state: the same move as the
        # trigger at a fraction of the cost, which is most of replaying a long log
        self._direct: dict[str, str] = {}
        transitions: list[dict[str, Any]] = []
        for edge in all_edges:
            t: dict[str, Any] = {"trigger": "advance", "source": edge.source, "dest": edge.dest}
            cond = _condition(edge)
            if cond is not None:
                t["conditions"] = [cond]
            elif ways_out[edge.source] == 1 and shortcuts:
                self._direct[edge.source] = edge.dest
            transitions.append(t)
        self._machine: Machine = Machine(
            model=None,
            states=[s.id for s in track.steps] + [END],
            transitions=transitions,
            initial=self.first,
            auto_transitions=False,
            send_event=False,
            queued=False,
        )

    def join(self, owner: object) -> Position:
        """A new position at the first step, let go of when `owner` is."""
        position = Position()
        self._machine.add_model(position, initial=self.first)
        weakref.finalize(owner, self._machine.remove_model, position)
        return position

    def advance(self, position: Position, walker: Walker) -> None:
        target = self._direct.get(position.state)
        if target is not None:
            self._machine.set_state(target, model=position)
        else:
            position.advance(walker)

    def jump(self, position: Position, state: str) -> None:
        self._machine.set_state(state, model=position)

    @property
    def shortcut_count(self) -> int:
        return len(self._direct)


_MACHINES: weakref.WeakKeyDictionary[Track, TrackMachine] = weakref.WeakKeyDictionary()


def machine_for(track: Track) -> TrackMachine:
    machine = _MACHINES.get(track)
    if machine is None:
        machine = _MACHINES[track] = TrackMachine(track)
    return machine


def condition_label(source: str) -> str:
    """A condition's source as diagram text (no characters Mermaid reads as syntax)."""
    return "".join(c for c in source if c not in "\"'`:;{}[]<>|#")


def diagram(track: Track) -> str:
    """The track's machine drawn by transitions' Mermaid backend, conditions as labels."""
    from transitions.extensions import GraphMachine

    states = [s.id for s in track.steps] + [END]
    transitions = []
    for edge in edges(track):
        t: dict[str, Any] = {"trigger": "next", "source": edge.source, "dest": edge.dest}
        if edge.followup:
            t["conditions"] = ["vague answer"]
        elif edge.condition is not None:
            t["conditions"] = [condition_label(edge.condition.source)]
        transitions.append(t)
    model = Position()
    GraphMachine(
        model=model,
        states=states,
        transitions=transitions,
        initial=states[0],
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=True,
        title=track.title,
    )
    get_graph: Callable[[], Any] = getattr(model, "get_graph")  # noqa: B009 - added by transitions
    return str(get_graph().draw(None))
