// Way 3 of running the function: the built index.js inside whichever Node runs
// this file, in particular the Node 12 and 16 WeChat Cloud offers, where jest
// cannot run. test/runtimes/testRuntimes.ts starts it under each runtime and checks
// what it reports against contractCases.ts. So it is plain CommonJS that Node 12
// parses (ESLint holds it to ES2019), with no dependencies.
//
//   node runtimeRunner.cjs <bundle.js>  < {"loadEnv": {...}, "cases": [{"name", "env", "event", "revokedProxyEvent"?}]}
//
// The bundle is required once, with loadEnv set (its module scope runs
// cloud.init, as a cold start does); the cases then run one after another, as
// calls to one warm instance, each with its own environment (null removes a
// variable). What the function logs is captured per case, so stdout carries only
// the report, one JSON line:
//   {"node", "loadError": null | text, "results": [{"name", "result" | "rejected": text, "logs": [text]}]}
'use strict';
const util = require('util');

const CASE_TIMEOUT_MS = 30000;

/** The event of a case: its JSON, or a revoked proxy, which no JSON can carry and which throws at every touch. */
function eventOf(contractCase) {
  if (contractCase.revokedProxyEvent !== true) return contractCase.event;
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  return revocable.proxy;
}

/** Sets the variables (null removes one); returns what puts the old values back. */
function setEnv(env) {
  const saved = {};
  const apply = function (values) {
    Object.keys(values).forEach(function (name) {
      if (values[name] === null || values[name] === undefined) delete process.env[name];
      else process.env[name] = values[name];
    });
  };
  Object.keys(env).forEach(function (name) {
    saved[name] = Object.prototype.hasOwnProperty.call(process.env, name) ? process.env[name] : null;
  });
  apply(env);
  return function () {
    apply(saved);
  };
}

function describeError(error) {
  return String((error && error.stack) || error);
}

function withTimeout(promise, ms) {
  let timer;
  const late = new Promise(function (_, reject) {
    timer = setTimeout(function () {
      reject(new Error('main gave no answer in ' + ms + ' ms'));
    }, ms);
  });
  return Promise.race([promise, late]).then(
    function (value) {
      clearTimeout(timer);
      return value;
    },
    function (error) {
      clearTimeout(timer);
      throw error;
    },
  );
}

function readStdin() {
  return new Promise(function (resolve, reject) {
    const chunks = [];
    process.stdin.on('data', function (chunk) {
      chunks.push(chunk);
    });
    process.stdin.on('end', function () {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    process.stdin.on('error', reject);
  });
}

async function run(bundle) {
  const spec = JSON.parse(await readStdin());
  const report = { node: process.version, loadError: null, results: [] };
  // The function and the SDK log through console: each line goes to the case that made it, not to stdout.
  let logs = [];
  ['log', 'info', 'warn', 'error', 'debug', 'trace'].forEach(function (method) {
    console[method] = function () {
      logs.push(util.format.apply(util, arguments));
    };
  });

  setEnv(spec.loadEnv);
  let main;
  try {
    main = require(bundle).main;
    if (typeof main !== 'function') throw new Error(bundle + ' exports no main function');
  } catch (error) {
    report.loadError = describeError(error) + (logs.length > 0 ? '\nlogged while loading:\n' + logs.join('\n') : '');
    return report;
  }

  for (const contractCase of spec.cases) {
    logs = [];
    const restore = setEnv(contractCase.env);
    const entry = { name: contractCase.name };
    try {
      entry.result = await withTimeout(
        Promise.resolve().then(() => main(eventOf(contractCase))),
        CASE_TIMEOUT_MS,
      );
    } catch (error) {
      entry.rejected = describeError(error);
    } finally {
      restore();
    }
    entry.logs = logs;
    report.results.push(entry);
  }
  return report;
}

module.exports = { eventOf };

if (require.main === module) {
  run(require('path').resolve(process.argv[2])).then(
    function (report) {
      // Exit at once: the SDK keeps connections alive, which would hold the process open.
      process.stdout.write(JSON.stringify(report) + '\n', function () {
        process.exit(0);
      });
    },
    function (error) {
      process.stderr.write('runtimeRunner: ' + describeError(error) + '\n');
      process.exit(2);
    },
  );
}
