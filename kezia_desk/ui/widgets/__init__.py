"""Building blocks every screen shares: touch-sized buttons and inline messages, keypads, questions, the style
sheet, the tap shield against double taps, and running a coroutine from a button."""
