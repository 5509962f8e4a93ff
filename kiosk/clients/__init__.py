"""Known clients (the ``Customer`` model): finding one, their profile and consent, and the
right to be forgotten with the hooks that carry it through sync."""
