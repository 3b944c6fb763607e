"""Draw a track's state machine as Mermaid, with transitions' own diagram backend."""

from __future__ import annotations

import re

from transitions.extensions import GraphMachine

from interviewer.script.linter import successors
from interviewer.script.model import END, Track


def _label(source: str) -> str:
    return re.sub(r"[\"'`:;{}\[\]<>|#]", "", source)


def mermaid(track: Track) -> str:
    states = [s.id for s in track.steps] + [END]
    transitions = []
    for step in track.steps:
        base = track.index.get(step.id.removesuffix(".followup"), step)
        for target in successors(track, step):
            t = {"trigger": "next", "source": step.id, "dest": target}
            if target == f"{step.id}.followup":
                t["conditions"] = ["vague answer"]
            else:
                rule = next((r for r in base.next if r.target == target and r.condition), None)
                if rule is not None:
                    t["conditions"] = [_label(rule.condition.source)]
            transitions.append(t)

    class Model:
        pass

    model = Model()
    GraphMachine(
        model=model,
        states=states,
        transitions=transitions,
        initial=states[0],
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=True,
        title=f"{track.title}",
    )
    return _safe_ids(model.get_graph().draw(None), track)  # type: ignore[attr-defined]


def _safe_ids(text: str, track: Track) -> str:
    """Mermaid ids may not contain '.' or '-': keep the names as labels, use safe ids."""
    names = sorted({s.id for s in track.steps}, key=len, reverse=True)
    aliases = {name: "s_" + re.sub(r"[^A-Za-z0-9_]", "_", name) for name in names}
    pattern = re.compile(
        r"(?<![\w.\-\"])(" + "|".join(re.escape(n) for n in names) + r")(?![\w.\-\"])"
    )
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith('state "'):
            label, _, name = stripped[len('state "') :].partition('" as ')
            step = track.index.get(name)
            if step is not None and step.when is not None:
                label = f"{label} (if {_label(step.when.source)})"
            line = f'  state "{label}" as {aliases.get(name, name)}'
        elif stripped.startswith("Class "):
            _, name, cls = stripped.split(" ", 2)
            line = f"  class {aliases.get(name, name)} {cls}"
        else:
            line = pattern.sub(lambda m: aliases[m.group(1)], line)
        out.append(line)
    return "\n".join(out) + "\n"
