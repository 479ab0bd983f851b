// Preloaded (NODE_OPTIONS=--require) into the deploy command under test: the
// process exits with a marker if it loads miniprogram-ci or opens a TCP
// connection. Local sockets (tsx talks to its parent over one) stay allowed.
const Module = require('node:module');
const net = require('node:net');

function refuse(what) {
  process.stderr.write(`OFFLINE-GUARD: ${what}\n`);
  process.exit(97);
}

const load = Module._load;
Module._load = function guardedLoad(request, ...rest) {
  if (request === 'miniprogram-ci' || request.startsWith('miniprogram-ci/')) refuse(`loaded ${request}`);
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
