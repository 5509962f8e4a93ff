"""The outreach tests use the follow-up tests' fixtures: a kiosk database of their own."""

from tests.associates.tasks.conftest import engine as engine
