"""What the frozen program runs: the same `main()` as the `kezia-desk` script of the wheel."""
import sys

from kezia_desk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
