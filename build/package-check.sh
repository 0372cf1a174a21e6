#!/usr/bin/env bash
# Packaging check (CI runs it after the tests; it also runs alone): packs everything into a temporary folder, checks
# what is inside the packages, installs the rlarena tool into a temporary tool path and runs it, then builds and runs
# examples/HelloAgents against the packages only, then builds examples/Catch and examples/Gems the same way, runs
# their tests and trains Catch briefly with the installed tool and --plugin. Prints each stage with its time and exits non-zero at the first
# stage that fails, naming it ("package-check: FAILED at stage ...").
#
#   build/package-check.sh            # leaves nothing behind (set KEEP=1 to keep the temporary folder)
#
# Fresh packages, not cached ones: NuGet never rereads a package version it has restored once, and every pack here
# is version 0.1.0. So the tool is installed with its own empty NuGet packages folder and only the fresh packages
# as source, and the example restores into its own packages folder where only third-party packages (TorchSharp,
# SkiaSharp, ...) are linked from the machine's NuGet cache and RLArena's never are. Both are checked afterwards:
# the installed tool's and the example's RLArena assemblies must be byte-identical to those in the fresh packages.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/rlarena-package-check.XXXXXX")"
if [ "${KEEP:-}" = "1" ]; then echo "package-check: working in $tmp (kept)"; else trap 'rm -rf "$tmp"' EXIT; fi
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -n 1)"
artifacts="$tmp/artifacts"
log="$tmp/stage.log"
check_start=$(date +%s)

# run_stage NAME COMMAND...: runs the command with its output in a log; on failure prints the log's end and stops.
run_stage() {
  local name="$1"; shift
  local start=$(date +%s)
  if "$@" >"$log" 2>&1; then
    echo "package-check: $name ok ($(( $(date +%s) - start )) s)"
  else
    tail -n 40 "$log"
    echo "package-check: FAILED at stage '$name' (see above)"
    exit 1
  fi
}

# The file NAME inside the zip (nupkg) ZIP, as a sha256.
zip_sha() { unzip -p "$1" "$2" | sha256sum | cut -d' ' -f1; }
file_sha() { sha256sum "$1" | cut -d' ' -f1; }
# Whether the shim FILE has its GLIBCXX_3.4.32 requirement marked weak (readelf's output is read whole: a
# "readelf | grep -q" pipe can fail under pipefail when grep stops reading early).
is_weak() { local versions; versions="$(readelf -V "$1")" && [[ "$versions" == *"Name: GLIBCXX_3.4.32  Flags: WEAK"* ]]; }

stage_pack() {
  "$root/build/pack.sh" "$artifacts"
}

stage_inspect() {
  local p
  for p in RLArena.Core RLArena.Onnx RLArena.Engine RLArena.Environments RLArena.Agents RLArena.Viewer RLArena.Supervised rlarena rlarena.linux-x64; do
    [ -f "$artifacts/$p.$version.nupkg" ] || { echo "missing package $p.$version.nupkg"; return 1; }
  done
  local listing
  listing="$(unzip -Z1 "$artifacts/RLArena.Engine.$version.nupkg")"
  for entry in build/RLArena.Engine.targets buildTransitive/RLArena.Engine.targets README.md; do
    grep -qx "$entry" <<<"$listing" || { echo "RLArena.Engine lacks $entry"; return 1; }
  done
  # The packed targets are the repo's file, unchanged.
  [ "$(zip_sha "$artifacts/RLArena.Engine.$version.nupkg" buildTransitive/RLArena.Engine.targets)" = \
    "$(file_sha "$root/build/TorchSharpNativeFix.targets")" ] || { echo "packed targets differ from build/TorchSharpNativeFix.targets"; return 1; }
  grep -q '<license type="expression">MIT</license>' <(unzip -p "$artifacts/RLArena.Agents.$version.nupkg" RLArena.Agents.nuspec) \
    || { echo "RLArena.Agents.nuspec has no MIT license expression"; return 1; }
  local tool="$artifacts/rlarena.linux-x64.$version.nupkg"
  listing="$(unzip -Z1 "$tool")"
  grep -q '^tools/net10.0/linux-x64/configs/ppo/cartpole.yaml$' <<<"$listing" || { echo "the tool package lacks configs/"; return 1; }
  local shim
  shim="$(grep -m1 'libLibTorchSharp.so$' <<<"$listing")" || { echo "the tool package lacks libLibTorchSharp.so"; return 1; }
  # The tool's shim must be patched whatever machine packed it (the publish step always patches).
  if command -v readelf >/dev/null 2>&1; then
    unzip -p "$tool" "$shim" >"$tmp/libLibTorchSharp.so"
    is_weak "$tmp/libLibTorchSharp.so" \
      || { echo "$shim in the tool package is not patched (GLIBCXX_3.4.32 not weak)"; return 1; }
  fi
  local size
  for p in "$artifacts"/*.nupkg "$artifacts"/*.snupkg; do
    size=$(stat -c %s "$p")
    printf '  %-40s %s\n' "$(basename "$p")" "$(awk -v s="$size" 'BEGIN { if (s >= 1048576) printf "%.1f MiB", s / 1048576; else printf "%.0f KiB", s / 1024 }')"
  done
}

stage_tool_install() {
  # Only the fresh packages as source (the tool package has no dependencies) and an empty packages folder.
  cat >"$tmp/tool.nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="fresh" value="$artifacts" /></packageSources></configuration>
XML
  NUGET_PACKAGES="$tmp/tool-nuget-packages" dotnet tool install rlarena --version "$version" \
    --tool-path "$tmp/tools" --configfile "$tmp/tool.nuget.config" || return 1
  local installed
  installed="$(find "$tmp/tools/.store" -name rlarena.dll -path '*linux-x64*' | head -n 1)"
  [ -n "$installed" ] || { echo "no rlarena.dll under $tmp/tools/.store"; return 1; }
  [ "$(file_sha "$installed")" = "$(zip_sha "$artifacts/rlarena.linux-x64.$version.nupkg" tools/net10.0/linux-x64/rlarena.dll)" ] \
    || { echo "the installed rlarena.dll is not the freshly packed one"; return 1; }
}

stage_tool_info() {
  "$tmp/tools/rlarena" info
}

stage_tool_train() {
  "$tmp/tools/rlarena" train --algo ppo --env cartpole --steps 2048 --eval-episodes 2 --runs "$tmp/runs" || return 1
  ls "$tmp"/runs/*/checkpoint.ckpt >/dev/null 2>&1 || { echo "no checkpoint under $tmp/runs"; return 1; }
}

stage_example_build() {
  # A copy of examples/ next to the fresh packages, so its nuget.config's ../artifacts finds them: the example
  # builds as it would in a user's folder, outside the repo.
  mkdir -p "$tmp/examples"
  cp "$root/examples/nuget.config" "$root/examples/Directory.Build.props" "$root/examples/Directory.Packages.props" \
     "$root/examples/Directory.Build.targets" "$tmp/examples/"
  mkdir -p "$tmp/examples/HelloAgents"
  cp "$root/examples/HelloAgents/"*.cs "$root/examples/HelloAgents/"*.csproj "$root/examples/HelloAgents/"*.sln "$tmp/examples/HelloAgents/"
  # The example's packages folder: third-party packages linked from the machine's NuGet cache (no download of
  # libtorch again), RLArena's packages never, so they come from the fresh folder.
  local cache packages="$tmp/examples/.nuget-packages"
  cache="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')"
  mkdir -p "$packages"
  if [ -d "$cache" ]; then
    for d in "$cache"/*/; do
      case "$(basename "$d")" in rlarena|rlarena.*) continue ;; esac
      ln -s "${d%/}" "$packages/$(basename "$d")"
    done
  fi
  dotnet build "$tmp/examples/HelloAgents/HelloAgents.sln" -c Release --nologo -v quiet -clp:ErrorsOnly || return 1
  local built="$tmp/examples/HelloAgents/bin/Release/net10.0"
  [ "$(file_sha "$built/RLArena.Agents.dll")" = "$(zip_sha "$artifacts/RLArena.Agents.$version.nupkg" lib/net10.0/RLArena.Agents.dll)" ] \
    || { echo "HelloAgents was built with an RLArena.Agents.dll that is not the freshly packed one"; return 1; }
  [ -d "$packages/rlarena.agents/$version" ] && [ ! -L "$packages/rlarena.agents" ] \
    || { echo "RLArena.Agents was not restored into the example's own packages folder"; return 1; }
  # The native fix reached the app through RLArena.Agents -> RLArena.Engine (buildTransitive) ...
  grep -q 'rlarena.engine/'"$version"'/buildTransitive/RLArena.Engine.targets' "$tmp/examples/HelloAgents/obj/HelloAgents.csproj.nuget.g.targets" \
    || { echo "HelloAgents' build does not import RLArena.Engine's buildTransitive targets"; return 1; }
  # ... and patched the shim in the output where this machine needs it (Debian 12, Ubuntu 22.04).
  local system_lib=/usr/lib/x86_64-linux-gnu/libstdc++.so.6
  if command -v readelf >/dev/null 2>&1 && [ -f "$system_lib" ] && ! grep -q 'GLIBCXX_3\.4\.32' "$system_lib"; then
    is_weak "$built/runtimes/linux-x64/native/libLibTorchSharp.so" \
      || { echo "the shim in HelloAgents' output is not patched although $system_lib lacks GLIBCXX_3.4.32"; return 1; }
  fi
}

# copy_example NAME: the example's sources (no bin/, obj/, runs/ or GIFs) into the temporary examples/ folder.
copy_example() {
  mkdir -p "$tmp/examples/$1"
  (cd "$root/examples/$1" && find . \( -name bin -o -name obj -o -name runs \) -prune -o -type f \
     \( -name '*.cs' -o -name '*.csproj' -o -name '*.sln' -o -name '*.yaml' \) -exec cp --parents {} "$tmp/examples/$1/" \;)
}

stage_game_examples_build() {
  # Same packages folder and nuget.config as HelloAgents (stage_example_build made them).
  local name game
  for name in Catch Gems; do
    copy_example "$name"
    dotnet build "$tmp/examples/$name/$name.sln" -c Release --nologo -v quiet -clp:ErrorsOnly || return 1
    game="$tmp/examples/$name/$name.Game/bin/Release/net10.0"
    [ -f "$game/$name.Game.dll" ] || { echo "no $name.Game.dll in $game"; return 1; }
    # The plugin is torch-free: only RLArena.Environments (and RLArena.Core) behind it.
    ! grep -q 'TorchSharp' "$game/$name.Game.deps.json" || { echo "$name.Game depends on TorchSharp; a game plugin should reference RLArena.Environments only"; return 1; }
    [ "$(file_sha "$tmp/examples/$name/$name/bin/Release/net10.0/RLArena.Agents.dll")" = "$(zip_sha "$artifacts/RLArena.Agents.$version.nupkg" lib/net10.0/RLArena.Agents.dll)" ] \
      || { echo "examples/$name was built with an RLArena.Agents.dll that is not the freshly packed one"; return 1; }
  done
}

stage_game_examples_test() {
  local name
  for name in Catch Gems; do
    dotnet test "$tmp/examples/$name/$name.Tests/$name.Tests.csproj" -c Release --no-build --nologo -v quiet || return 1
  done
}

stage_tool_train_plugin() {
  "$tmp/tools/rlarena" train --plugin "$tmp/examples/Catch/Catch.Game/bin/Release/net10.0/Catch.Game.dll" --env catch \
    --config "$tmp/examples/Catch/ppo.yaml" --steps 2048 --eval-episodes 2 --runs "$tmp/runs-plugin" || return 1
  ls "$tmp"/runs-plugin/catch__ppo__*/checkpoint.ckpt >/dev/null 2>&1 || { echo "no catch checkpoint under $tmp/runs-plugin"; return 1; }
}

stage_example_run() {
  local out
  out="$(dotnet "$tmp/examples/HelloAgents/bin/Release/net10.0/HelloAgents.dll" 2>&1)" || { echo "$out"; return 1; }
  echo "$out"
  grep -q '^torch: sum of 1..4 = 10 ' <<<"$out" && grep -q '^cartpole: ' <<<"$out" && grep -q '^ppo: 4 updates, 2048 steps$' <<<"$out" \
    || { echo "HelloAgents printed something unexpected"; return 1; }
}

run_stage "pack" stage_pack
run_stage "inspect packages" stage_inspect
sed -n 's/^  /package-check:   /p' "$log"
run_stage "install the tool" stage_tool_install
run_stage "rlarena info" stage_tool_info
run_stage "rlarena train (ppo, cartpole, 2048 steps)" stage_tool_train
run_stage "build examples/HelloAgents" stage_example_build
run_stage "run examples/HelloAgents" stage_example_run
sed 's/^/package-check:   /' "$log"
run_stage "build examples/Catch and examples/Gems" stage_game_examples_build
run_stage "test examples/Catch and examples/Gems" stage_game_examples_test
run_stage "rlarena train --plugin Catch.Game.dll (2048 steps)" stage_tool_train_plugin
echo "package-check: all stages passed in $(( $(date +%s) - check_start )) s"
