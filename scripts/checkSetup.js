// Run by npm before anything that needs tsx (npm run build's prebuild, so also
// before npm start and npm test): says in one line what to do when this Node is
// older than package.json's engines allow, or when npm install has not run yet,
// instead of a stack trace from deep inside a tool. So it is plain ES5 that any
// Node parses (ESLint holds it to that), with no dependencies.
'use strict';
var fs = require('fs');
var path = require('path');

var ROOT = path.join(__dirname, '..');

/** "^20.19.0 || ^22.13.0 || >=24" as [{ major, minor, patch, caret }], or null for a form not read here. */
function parseEngines(range) {
  var parts = range.split('||');
  var alternatives = [];
  for (var i = 0; i < parts.length; i++) {
    var match = /^\s*(\^|>=)(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(parts[i]);
    if (match === null) return null;
    alternatives.push({ caret: match[1] === '^', major: +match[2], minor: +(match[3] || 0), patch: +(match[4] || 0) });
  }
  return alternatives;
}

function satisfies(version, alternatives) {
  var v = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (v === null) return false;
  var major = +v[1];
  var minor = +v[2];
  var patch = +v[3];
  for (var i = 0; i < alternatives.length; i++) {
    var a = alternatives[i];
    var atLeast = major > a.major || (major === a.major && (minor > a.minor || (minor === a.minor && patch >= a.patch)));
    if (atLeast && (!a.caret || major === a.major)) return true;
  }
  return false;
}

/** "20.19+ (22.13+, 24+)": the versions the engines allow, as a person says them. */
function describeEngines(alternatives) {
  var names = [];
  for (var i = 0; i < alternatives.length; i++) {
    var a = alternatives[i];
    names.push(a.major + (a.minor > 0 || a.patch > 0 ? '.' + a.minor : '') + (a.patch > 0 ? '.' + a.patch : '') + '+');
  }
  return names[0] + (names.length > 1 ? ' (' + names.slice(1).join(', ') + ')' : '');
}

/** What is wrong with this setup, in one line, or null. */
function setupProblem(version, root) {
  var engines = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node;
  var alternatives = parseEngines(engines);
  if (alternatives === null)
    return 'scripts/checkSetup.js cannot read engines "' + engines + '" in package.json: write it as ^x.y.z || >=x';
  if (!satisfies(version, alternatives)) {
    return (
      'This project needs Node ' +
      describeEngines(alternatives) +
      '; this is Node ' +
      version +
      ' (package.json engines: ' +
      engines +
      '). Install a newer Node, then run npm install again.'
    );
  }
  if (!fs.existsSync(path.join(root, 'node_modules', 'tsx', 'package.json'))) {
    return 'Run npm install first: node_modules/ has no tsx, which builds and runs everything here.';
  }
  return null;
}

module.exports = { describeEngines: describeEngines, parseEngines: parseEngines, setupProblem: setupProblem };

if (require.main === module) {
  var problem = setupProblem(process.version, ROOT);
  if (problem !== null) {
    process.stderr.write(problem + '\n');
    process.exitCode = 2;
  }
}
