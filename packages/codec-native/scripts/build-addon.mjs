#!/usr/bin/env node
// build-addon.mjs — builds the native addon with cmake-js (Release, node-api headers from the
// node-api-headers package: nothing is downloaded), incrementally; on failure prints what to install.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
if (process.env.CDD_SKIP_ADDON_BUILD === "1") {
  console.log("@cdd/codec-native: CDD_SKIP_ADDON_BUILD=1, not building the addon");
  process.exit(0);
}
const cmakeJs = join(pkg, "node_modules", "cmake-js", "bin", "cmake-js");
if (!existsSync(cmakeJs)) {
  console.error("@cdd/codec-native: cmake-js is not installed; run `pnpm install`.");
  process.exit(1);
}
// A configure that failed earlier leaves a cache without build files; cmake-js would then skip configure.
const buildDir = join(pkg, "build");
if (existsSync(join(buildDir, "CMakeCache.txt")) && !existsSync(join(buildDir, "build.ninja"))) {
  rmSync(join(buildDir, "CMakeCache.txt"));
}
const jobs = process.env.CDD_BUILD_JOBS ?? "2";
const args = [cmakeJs, "build", "--directory", pkg, "-G", "Ninja", "--parallel", jobs, "--config", "Release", "--target", "cdd_node"];
const res = spawnSync(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", cwd: pkg });
process.stdout.write(res.stdout ?? "");
process.stderr.write(res.stderr ?? "");
if (res.status !== 0) {
  const log = `${res.stdout}\n${res.stderr}`;
  const hints = [
    [/zstd/i, "libzstd-dev (vcpkg: zstd)"],
    [/lz4/i, "liblz4-dev (vcpkg: lz4)"],
    [/hwy|highway/i, "libhwy-dev (vcpkg: highway)"],
    [/blake3/i, "librust-blake3-dev (vcpkg: blake3)"],
    [/tbb/i, "libtbb-dev (vcpkg: tbb)"],
    [/ninja/i, "ninja-build"],
    [/CMAKE_CXX_COMPILER|No CMAKE_C/i, "g++ (build-essential)"],
    [/cmake: not found|ENOENT.*cmake/i, "cmake"],
  ].filter(([re]) => re.test(log) && /not found|could not find|missing|No such file|unable to find|ENOENT/i.test(log));
  console.error("\n@cdd/codec-native: building the native addon failed (a missing library is named by the CMake error above).");
  if (hints.length > 0) console.error(`It looks like a system package is missing: ${hints.map((h) => h[1]).join(", ")}.`);
  console.error("Debian: apt-get install cmake ninja-build g++ pkg-config libzstd-dev liblz4-dev libhwy-dev libtbb-dev librust-blake3-dev");
  process.exit(res.status ?? 1);
}
