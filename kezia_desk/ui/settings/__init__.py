"""Paramètres Web: the manager's window (PIN, platform choice, tabs Connexion / Personnalisation / E/S)."""
