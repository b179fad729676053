#!/usr/bin/env python3
"""Take a screenshot of a built graph.html in headless Chromium, offline (for the README).

Usage: python scripts/screenshot.py [out/graph.html] [docs/seed-graph.png]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    page_path = Path(argv[0] if argv else "out/graph.html").resolve()
    png = Path(argv[1] if len(argv) > 1 else "docs/seed-graph.png")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(page_path.as_uri())
        page.wait_for_timeout(4000)  # let the physics settle
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png))
        browser.close()
    print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
