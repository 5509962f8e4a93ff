"""The chain level: every store's anonymous facts rolled up at headquarters by PostgreSQL's own
logical replication (``kiosk chain``; docs/chain.md)."""
