"""The store's associates: who they are and their PINs, the service desk they answer, and the
follow-up tasks the rules give them."""

PIN_MIN, PIN_MAX = 4, 8
"""How many digits a PIN has (here, not in .directory: the PIN pad is built before the
database's modules are loaded)."""
