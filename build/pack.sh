#!/usr/bin/env bash
# Packs RLArena: the seven library packages (RLArena.Core, .Onnx, .Engine, .Environments, .Agents, .Viewer, .Supervised, each
# with its .snupkg) and the rlarena .NET tool (the pointer package "rlarena" and "rlarena.linux-x64", which holds the
# files). Test projects and bench are not packable. The version is the one in Directory.Build.props.
#
#   build/pack.sh              # into ./artifacts (gitignored)
#   build/pack.sh /some/dir    # into another folder
#
# A package version that was restored once is cached by NuGet and never read again, so after repacking the same
# version, consumers must restore into a packages folder that does not hold the old copy. examples/ uses its own
# folder (examples/.nuget-packages); this script deletes RLArena's packages from it so the next restore takes the
# fresh ones. Nothing is deleted from your global NuGet cache (~/.nuget/packages).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/artifacts}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# Remove this version's old packages first, so the folder holds only what this run made.
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -n 1)"
rm -f "$out"/RLArena.*."$version".nupkg "$out"/RLArena.*."$version".snupkg "$out"/rlarena."$version".nupkg \
      "$out"/rlarena.*."$version".nupkg

start=$(date +%s)
# One pack of the solution: projects with IsPackable=false (tests) are skipped, not built. The folder is given as
# PackageOutputPath (the property behind -o) because -o is meant for a single project.
dotnet pack "$root/RLArena.sln" -c Release -p:PackageOutputPath="$out/" --nologo -v quiet -clp:ErrorsOnly
echo "pack: done in $(( $(date +%s) - start )) s; packages in $out:"
ls -l "$out" | sed -n 's/.* \([0-9][0-9]*\) [A-Z][a-z][a-z] .* \(.*nupkg\)$/  \2  \1 bytes/p'

# Stale copies in the examples' packages folder would shadow the fresh packages: drop them. Also drop each example
# project's restore record (obj/project.nuget.cache): otherwise, once one example has restored the fresh packages,
# the others' restores count as up to date and keep their old dependency graph (a package's new dependency, such as
# System.IO.Hashing for RLArena.Engine, would then be missing from their output).
rm -rf "$root/examples/.nuget-packages"/rlarena.*
find "$root/examples" -path '*/obj/project.nuget.cache' -delete
