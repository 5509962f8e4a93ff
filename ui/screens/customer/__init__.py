"""Screens a customer sees: attract, the visit, the hand-off."""
