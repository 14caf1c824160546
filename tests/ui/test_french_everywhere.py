"""On a machine left in English (LANG=C, a fresh Debian), Qt's own words are French too: a text field's context
menu, the calendar of « Prévue », the standard buttons; and no text of the till's screens is English."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ENGLISH = {"undo", "redo", "cut", "copy", "paste", "delete", "select all", "cancel", "yes", "no", "close", "apply",
           "save", "open", "help", "retry", "ignore", "abort", "discard", "reset", "search", "settings", "back",
           "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
           "mon", "tue", "wed", "thu", "fri", "sat", "sun", "error", "warning", "loading", "none", "today"}


def words(text: str) -> set[str]:
    plain = re.sub(r"\t.*$", "", text.replace("&", ""), flags=re.MULTILINE).lower()  # « &Undo\tCtrl+Z » → undo
    found = set(re.findall(r"[a-zà-ÿ]+", plain))
    return found | {plain.strip(" .:…")}


def test_no_visible_text_or_menu_is_english_with_lang_c(tmp_path):
    env = {**os.environ, "LANG": "C", "LANGUAGE": "", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    probe = Path(__file__).with_name("english_probe.py")
    result = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, timeout=120, env=env,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    texts = json.loads(result.stdout.strip().splitlines()[-1])
    assert "&Annuler\tCtrl+Z" in texts and "Tout sélectionner\tCtrl+A" in texts, "the context menu is French"
    assert {"décembre", "lun."} <= set(texts), "the calendar of « Prévue » is French"
    english = sorted(text for text in texts if words(text) & ENGLISH)
    assert english == [], english
