"""CAISSE: Choix du vendeur, the till screen (product buttons, the ticket, payments) and its models and dialogs."""
