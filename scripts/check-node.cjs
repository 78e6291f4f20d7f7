// Preflight run before `npm install` and every npm script: refuses, in one line, a Node.js older than the one
// the project needs (its scripts run TypeScript with Node's own type stripping, new in Node 22.18).
// Plain old JavaScript on purpose: it must itself run on any Node.js, however old.
"use strict";

var REQUIRED = [22, 18];

function isSupported(version) {
  var parts = String(version).replace(/^v/, "").split(".");
  var major = Number(parts[0]);
  var minor = Number(parts[1]);
  return major > REQUIRED[0] || (major === REQUIRED[0] && minor >= REQUIRED[1]);
}

if (!isSupported(process.version)) {
  process.stderr.write(
    "This project needs Node.js " +
      REQUIRED.join(".") +
      " or newer; this is Node.js " +
      process.version +
      ". Run `nvm use` (or install the version in .nvmrc) and try again.\n",
  );
  process.exit(1);
}
