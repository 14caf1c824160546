#!/usr/bin/env bash
# Builds build/kezia-desk_<version>_<arch>.deb from the frozen folder (run packaging/build.sh first), with
# dpkg-deb alone: the program in /opt/kezia-desk, `kezia-desk` in /usr/bin, the menu entry, icons and AppStream
# metainfo in /usr/share (the icon cache and menu are refreshed by dpkg's triggers). Removing the package keeps
# the shop's data (~/.local/share/Kezia/Kezia Desk of each user).
#
# Depends lists what the folder does not carry (checked with objdump: the NEEDED libraries no bundled file
# provides): the C library it was built against, OpenGL/EGL, libdrm and libxcb (the system's, matching its
# drivers), and a font; Recommends the sound server's library, Wayland's client libraries and colour emoji.
set -euo pipefail
cd "$(dirname "$0")/../.."
app=build/dist/kezia-desk
[ -x "$app/kezia-desk" ] || { echo "Dossier gelé introuvable : $app (lancez packaging/build.sh)." >&2; exit 2; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
arch=$(dpkg --print-architecture)
glibc=$(ldd --version | sed -n '1s/.* \([0-9][0-9]*\.[0-9][0-9]*\)$/\1/p')  # sed reads it all: no SIGPIPE
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share"
cp -a "$app" "$root/opt/kezia-desk"
cp -a "$root/opt/kezia-desk/share/." "$root/usr/share/"
rm -rf "$root/opt/kezia-desk/share"
ln -s /opt/kezia-desk/kezia-desk "$root/usr/bin/kezia-desk"
chmod -R u=rwX,go=rX "$root"

cat > "$root/DEBIAN/control" <<CONTROL
Package: kezia-desk
Version: $version
Architecture: $arch
Maintainer: Kezia Desk <kezia-desk@localhost>
Section: misc
Priority: optional
Installed-Size: $(du -sk "$root" | cut -f1)
Depends: libc6 (>= $glibc), libegl1, libgl1, libdrm2, libxcb1, fonts-dejavu-core | fonts-liberation2
Recommends: libpulse0, libwayland-client0, libwayland-cursor0, libwayland-egl1, fonts-noto-color-emoji
Description: caisse tactile qui reçoit les commandes web HubRise
 Kezia Desk est un logiciel de caisse tactile pour les commerces et les
 restaurants : les commandes web arrivent à la caisse par HubRise, le caissier
 les accepte, les refuse, les facture ou les prend en charge. Journal des ventes
 chaîné et vérifiable, mode démonstration avec un bac à sable HubRise intégré.
CONTROL

deb=build/kezia-desk_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "Paquet Debian : $deb ($(du -m "$deb" | cut -f1) Mo)."
