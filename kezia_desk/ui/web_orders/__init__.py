"""Commandes Web: the list by tab, the Fiche commande, the four buttons' controller and dialogs, the new-order
alert with its sound, and the wiring that plugs them into the main window."""
