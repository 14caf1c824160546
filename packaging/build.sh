#!/usr/bin/env bash
# Builds the frozen Kezia Desk (one folder, PyInstaller) and smoke-tests it as a shop would start it.
#
#   bash packaging/build.sh            # build into build/dist/kezia-desk, then test it
#   bash packaging/build.sh --no-build # test the folder already built
#
# Linux only (Windows: see docs/dev/packaging.md). Needs the project's .venv (PYTHON=... to use
# another interpreter); installs the `build` extra (PyInstaller) when it is missing. Not part of .ci/run: the
# build takes 1.5–3 min of the CI machine's 2 cores on top of the suite (figures: docs/dev/packaging.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
python=${PYTHON:-$root/.venv/bin/python}
dist=$root/build/dist
app=$dist/kezia-desk
frozen=$app/kezia-desk

say() { printf '%s\n' "$*"; }
fail() { printf 'ÉCHEC : %s\n' "$*" >&2; exit 1; }

build=1
[ "${1:-}" = "--no-build" ] && build=0

if ((build)); then
    [ -x "$python" ] || fail "interpréteur introuvable : $python (créez .venv comme le dit le README)"
    # Also refreshes the package's metadata, whose version the frozen till prints in its fiscal block.
    "$python" -m pip install -q -e '.[build]'

    # X libraries the xcb platform plugin links: present on the build machine, they are copied into the
    # folder, so the frozen till needs fewer packages on the shop's machine.
    packages=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
              libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1)
    missing=()
    for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if ((${#missing[@]})) && command -v apt-get >/dev/null; then
        sudo_cmd=""
        [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
        say "Installation des paquets Debian manquants : ${missing[*]}"
        $sudo_cmd apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi

    started=$(date +%s)
    KEZIA_ICONS_DIR="$root/build/icons" "$python" -m PyInstaller --noconfirm --log-level WARN \
        --distpath "$dist" --workpath "$root/build/pyinstaller" packaging/kezia-desk.spec
    say "Construction : $(( $(date +%s) - started )) s ; dossier $(du -sm "$app" | cut -f1) Mo ($(find "$app" -type f | wc -l) fichiers)."
fi
[ -x "$frozen" ] || fail "programme gelé introuvable : $frozen"

# 0. Every bundled binary loads: each Qt library it links is in the folder (an exclusion too wide fails here, not
#    at a shop) and none was damaged by strip.
qt_lib=$app/_internal/PySide6/Qt/lib
broken=$(find "$app" -name '*.so*' -type f | while read -r binary; do
    LD_LIBRARY_PATH="$app/_internal:$qt_lib" ldd "$binary" 2>&1 \
        | grep -E 'libQt6[A-Za-z0-9]*\.so[.0-9]* => not found|error while loading' | sed "s|^|${binary#"$app"/}: |" || true
done | sort -u)
[ -z "$broken" ] || fail "bibliothèques du dossier qui ne se chargent pas :
$broken"

# python-escpos reads its printer database at import: it must be in the folder with the library.
if [ -d "$app/_internal/escpos" ] && [ ! -f "$app/_internal/escpos/capabilities.json" ]; then
    fail "la base des imprimantes de python-escpos (capabilities.json) manque au dossier gelé"
fi

# The package's version travels with it (importlib.metadata in the frozen till).
version=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
grep -qx "Version: $version" "$app"/_internal/kezia_desk*-info/*METADATA* 2>/dev/null \
    || grep -qx "Version: $version" "$app"/_internal/kezia_desk*-info/PKG-INFO 2>/dev/null \
    || fail "la version $version du paquet manque au dossier gelé"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$work/data
shot=$work/demo.png

# 1. The demo, offscreen, from outside the checkout: exits 0 with a real screenshot.
(cd "$work" && QT_QPA_PLATFORM=offscreen "$frozen" --demo --data-dir "$data" --quit-after 5 --screenshot "$shot") \
    || fail "la caisse gelée (--demo --quit-after 5) n'a pas fini avec le code 0"
[ -s "$shot" ] || fail "aucune capture d'écran écrite"
QT_QPA_PLATFORM=offscreen "$python" packaging/check_screenshot.py "$shot" || fail "capture vide ou noire : $shot"
# The resources were found: no stylesheet, icon or Qt translation missing in the technical log.
if grep -E "feuille de style .* introuvable|traductions françaises de Qt introuvables" "$data/logs/kezia-desk.log"; then fail "une ressource manque au programme gelé"; fi

# 2. The sales journal of that data folder.
"$frozen" verify-journal --data-dir "$data" || fail "verify-journal sur les données de la démo"

# 3. Archives, once the program has them (the fiscal work adds `archive` and `verify-archive`).
help=$("$frozen" --help)
archives=""
if grep -q "verify-archive" <<<"$help" && grep -qE "^ +archive" <<<"$help"; then
    period=$(date +%Y-%m)
    "$frozen" archive --data-dir "$data" --period "$period" --out "$work/archive.zip" \
        || fail "archive --period $period sur les données de la démo"
    "$frozen" verify-archive "$work/archive.zip" || fail "verify-archive sur l'archive de la démo"
    archives=", archive et verify-archive"
else
    say "archive / verify-archive : absentes de cette version, non testées."
fi

# 4. The sandbox's command line.
"$frozen" sandbox --help >/dev/null || fail "sandbox --help"

# 5. No display at all: one French sentence, no Qt abort.
set +e
message=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$frozen" --data-dir "$data" 2>&1)
status=$?
set -e
[ "$status" -eq 2 ] && grep -q "écran" <<<"$message" && [ "$(wc -l <<<"$message")" -eq 1 ] \
    || fail "sans écran, code $status et « $message »"

# 6. A real X display (Xvfb), when available: the bundled xcb plugin and its libraries load.
if command -v xvfb-run >/dev/null; then
    (cd "$work" && env -u QT_QPA_PLATFORM -u WAYLAND_DISPLAY xvfb-run -a -s "-screen 0 1280x800x24" \
        "$frozen" --demo --data-dir "$data" --quit-after 4 --screenshot "$work/x11.png") \
        || fail "la caisse gelée sur un écran X (Xvfb)"
    QT_QPA_PLATFORM=offscreen "$python" packaging/check_screenshot.py "$work/x11.png" || fail "capture X vide"
    say "Écran X (Xvfb) : démarrée et capturée."
else
    say "xvfb-run absent : démarrage sur un écran X non testé (apt-get install xvfb)."
fi

# 7. The desktop files, when the validators are installed.
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$app/share/applications/fr.kezia.KeziaDesk.desktop"
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$app/share/metainfo/fr.kezia.KeziaDesk.metainfo.xml" >/dev/null \
        || fail "métadonnées AppStream invalides"
fi
say "Caisse gelée vérifiée : bibliothèques, démo et capture, verify-journal$archives, sandbox --help, message sans écran."
