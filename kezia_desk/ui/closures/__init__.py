"""Clôtures: Lecture X, Clôture Z, the cash float and count, the list of closures, their CSV and the day's chart."""
