// `npm install` (the "prepare" script): point git at the repository's hooks (.githooks: the commit-msg check).
// Outside a git checkout (an unpacked tarball, a CI cache) there is nothing to do, and nothing fails.
import { spawnSync } from "node:child_process";

spawnSync("git", ["config", "core.hooksPath", ".githooks"], { stdio: "ignore" });
