"""The Qt side of the kiosk: application shell, screens, widgets, theme, image loading."""
