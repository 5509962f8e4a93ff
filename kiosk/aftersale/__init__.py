"""After the purchase: the sale recorded in the consultation, delivery and installation
booked on the store's slots, the customer's score at each touchpoint, referrals.

No Qt here (the import-linter contract): screens reach it through ``ui.operations``, the
follow-up page calls its session-level functions in its own store transaction.
"""
