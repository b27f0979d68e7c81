"""Screenshot pages of a running Samordna as the demo user (for looking, not testing).

Usage: .venv/bin/python scripts/screenshot.py http://127.0.0.1:8000 OUTDIR PATH [PATH …]
Set WIDTH (default 1366; 390 for a phone) and USER_NAME (default demo). The demo administrator
signs in in two steps: set TOTP_KEY to the key `make demo` prints (or CODE to one of its
one-time codes).
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def second_factor() -> str:
    if os.environ.get("CODE"):
        return os.environ["CODE"]
    from base64 import b32decode

    from django_otp.oath import TOTP

    return f"{TOTP(b32decode(os.environ['TOTP_KEY']), step=30, t0=0, digits=6).token():06d}"


def main() -> None:
    base, out, paths = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        width = int(os.environ.get("WIDTH", "1366"))
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{base}/logga-in/")
        page.fill("#id_username", os.environ.get("USER_NAME", "demo"))
        page.fill("#id_password", "demo-samordna")
        with page.expect_navigation():
            page.click("button[type=submit]")
        if "tvastegsverifiering" in page.url:
            page.get_by_label("Kod").fill(second_factor())
            with page.expect_navigation():
                page.get_by_role("button", name="Fortsätt").click()
        for i, path in enumerate(paths):
            page.goto(base + path)
            name = out / f"{width}-{i:02d}-{path.strip('/').replace('/', '_').replace('?', '_') or 'start'}.png"
            page.screenshot(path=str(name), full_page=True)
            print(name)
        browser.close()


if __name__ == "__main__":
    main()
