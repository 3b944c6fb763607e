"""How long a question is expected to take an interviewee typing alone, by kind and purpose.

One table, used by the engine's progress figure, by the time budget's trimming of optional
steps and by the pacing test that fits each segment's questions into its minutes. The figures
and how they were chosen are in the README ("Pacing"): an open answer is composed, not
transcribed (about 20 words a minute typed, a 30-40 word answer plus reading and thinking is two
minutes); a closed answer is reading (about 240 words a minute) plus a decision.
"""

from __future__ import annotations

from interviewer.script.model import Purpose, Step

# free text, by purpose: what the answer is expected to hold
TEXT_SECONDS: dict[Purpose, float] = {
    "open": 120.0,  # a current-state question: a paragraph about how things really happen
    "advanced": 120.0,  # a level 4-5 practice described in detail
    "outcome": 90.0,  # a measure or a result, with some context
    "context": 60.0,  # role, team, plans: facts the interviewee knows without thinking
    "followup": 60.0,  # more detail on an answer just given
    "clarify": 60.0,  # why the self-rating differs from what was heard
    "contradiction": 60.0,  # which of two statements holds
    "facilitator": 60.0,
}
TEXT_DEFAULT = 60.0
INDICATOR_SECONDS = 15.0  # read a 20-30 word statement, decide yes/mostly/partly/no, one key
SELF_RATING_SECONDS = 30.0  # five level descriptors to read, then a judgement
SCALE_SECONDS = 15.0  # a 1-5 rating of something already discussed (target, a criterion)
CHOICE_SECONDS = 15.0  # three to five short options, pick one
PAIN_DETAIL_SECONDS = 10.0  # how often / how much for a pain just picked: the options repeat
MULTI_BASE_SECONDS = 10.0  # a list to tick: the question, then each option read and weighed
MULTI_OPTION_SECONDS = 5.0
NUMBER_SECONDS = 30.0  # a figure to recall or estimate (models in production, a cost)


def expected_seconds(step: Step) -> float:
    """The time `step` is expected to take; a step's own `seconds:` wins over the table."""
    if step.seconds is not None:
        return step.seconds
    kind, purpose = step.kind, step.purpose
    if kind == "text" or purpose == "contradiction":  # two quotes read, an answer, often words
        return TEXT_SECONDS.get(purpose, TEXT_DEFAULT)
    if kind == "indicator":
        return INDICATOR_SECONDS
    if kind == "scale":
        return SELF_RATING_SECONDS if purpose == "self_rating" else SCALE_SECONDS
    if kind == "choice":
        return PAIN_DETAIL_SECONDS if purpose == "pain_detail" else CHOICE_SECONDS
    if kind == "multi":
        return MULTI_BASE_SECONDS + MULTI_OPTION_SECONDS * len(step.options)
    if kind == "number":
        return NUMBER_SECONDS
    return TEXT_DEFAULT
