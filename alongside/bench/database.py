"""What the figures were measured on: the database, and whether its query planner has statistics.

Without statistics (no ANALYZE since a bulk load) both SQLite and PostgreSQL can pick a poor index:
on the 3,000-people demo, the admin's count of a service's people took 900 ms before ANALYZE and
3 ms after. `alongside generate` analyses after loading; a database that was not is said so in the
output, so a slow figure is not blamed on the code.
"""

from django.db import connection


def where() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite {db['NAME']}"
    return f"{connection.vendor} {db['NAME']} on {db['HOST'] or 'localhost'}"


def statistics_note() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone()[0]:
                return "NO planner statistics (never ANALYZEd): run ANALYZE, or `alongside generate` again"
            cursor.execute("SELECT count(DISTINCT tbl) FROM sqlite_stat1")
            return f"planner statistics for {cursor.fetchone()[0]} tables (ANALYZE)"
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FILTER (WHERE last_analyze IS NULL AND last_autoanalyze IS NULL), count(*) "
                "FROM pg_stat_user_tables"
            )
            never, tables = cursor.fetchone()
            if never:
                return f"{never} of {tables} tables never ANALYZEd: run ANALYZE for fair figures"
            return f"all {tables} tables ANALYZEd"
    return "planner statistics unknown"
