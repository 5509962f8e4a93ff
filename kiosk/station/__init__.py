"""The kiosk's own running: its settings, start-up, folders and disk, health check, logs and
the review of settings a store kiosk must not keep at a developer's value."""
