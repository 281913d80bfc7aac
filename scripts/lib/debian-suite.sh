# Sourced by scripts/containerd.sh and scripts/install-deps.sh: fetches packages from a newer
# Debian suite (trixie, sid) through the machine's own Debian mirror, without adding that suite
# to the system's apt sources. Each suite gets a private sources list and state dir, so the
# host's package database never sees it: packages are downloaded, not installed.

# Where the private apt state lives (lists, caches, downloaded files).
LCD_APT_DIR="${LCD_APT_DIR:-/var/lib/libcontainerd/apt}"

say() { printf 'lcd: %s\n' "$*" >&2; }

# Prints "URI KEYRING" of the Debian archive this machine already uses, read from
# /etc/apt/sources.list.d/ (deb822 .sources and one-line .list) and /etc/apt/sources.list.
# The security archive is skipped: it carries no sid/trixie. $LCD_DEBIAN_MIRROR overrides it.
debian_mirror() {
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  if [ -n "${LCD_DEBIAN_MIRROR:-}" ]; then
    echo "$LCD_DEBIAN_MIRROR $keyring"
    return 0
  fi
  local found
  found="$(
    shopt -s nullglob
    for f in /etc/apt/sources.list.d/*.sources; do
      awk -v def="$keyring" '
        function flush() {
          if (uri != "" && types ~ /(^| )deb( |$)/ && suites ~ /(buster|bullseye|bookworm|trixie|forky|sid|stable|testing|unstable)/ && suites !~ /security/ && uri !~ /security/)
            { print uri, (key != "" ? key : def); exit }
          uri = ""; suites = ""; key = ""; types = ""
        }
        /^[ \t]*$/ { flush(); next }
        /^Types:/ { $1 = ""; types = $0 }
        /^URIs:/ { uri = $2 }
        /^Suites:/ { $1 = ""; suites = $0 }
        /^Signed-By:/ { key = $2 }
        END { flush() }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do
      [ -f "$f" ] || continue
      sed -e 's/\[[^]]*\]//' "$f" | awk -v def="$keyring" '
        $1 == "deb" && $3 ~ /^(buster|bullseye|bookworm|trixie|forky|sid|stable|testing|unstable)/ && $3 !~ /security/ && $2 !~ /security/ \
          { print $2, def; exit }'
    done
  )"
  found="$(printf '%s\n' "$found" | head -n 1)"
  if [ -z "$found" ]; then
    say "no Debian mirror found in /etc/apt/sources.list.d/ (set LCD_DEBIAN_MIRROR to a Debian archive URI)"
    return 1
  fi
  echo "$found"
}

# apt_suite SUITE: sets up (once a day at most) the private apt state for SUITE, with deb and
# deb-src lines, and sets APT_OPTS to the options that make apt-get use it.
apt_suite() {
  local suite="$1" dir="$LCD_APT_DIR/$1" mirror uri key
  mirror="$(debian_mirror)" || return 1
  uri="${mirror%% *}"
  key="${mirror#* }"
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
  local list="deb [signed-by=$key] $uri $suite main
deb-src [signed-by=$key] $uri $suite main"
  [ -f "$dir/sources.list" ] && [ "$(cat "$dir/sources.list")" = "$list" ] || printf '%s\n' "$list" >"$dir/sources.list"
  APT_OPTS=(
    -o "Dir::Etc::sourcelist=$dir/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
    -o Acquire::Languages=none -o APT::Get::List-Cleanup=0
  )
  if [ -z "$(find "$dir/lists" -maxdepth 1 -name '*Packages*' -mmin -1440 -print -quit)" ]; then
    say "reading the package lists of Debian $suite from $uri (private to $dir)"
    apt-get "${APT_OPTS[@]}" update -q >"$dir/update.log" 2>&1 || {
      cat "$dir/update.log" >&2
      say "apt-get update for $suite failed"
      return 1
    }
  fi
}
