"""The associates' companion: requests and cases on the associate's own phone, served on the
store network from the store database (issue 18). No Qt here."""
