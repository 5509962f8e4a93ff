"""The names of a visit's stages, end reasons and changes.

Kept apart from the journey so the window can name them without loading the database layer
before its first paint.
"""

from __future__ import annotations

import enum


class Stage(enum.StrEnum):
    ATTRACT = "attract"
    GREETING = "greeting"
    NEEDS = "needs"
    RECOMMENDATIONS = "recommendations"
    STORY = "story"
    LOOKBOOK = "lookbook"
    SELECTION = "selection"
    HANDOFF = "handoff"
    FAREWELL = "farewell"


class EndReason(enum.StrEnum):
    COMPLETED = "completed"
    IDLE = "idle"
    HANDED_OFF = "handed_off"
    CRASH_RECOVERED = "crash_recovered"
    ERROR = "error"


class Change(enum.StrEnum):
    STARTED = "started"
    STAGE = "stage"
    LANGUAGE = "language"
    NEEDS = "needs"
    SELECTION = "selection"
    COMPARISON = "comparison"
    ENDED = "ended"
