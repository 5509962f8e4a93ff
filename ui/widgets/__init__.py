"""Small single-purpose widgets shared by screens."""
