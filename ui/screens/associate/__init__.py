"""Screens of associate mode: the home, the desk tools, clients, privacy, diagnostics."""
