"""SQLite storage through sqlite-utils: schema, migrations, repositories, the outbox. Imports domain only."""
