#!/usr/bin/env bash
# build-deb.sh VERSION JAR OUTDIR: writes OUTDIR/sndfuse_VERSION_ARCH.deb with dpkg-deb (run by this module's
# `package` phase). ARCH is "all", or the build machine's architecture when the preload library
# (preload/Makefile, building preload/build/libsndfuse-preload.so) exists and is included.
# The man pages and the bash completion are generated from the picocli commands inside JAR.
set -euo pipefail
version=${1:?usage: build-deb.sh VERSION JAR OUTDIR}
jar=${2:?usage: build-deb.sh VERSION JAR OUTDIR}
out=${3:?usage: build-deb.sh VERSION JAR OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
command -v dpkg-deb >/dev/null || { echo "build-deb.sh: dpkg-deb is missing (Debian package dpkg)" >&2; exit 1; }

debversion=${version//-SNAPSHOT/~snapshot}
tree="$out/deb-root"
rm -rf "$tree"
mkdir -p "$tree/DEBIAN" "$tree/usr/bin" "$tree/usr/share/sndfuse" "$tree/usr/lib/sndfuse" \
	"$tree/lib/systemd/system" "$tree/etc/default" "$tree/usr/share/man/man1" \
	"$tree/usr/share/bash-completion/completions" "$tree/usr/share/doc/sndfuse"

install -m 0755 "$here/files/sndfuse" "$tree/usr/bin/sndfuse"
install -m 0644 "$jar" "$tree/usr/share/sndfuse/sndfuse.jar"
install -m 0644 "$here/files/sndfuse-jvm.sh" "$tree/usr/share/sndfuse/sndfuse-jvm.sh"
install -m 0755 "$here/files/sndfuse-wait-ready" "$tree/usr/lib/sndfuse/sndfuse-wait-ready"
install -m 0644 "$here/files/sndfuse.service" "$tree/lib/systemd/system/sndfuse.service"
install -m 0644 "$here/files/default-sndfuse" "$tree/etc/default/sndfuse"

arch=all
depends=""
if [ -f "$root/preload/Makefile" ]; then
	make -s -C "$root/preload" >&2
	so="$root/preload/build/libsndfuse-preload.so"
	[ -f "$so" ] || { echo "build-deb.sh: make in preload/ did not build $so" >&2; exit 1; }
	install -m 0644 "$so" "$tree/usr/lib/sndfuse/libsndfuse-preload.so"
	arch=$(dpkg --print-architecture)
	depends=", libc6"
fi

# man pages: roff from the picocli model (org.sndfuse.cli.ManPage), compressed as Debian policy wants
java -cp "$jar" org.sndfuse.cli.ManPage "$tree/usr/share/man/man1"
gzip -9n "$tree"/usr/share/man/man1/*.1
# bash completion: picocli's AutoComplete generator, run on the same command tree (org.sndfuse.cli.BashCompletion)
java -cp "$jar" org.sndfuse.cli.BashCompletion "$tree/usr/share/bash-completion/completions/sndfuse"

gzip -9nc "$root/README.md" > "$tree/usr/share/doc/sndfuse/README.md.gz"
cat > "$tree/usr/share/doc/sndfuse/copyright" <<COPY
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: sndfuse
Comment: the jar bundles picocli (Apache-2.0), jnr-fuse (MIT) and the jnr/jffi libraries (Apache-2.0).
COPY

for f in postinst prerm postrm; do install -m 0755 "$here/debian/$f" "$tree/DEBIAN/$f"; done
install -m 0644 "$here/debian/conffiles" "$tree/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
sed -e "s/@VERSION@/$debversion/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
	"$here/debian/control.in" > "$tree/DEBIAN/control"

deb="$out/sndfuse_${debversion}_${arch}.deb"
rm -f "$out"/sndfuse_*.deb
dpkg-deb --root-owner-group -Zxz --build "$tree" "$deb" >/dev/null
echo "build-deb.sh: wrote $deb"
