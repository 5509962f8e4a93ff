"""Local and store databases: models, engines, migrations."""
