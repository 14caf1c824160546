"""The sandbox in a process of its own, for memory figures that count the till only: `python sandbox_process.py`
prints its API URL, then places N web orders for each line « N » read on stdin and answers « DONE N »."""
from __future__ import annotations

import sys

from kezia_desk.sandbox.app import create_sandbox
from kezia_desk.sandbox.generator import WebShopOrderGenerator
from kezia_desk.sandbox.server import running_sandbox


def main() -> None:
    generator = WebShopOrderGenerator(11)
    with running_sandbox(create_sandbox(rate_limits=False, seed=7)) as running:
        print(running.api_url, running.till_token, flush=True)
        for line in sys.stdin:
            count = int(line)
            for _ in range(count):
                running.sandbox.place_shop_order(generator.next_payload())
            print("DONE", count, flush=True)


if __name__ == "__main__":
    main()
