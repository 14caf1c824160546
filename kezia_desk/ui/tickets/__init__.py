"""Tickets: past tickets, one ticket's detail with its fiscal block, and the manager's refund (avoir)."""
