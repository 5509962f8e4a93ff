"""Store insights: the dashboard's figures, on screen and as the ``kiosk report`` CSV."""
