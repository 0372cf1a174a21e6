#!/usr/bin/env bash
# Builds the documentation site into docs/_site: plain files that open from the file system (open
# docs/_site/index.html) and can be published as they are (GitHub Pages or any static host).
#
#   docs/build.sh            # build the site; warnings are errors (broken links and cross-references fail)
#
# Steps: build the CLI (Release), generate the pages that come from the code (every config key with its default and
# range, from `rlarena config keys NAME --markdown`; the catalogue of one-line errors, from docs/tools/
# error-catalog.cs), then `docfx metadata` (API reference from the XML doc comments of the six packages) and
# `docfx build`. docfx is a local dotnet tool (.config/dotnet-tools.json): `dotnet tool restore` installs it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
docs="$root/docs"
cd "$root"
start=$(date +%s)

dotnet tool restore >/dev/null
dotnet build src/Cli -c Release --nologo -v quiet -clp:ErrorsOnly
rlarena=(dotnet "$root/src/Cli/bin/Release/net10.0/rlarena.dll")

# Pages generated from the code (gitignored; regenerated on every build).
generated="$docs/generated"
rm -rf "$generated"
mkdir -p "$generated"
for name in ppo dqn sac mnist; do
  "${rlarena[@]}" config keys "$name" --markdown > "$generated/config-keys-$name.md"
done
dotnet run docs/tools/error-catalog.cs -- src "$generated/errors.md"

# docfx: metadata from the projects, then the site. --warningsAsErrors fails on broken links and cross-references.
rm -rf "$docs/_site" "$docs/api/"*.yml "$docs/api/.manifest"
cd "$docs"
dotnet tool run docfx -- metadata docfx.json --warningsAsErrors
dotnet tool run docfx -- build docfx.json --warningsAsErrors
echo "docs: site built in $(( $(date +%s) - start )) s: $docs/_site/index.html"
