#!/usr/bin/env bash
# Installs the frozen Kezia Desk folder on a Linux machine, with its menu entry and icons.
#
#   sudo bash install.sh [FOLDER]     # every user: /opt/kezia-desk, /usr/local/bin, /usr/local/share
#   bash install.sh [FOLDER]          # this user only: ~/.local/opt/kezia-desk, ~/.local/bin, ~/.local/share
#   [sudo] bash install.sh --uninstall
#
# FOLDER is the frozen folder (default: build/dist/kezia-desk from packaging/build.sh). Uninstalling removes the
# program, its menu entry and icons, never the shop's data (~/.local/share/Kezia/Kezia Desk of each user).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" -eq 0 ]; then
    prefix=/usr/local; target=/opt/kezia-desk
else
    prefix=$HOME/.local; target=$HOME/.local/opt/kezia-desk
fi
desktop=fr.kezia.KeziaDesk.desktop
metainfo=fr.kezia.KeziaDesk.metainfo.xml

refresh_caches() {
    command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$target"
    rm -f "$prefix/bin/kezia-desk" "$prefix/share/applications/$desktop" "$prefix/share/metainfo/$metainfo"
    find "$prefix/share/icons/hicolor" -name 'kezia-desk.*' -delete 2>/dev/null || true
    refresh_caches
    echo "Kezia Desk désinstallé de $target. Les données de la boutique sont conservées."
    exit 0
fi

source=${1:-$here/../../build/dist/kezia-desk}
[ -x "$source/kezia-desk" ] || { echo "Dossier gelé introuvable : $source (lancez packaging/build.sh)." >&2; exit 2; }
rm -rf "$target.new"
mkdir -p "$(dirname "$target")" "$prefix/bin"
cp -a "$source" "$target.new"
rm -rf "$target"
mv "$target.new" "$target"
ln -sf "$target/kezia-desk" "$prefix/bin/kezia-desk"
mkdir -p "$prefix/share"
cp -a "$target/share/." "$prefix/share/"
refresh_caches
echo "Kezia Desk installé dans $target ; menu Bureautique > Kezia Desk, commande « kezia-desk »."
