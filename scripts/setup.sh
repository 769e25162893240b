# Sourced by scripts/serve and scripts/test (POSIX sh, Linux and macOS): a virtual environment
# in .venv with this package installed. The system's Python stays untouched: Debian's, Ubuntu's
# and Homebrew's refuse `pip install` outside a virtual environment (PEP 668).
set -eu
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PIP_DISABLE_PIP_VERSION_CHECK=1
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

say() { printf '%s\n' "$*" >&2; }

# As root, or through sudo when there is one; a plain failure otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    return 1
  fi
}

# Debian's and Ubuntu's packages, where apt-get is and may be used.
apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

make_venv() {
  [ -x "$VENV/bin/python" ] && return 0
  command -v "$PYTHON" >/dev/null 2>&1 || { say "error: no $PYTHON: install Python 3.10 or newer"; exit 1; }
  if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    # Debian and Ubuntu ship the part of venv that installs pip (ensurepip) as a package of its own.
    say "set-up: $PYTHON -m venv needs python3-venv; installing it with apt-get"
    if ! apt_install python3-venv || ! "$PYTHON" -m venv "$VENV"; then
      rm -rf "$VENV"
      say "error: $PYTHON -m venv failed: install the venv module (apt-get install python3-venv) and run this again"
      exit 1
    fi
  fi
  printf '*\n' >"$VENV/.gitignore" # nothing in it is part of the project
}

# The package, editable, with the extras given ("" or "[test,zensical]"), in the virtual environment.
install_package() {
  make_venv
  say "set-up: installing context-layers$1 in $VENV"
  "$VENV/bin/python" -m pip install -q -e ".$1"
}
