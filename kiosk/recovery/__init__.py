"""Service recovery: a visit that went wrong becomes a case the store acknowledges and
resolves (issue 15). No Qt here: screens reach it through ``Runtime.cases``."""
