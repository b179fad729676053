#!/usr/bin/env python3
"""Take a screenshot of a built graph.html in headless Chromium, offline (for the README).

Usage: python scripts/screenshot.py [out/graph.html] [docs/seed-graph.png] [--search NAME]

Waits until the page sets ``<body data-ready="true">``; with ``--search NAME`` it types NAME in
the search box and presses Enter, so the picture shows that actor's panel. Every request that
is not a local file is refused (and would be reported).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", default="out/graph.html")
    parser.add_argument("png", nargs="?", default="docs/seed-graph.png")
    parser.add_argument("--search", default="", help="an actor to find and open in the panel")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=860)
    args = parser.parse_args(argv)
    page_path, png = Path(args.page).resolve(), Path(args.png)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    left: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})

        def route(r):
            if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
                r.continue_()
            else:
                left.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        if args.search:
            page.locator("#kg-search").fill(args.search)
            page.locator("#kg-search").press("Enter")
            page.wait_for_timeout(300)
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png))
        browser.close()
    if left:
        print(f"refused {len(left)} request(s) that would have left the page: {left[:3]}", file=sys.stderr)
        return 1
    print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
