#!/usr/bin/env bash
# Regenerates every picture of the user guide (docs/guide/) and the README in docs/screenshots/ from the real
# application: the tests marked `screenshot` drive the till offscreen as a cashier does and save what it shows
# (tests/kd_fixtures/screenshots.py). The folder is replaced only when every one of them passed, so a picture
# never shows a screen that failed, and a picture no test makes any more disappears.
set -euo pipefail
cd "$(dirname "$0")/.."
python=".venv/bin/python"
[ -x "$python" ] || python="python3"

shots=$(mktemp -d)
trap 'rm -rf "$shots"' EXIT
KEZIA_SHOTS="$shots" QT_QPA_PLATFORM=offscreen "$python" -m pytest -q -m screenshot tests
count=$(find "$shots" -name '*.png' | wc -l)
if [ "$count" -eq 0 ]; then
    echo "Aucune capture n'a été faite : docs/screenshots/ est laissé tel quel."
    exit 1
fi
rm -rf docs/screenshots
mkdir -p docs/screenshots
cp -r "$shots"/. docs/screenshots/
echo "$count captures écrites dans docs/screenshots/."
