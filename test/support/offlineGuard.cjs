// Preloaded (NODE_OPTIONS=--require) into a command under test: the process exits
// with a marker if it loads miniprogram-ci, opens a TCP connection or starts npm
// (which would install something). Local sockets (tsx talks to its parent over
// one) and other child processes (esbuild, the shell of `npm run`) stay allowed.
const childProcess = require('node:child_process');
const Module = require('node:module');
const net = require('node:net');

function refuse(what) {
  process.stderr.write(`OFFLINE-GUARD: ${what}\n`);
  process.exit(97);
}

const load = Module._load;
Module._load = function guardedLoad(request, ...rest) {
  if (/(^|[/\\])miniprogram-ci([/\\]|$)/.test(request)) refuse(`loaded ${request}`);
  return load.call(this, request, ...rest);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  // A TCP connection names a port (as a number, or inside an options object); a local socket only a path.
  const port = typeof first === 'object' && first !== null ? first.port : first;
  const isTcp = typeof port === 'number' || (typeof port === 'string' && /^\d+$/.test(port));
  if (isTcp) refuse(`network connection to ${JSON.stringify({ host: first.host ?? args[1], port })}`);
  return connect.apply(this, args);
};

/** npm itself, its CLI script run by node, or a shell command line that starts npm. */
function startsNpm(words) {
  return words.some((word) => /(^|[/\\])npm(\.cmd)?$/.test(word) || /npm-cli\.c?js$/.test(word) || /(^|[\s;&|])npm(\.cmd)?\s/.test(word));
}
function guardSpawn(file, args) {
  const words = [file, ...(Array.isArray(args) ? args : [])].map(String);
  if (startsNpm(words)) refuse(`started npm: ${words.join(' ')}`);
}

// Every asynchronous child (spawn, exec, execFile, fork) starts through ChildProcess#spawn.
const spawnChild = childProcess.ChildProcess.prototype.spawn;
childProcess.ChildProcess.prototype.spawn = function guardedSpawn(options) {
  guardSpawn(options.file, options.args);
  return spawnChild.call(this, options);
};
// The synchronous ones call an internal function, so each exported one is wrapped.
for (const name of ['spawnSync', 'execFileSync']) {
  const original = childProcess[name];
  childProcess[name] = function guardedSync(file, args, ...rest) {
    guardSpawn(file, args);
    return original.call(this, file, args, ...rest);
  };
}
const execSync = childProcess.execSync;
childProcess.execSync = function guardedExecSync(command, ...rest) {
  guardSpawn(command, []);
  return execSync.call(this, command, ...rest);
};
