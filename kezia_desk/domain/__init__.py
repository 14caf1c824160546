"""Pure business rules: money, articles, sellers, tickets, orders, statuses.

No Qt, no SQL, no network here: everything is plain Python and unit-testable in microseconds.
"""
